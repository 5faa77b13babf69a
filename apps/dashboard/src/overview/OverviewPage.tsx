import { lazy, Suspense } from 'react';
import { Skeleton } from '../ui/data-states';
import { ActionLogTable } from './ActionLogTable';
import { DecisionPipelineVisual } from './DecisionPipelineVisual';
import { KpiStrip } from './KpiStrip';
import { MarketBalancesCard } from './MarketBalancesCard';
import { PriceChartCard } from './PriceChartCard';
import { RecentErrorsPanel } from './RecentErrorsPanel';
import { SignalEnsembleCard } from './SignalEnsembleCard';
import { SystemHealthCard } from './SystemHealthCard';
import { TradeEligibilityCard } from './TradeEligibilityCard';

// recharts is the largest library of the bundle: the page renders first, the chart follows.
const PnlChart = lazy(() => import('./PnlChart').then((m) => ({ default: m.PnlChart })));
// The observer charts its series with recharts too: loaded after the page, like the PnL chart.
const AnomalyObserverPanel = lazy(() =>
  import('../observer/AnomalyObserverPanel').then((m) => ({ default: m.AnomalyObserverPanel })),
);

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
          <Suspense fallback={<Skeleton rows={6} testId="pnl-chart-loading" />}>
            <PnlChart />
          </Suspense>
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
          <Suspense fallback={<Skeleton rows={6} testId="observer-loading" />}>
            <AnomalyObserverPanel />
          </Suspense>
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
