import { lazy, Suspense } from 'react';
import { Skeleton } from '../ui/data-states';
import { CircuitBreakerCard } from './CircuitBreakerCard';
import { CorrelationHeatmap } from './CorrelationHeatmap';
import { DailyPnlGauge } from './DailyPnlGauge';
import { ExecutionQualityCard } from './ExecutionQualityCard';
import { RateLimitBars } from './RateLimitBars';
import { ReconcileCard } from './ReconcileCard';
import { RiskLimitsCard } from './RiskLimitsCard';

const ExposurePie = lazy(() => import('./ExposurePie').then((m) => ({ default: m.ExposurePie })));

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
        <Suspense fallback={<Skeleton rows={4} testId="exposure-pie-loading" />}>
          <ExposurePie />
        </Suspense>
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
