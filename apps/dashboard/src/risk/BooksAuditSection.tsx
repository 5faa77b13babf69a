import type { AuditResult } from '@aurora/contracts';
import { ShieldCheck } from 'lucide-react';
import { describeError } from '../api/api-errors';
import { useAuditNow } from '../api/mutations';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { EmptyState, ErrorState } from '../ui/data-states';
import { Timestamp } from '../ui/figures';

const CHECK_NAMES: Record<AuditResult['violations'][number]['check'], string> = {
  A1: 'fills differ from the venue',
  A2: 'positions exceed the balance',
  A3: 'order state disagrees',
  A4: 'close not counted by risk',
  A5: 'clientOrderId on two orders',
};

/**
 * The latest books audit (the bot's books against the venue: A1–A5) inside the reconciliation
 * card: a verdict, what was checked, and each violation with its evidence. While any stands,
 * new entries are blocked (AUDIT); exits are not.
 */
export function BooksAuditSection({ audit }: { audit: AuditResult | null }) {
  const run = useAuditNow();
  const header = (
    <div className="flex flex-wrap items-center gap-3">
      <span className="flex items-center gap-1 font-semibold">
        <ShieldCheck size={12} /> Books audit
      </span>
      {audit ? (
        <>
          <Badge tone={audit.error ? 'warn' : audit.ok ? 'up' : 'down'} testId="audit-status">
            {audit.error ? 'NOT RUN' : audit.ok ? 'CLEAN' : `${audit.violations.length} VIOLATION(S)`}
          </Badge>
          <span className="text-muted">{audit.trigger.toLowerCase()}</span>
          <span>
            <Timestamp ms={audit.at} full /> UTC
          </span>
          <span className="text-muted" data-testid="audit-checked">
            {audit.checked.positions} positions, {audit.checked.intents} orders of ours, {audit.checked.orders} venue
            orders, {audit.checked.assets} assets checked; {audit.skipped} in flight
          </span>
        </>
      ) : null}
      <Button data-testid="audit-now" disabled={run.isPending} onClick={() => run.mutate()}>
        Audit now
      </Button>
    </div>
  );
  return (
    <div className="flex flex-col gap-2 border-t border-edge pt-2 text-xs" data-testid="books-audit">
      {header}
      {run.error ? <ErrorState message={describeError(run.error)} /> : null}
      {!audit ? (
        <EmptyState>The books audit runs after every reconciliation and is reported here.</EmptyState>
      ) : audit.error ? (
        <p className="text-drift">{audit.error}</p>
      ) : audit.violations.length === 0 ? (
        <p className="text-muted">The bot's books agree with the venue.</p>
      ) : (
        <>
          <p className="text-down">New entries are blocked until an audit is clean; exits still run.</p>
          <table className="data" data-testid="audit-violations">
            <thead>
              <tr>
                <th>Check</th>
                <th>Symbol</th>
                <th>Ref</th>
                <th>Evidence</th>
              </tr>
            </thead>
            <tbody>
              {audit.violations.map((v) => (
                <tr key={`${v.check}-${v.ref}-${v.detail}`}>
                  <td className="text-down" title={CHECK_NAMES[v.check]}>
                    {v.check} <span className="text-muted">{CHECK_NAMES[v.check]}</span>
                  </td>
                  <td>{v.symbol ?? ''}</td>
                  <td className="max-w-[10rem] truncate" title={v.ref}>
                    {v.ref}
                  </td>
                  <td className="max-w-xs whitespace-normal">{v.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
