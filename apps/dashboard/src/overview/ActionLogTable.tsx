import { useState } from 'react';
import { ScrollText } from 'lucide-react';
import { PAGE_SIZE, useControlActions, useTrades } from '../api/queries';
import { ControlActionsTable } from '../tables/ControlActionsTable';
import { TradesTable } from '../tables/TradesTable';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/data-states';
import { QueryView } from '../ui/data-views';
import { Pagination } from '../ui/Pagination';

type Tab = 'trades' | 'actions';

/** Trades and control actions, each paged by the API. */
export function ActionLogTable() {
  const [tab, setTab] = useState<Tab>('trades');
  const [tradesOffset, setTradesOffset] = useState(0);
  const [actionsOffset, setActionsOffset] = useState(0);
  const trades = useTrades(tradesOffset);
  const actions = useControlActions(actionsOffset);

  const tabButton = (t: Tab, label: string) => (
    <button
      type="button"
      data-testid={`action-log-tab-${t}`}
      aria-pressed={tab === t}
      onClick={() => setTab(t)}
      className={`rounded px-2 py-0.5 text-xs ${tab === t ? 'bg-raised text-fg' : 'text-muted hover:text-fg'}`}
    >
      {label}
    </button>
  );

  return (
    <Card
      title="Action log"
      icon={<ScrollText size={14} />}
      testId="card-action-log"
      actions={
        <>
          {tabButton('trades', 'Trades')}
          {tabButton('actions', 'Control actions')}
        </>
      }
    >
      {tab === 'trades' ? (
        <QueryView query={trades} rows={5}>
          {(page) =>
            page.items.length === 0 ? (
              <EmptyState>Fills appear here as the exchange reports them.</EmptyState>
            ) : (
              <>
                <TradesTable trades={page.items} compact />
                <Pagination
                  offset={tradesOffset}
                  pageSize={PAGE_SIZE}
                  total={page.total}
                  onOffset={setTradesOffset}
                  testId="action-log-trades-pages"
                />
              </>
            )
          }
        </QueryView>
      ) : (
        <QueryView query={actions} rows={5}>
          {(page) =>
            page.items.length === 0 ? (
              <EmptyState>
                Pause, resume, kill, mode switches and config changes are recorded here.
              </EmptyState>
            ) : (
              <>
                <ControlActionsTable actions={page.items} />
                <Pagination
                  offset={actionsOffset}
                  pageSize={PAGE_SIZE}
                  total={page.total}
                  onOffset={setActionsOffset}
                  testId="action-log-actions-pages"
                />
              </>
            )
          }
        </QueryView>
      )}
    </Card>
  );
}
