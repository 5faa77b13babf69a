import { CircuitBreakerCard } from './CircuitBreakerCard';
import { CorrelationHeatmap } from './CorrelationHeatmap';
import { DailyPnlGauge } from './DailyPnlGauge';
import { ExecutionQualityCard } from './ExecutionQualityCard';
import { ExposurePie } from './ExposurePie';
import { RateLimitBars } from './RateLimitBars';
import { ReconcileCard } from './ReconcileCard';
import { RiskLimitsCard } from './RiskLimitsCard';

export function RiskPage() {
  return (
    <div className="grid grid-cols-12 gap-3">
      <div className="col-span-12 md:col-span-6 xl:col-span-3">
        <DailyPnlGauge />
      </div>
      <div className="col-span-12 md:col-span-6 xl:col-span-3">
        <CircuitBreakerCard />
      </div>
      <div className="col-span-12 md:col-span-6 xl:col-span-3">
        <ExposurePie />
      </div>
      <div className="col-span-12 md:col-span-6 xl:col-span-3">
        <RateLimitBars />
      </div>
      <div className="col-span-12 xl:col-span-8">
        <RiskLimitsCard />
      </div>
      <div className="col-span-12 xl:col-span-4">
        <CorrelationHeatmap />
      </div>
      <div className="col-span-12 xl:col-span-7">
        <ExecutionQualityCard />
      </div>
      <div className="col-span-12 xl:col-span-5">
        <ReconcileCard />
      </div>
    </div>
  );
}
