import { ActionLogTable } from './ActionLogTable';
import { DecisionPipelineVisual } from './DecisionPipelineVisual';
import { KpiStrip } from './KpiStrip';
import { MarketBalancesCard } from './MarketBalancesCard';
import { AnomalyObserverPanel } from '../observer/AnomalyObserverPanel';
import { PnlChart } from './PnlChart';
import { PriceChartCard } from './PriceChartCard';
import { RecentErrorsPanel } from './RecentErrorsPanel';
import { SignalEnsembleCard } from './SignalEnsembleCard';
import { SystemHealthCard } from './SystemHealthCard';
import { TradeEligibilityCard } from './TradeEligibilityCard';

export function OverviewPage() {
  return (
    <div className="flex flex-col gap-3">
      <KpiStrip />
      <div className="grid grid-cols-12 gap-3">
        <div className="col-span-12 xl:col-span-8">
          <PriceChartCard />
        </div>
        <div className="col-span-12 xl:col-span-4">
          <MarketBalancesCard />
        </div>
        <div className="col-span-12 lg:col-span-6 xl:col-span-5">
          <PnlChart />
        </div>
        <div className="col-span-12 lg:col-span-6 xl:col-span-3">
          <SystemHealthCard />
        </div>
        <div className="col-span-12 lg:col-span-6 xl:col-span-4">
          <SignalEnsembleCard />
        </div>
        <div className="col-span-12 xl:col-span-8">
          <DecisionPipelineVisual />
        </div>
        <div className="col-span-12 lg:col-span-6 xl:col-span-4">
          <TradeEligibilityCard />
        </div>
        <div className="col-span-12">
          <AnomalyObserverPanel />
        </div>
        <div className="col-span-12 xl:col-span-8">
          <ActionLogTable />
        </div>
        <div className="col-span-12 lg:col-span-6 xl:col-span-4">
          <RecentErrorsPanel />
        </div>
      </div>
    </div>
  );
}
