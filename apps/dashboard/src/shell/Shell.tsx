import { lazy, Suspense } from 'react';
import { LogOut, Orbit } from 'lucide-react';
import { ControlPanel } from './ControlPanel';
import { GlobalTruthHeader } from './GlobalTruthHeader';
import { ROUTE_LABEL, ROUTES, useHashRoute, type Route } from './hash-route';
import { useHeartbeat } from './heartbeat';
import { useDocumentTitle } from './document-title';
import { DisconnectedBanner, MarketFeedBanner, NoGoBanner } from './StatusBanners';
import { Skeleton } from '../ui/data-states';

// One chunk per page: the first page downloads only its own code (and its charts load after it,
// see OverviewPage), not every page's and every chart library's.
const OverviewPage = lazy(() => import('../overview/OverviewPage').then((m) => ({ default: m.OverviewPage })));
const PositionsPage = lazy(() => import('../positions/PositionsPage').then((m) => ({ default: m.PositionsPage })));
const RiskPage = lazy(() => import('../risk/RiskPage').then((m) => ({ default: m.RiskPage })));
const HistoryPage = lazy(() => import('../history/HistoryPage').then((m) => ({ default: m.HistoryPage })));
const DecisionsPage = lazy(() => import('../history/DecisionsPage').then((m) => ({ default: m.DecisionsPage })));
const BacktestsPage = lazy(() => import('../backtests/BacktestsPage').then((m) => ({ default: m.BacktestsPage })));
const ResearchPage = lazy(() => import('../research/ResearchPage').then((m) => ({ default: m.ResearchPage })));
const SettingsPage = lazy(() => import('../settings/SettingsPage').then((m) => ({ default: m.SettingsPage })));

function Page({ route }: { route: Route }) {
  switch (route) {
    case 'overview':
      return <OverviewPage />;
    case 'positions':
      return <PositionsPage />;
    case 'risk':
      return <RiskPage />;
    case 'history':
      return <HistoryPage />;
    case 'decisions':
      return <DecisionsPage />;
    case 'backtests':
      return <BacktestsPage />;
    case 'research':
      return <ResearchPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

export function Shell({ onSignOut }: { onSignOut: () => void }) {
  const route = useHashRoute();
  useHeartbeat();
  useDocumentTitle();
  return (
    <div className="flex min-h-screen flex-col">
      <div className="sticky top-0 z-30 border-b border-edge bg-panel/95 backdrop-blur">
        <div className="flex h-11 items-center gap-4 border-b border-edge px-4">
          <div className="flex items-center gap-2 font-semibold whitespace-nowrap">
            <Orbit size={18} className="text-warn" />
            Aurora <span className="text-muted">Spot Nexus</span>
          </div>
          <nav className="flex items-center gap-0.5" aria-label="Pages">
            {ROUTES.map((r) => (
              <a
                key={r}
                href={`#/${r}`}
                data-testid={`nav-${r}`}
                aria-current={r === route ? 'page' : undefined}
                className={`rounded px-2 py-1 text-xs font-medium whitespace-nowrap ${
                  r === route ? 'bg-raised text-fg' : 'text-muted hover:text-fg'
                }`}
              >
                {ROUTE_LABEL[r]}
              </a>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3">
            <ControlPanel />
            <button
              type="button"
              onClick={onSignOut}
              title="Forget the token"
              aria-label="Sign out"
              className="text-muted hover:text-fg"
            >
              <LogOut size={15} />
            </button>
          </div>
        </div>
        <GlobalTruthHeader />
        <NoGoBanner />
        <MarketFeedBanner />
        <DisconnectedBanner />
      </div>
      <main data-testid={`page-${route}`} className="mx-auto w-full max-w-[1880px] flex-1 p-3">
        <Suspense fallback={<Skeleton rows={6} testId="page-loading" />}>
          <Page route={route} />
        </Suspense>
      </main>
    </div>
  );
}
