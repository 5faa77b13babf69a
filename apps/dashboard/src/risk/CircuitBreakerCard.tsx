import type { ReactNode } from 'react';
import { Zap } from 'lucide-react';
import type { BreakerState } from '@aurora/contracts';
import { useServerNow } from '../live/server-clock';
import { Card } from '../ui/Card';
import { WithState } from '../ui/data-views';
import { Duration, Num, Timestamp } from '../ui/figures';

const LIGHT: Record<BreakerState, { color: string; label: string }> = {
  Closed: { color: 'bg-up', label: 'Closed — trading allowed' },
  HalfOpen: { color: 'bg-warn', label: 'Half-open — one reduced trial trade' },
  Open: { color: 'bg-down', label: 'Open — no new entries' },
};

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-2 border-b border-edge/50 py-1 text-xs last:border-0">
      <span className="text-muted">{label}</span>
      <span>{children}</span>
    </div>
  );
}

export function CircuitBreakerCard() {
  const now = useServerNow();
  return (
    <Card title="Circuit breaker" icon={<Zap size={14} />} testId="card-circuit-breaker">
      <WithState rows={5}>
        {(state) => {
          const b = state.risk.circuit_breaker;
          const r = state.risk;
          return (
            <div data-testid="breaker" data-state={b.state}>
              <div className="mb-3 flex items-center gap-3">
                <div className="flex flex-col gap-1 rounded-md border border-edge bg-bg p-1.5">
                  {(['Open', 'HalfOpen', 'Closed'] as const).map((s) => (
                    <span
                      key={s}
                      className={`h-3.5 w-3.5 rounded-full ${b.state === s ? LIGHT[s].color : 'bg-edge/60'}`}
                    />
                  ))}
                </div>
                <div>
                  <div className="text-sm font-semibold" data-testid="breaker-state">
                    {b.state}
                  </div>
                  <div className="text-xs text-muted">{LIGHT[b.state].label}</div>
                </div>
              </div>
              <Row label="Reason">
                <span data-testid="breaker-reason">{b.reason ?? '—'}</span>
              </Row>
              <Row label="Automatic trip (reset breaker clears it)">
                <span data-testid="breaker-automatic-reason">{b.automatic_reason ?? '—'}</span>
              </Row>
              <Row label="Tripped at">
                <Timestamp ms={b.tripped_at} full />
              </Row>
              <Row label="Next attempt">
                <Timestamp ms={b.next_attempt_at} full testId="breaker-next-attempt" />
                {b.next_attempt_at !== null && now !== null && b.next_attempt_at > now ? (
                  <span className="ml-1 text-muted">
                    (in <Duration ms={b.next_attempt_at - now} source={String(b.next_attempt_at)} />)
                  </span>
                ) : null}
              </Row>
              <Row label="Half-open trial in flight">{b.half_open_trial_in_flight ? 'yes' : 'no'}</Row>
              <Row label="Consecutive losses">
                <Num value={r.consecutive_losses} testId="breaker-consecutive-losses" /> /{' '}
                <Num value={r.max_consecutive_losses} />
              </Row>
              <Row label="Trades today">
                <Num value={r.daily_trades_count} testId="breaker-daily-trades" /> /{' '}
                <Num value={r.max_daily_trades} />
              </Row>
            </div>
          );
        }}
      </WithState>
    </Card>
  );
}
