import { GitCompareArrows, RefreshCw } from 'lucide-react';
import { describeError } from '../api/api-errors';
import { useReconcileNow } from '../api/mutations';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { EmptyState, ErrorState } from '../ui/data-states';
import { WithState } from '../ui/data-views';
import { Num, Timestamp } from '../ui/figures';
import { BooksAuditSection } from './BooksAuditSection';

/**
 * The last reconciliation with the exchange, its drift, and a manual trigger (POST /reconcile);
 * below it, the books audit that follows every reconciliation, with each violation's evidence.
 */
export function ReconcileCard() {
  const reconcile = useReconcileNow();
  return (
    <Card
      title="Reconciliation"
      icon={<GitCompareArrows size={14} />}
      testId="card-reconcile"
      actions={
        <Button data-testid="reconcile-now" disabled={reconcile.isPending} onClick={() => reconcile.mutate()}>
          <RefreshCw size={12} className={reconcile.isPending ? 'animate-spin' : ''} /> Reconcile now
        </Button>
      }
    >
      {reconcile.error ? (
        <div className="mb-2">
          <ErrorState message={describeError(reconcile.error)} />
        </div>
      ) : null}
      <WithState rows={3}>
        {(state) => {
          const r = state.last_reconcile;
          if (!r)
            return (
              <div className="flex flex-col gap-2">
                <EmptyState>The start-up reconciliation with the exchange is reported here.</EmptyState>
                <BooksAuditSection audit={state.last_audit} />
              </div>
            );
          return (
            <div className="flex flex-col gap-2 text-xs">
              <div className="flex flex-wrap items-center gap-3">
                <Badge tone={r.ok ? (r.drift.length > 0 ? 'drift' : 'up') : 'down'} testId="reconcile-status">
                  {r.ok ? (r.drift.length > 0 ? 'DRIFT FIXED' : 'IN SYNC') : 'FAILED'}
                </Badge>
                <span className="text-muted">{r.trigger.toLowerCase()}</span>
                <span>
                  <Timestamp ms={r.finished_at} full /> UTC
                </span>
                <span className="text-muted">
                  took <Num value={r.duration_ms} dp={0} suffix="ms" />
                </span>
              </div>
              {r.error ? <p className="text-down">{r.error}</p> : null}
              {r.drift.length === 0 ? (
                <p className="text-muted">No drift between the bot's books and the exchange.</p>
              ) : (
                <table className="data" data-testid="reconcile-drift">
                  <thead>
                    <tr>
                      <th>Kind</th>
                      <th>Symbol</th>
                      <th>Detail</th>
                      <th>Action</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.drift.map((d, i) => (
                      <tr key={`${d.kind}-${d.ref ?? i}`}>
                        <td className="text-drift">{d.kind}</td>
                        <td>{d.symbol ?? ''}</td>
                        <td className="max-w-xs truncate whitespace-normal">{d.detail}</td>
                        <td className="text-muted">{d.action}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <BooksAuditSection audit={state.last_audit} />
            </div>
          );
        }}
      </WithState>
    </Card>
  );
}
