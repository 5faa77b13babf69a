import { Timer } from 'lucide-react';
import { useConfig } from '../api/queries';
import { useServerNow } from '../live/server-clock';
import { Badge } from '../ui/Badge';
import { Card } from '../ui/Card';
import { WithState } from '../ui/data-views';
import { Age, Num, Timestamp } from '../ui/figures';

interface Fractions {
  warn: number;
  delay: number;
}

function UsageBar({
  label,
  used,
  limit,
  fractions,
  testId,
}: {
  label: string;
  used: number;
  limit: number;
  fractions: Fractions | null;
  testId: string;
}) {
  const share = limit > 0 ? Math.min(1, used / limit) : 0;
  // The bot's own thresholds (rate_limit.warn_fraction / delay_fraction) colour the bar.
  const tone = !fractions
    ? 'bg-accent'
    : share >= fractions.delay
      ? 'bg-down'
      : share >= fractions.warn
        ? 'bg-warn'
        : 'bg-up';
  return (
    <div data-testid={testId}>
      <div className="mb-0.5 flex justify-between text-xs">
        <span className="text-muted" data-static-label="">
          {label}
        </span>
        <span>
          <Num value={used} testId={`${testId}-used`} /> <span className="text-muted">/</span>{' '}
          <Num value={limit} />
        </span>
      </div>
      <div className="h-2 overflow-hidden rounded bg-edge/60">
        <div className={`h-full ${tone}`} style={{ width: `${share * 100}%` }} />
      </div>
    </div>
  );
}

/** Binance request-weight and order-count usage, as the bot's limiter tracks them. */
export function RateLimitBars() {
  const now = useServerNow();
  const config = useConfig();
  const rlc = config.data?.config.rate_limit;
  const fractions = rlc ? { warn: rlc.warn_fraction, delay: rlc.delay_fraction } : null;
  return (
    <Card title="Rate limits" icon={<Timer size={14} />} testId="card-rate-limits">
      <WithState rows={4}>
        {(state) => {
          const rl = state.rate_limits;
          return (
            <div className="flex flex-col gap-3">
              <UsageBar
                label="Request weight / 1 min"
                used={rl.used_weight_1m}
                limit={rl.weight_limit_1m}
                fractions={fractions}
                testId="rl-weight"
              />
              <UsageBar
                label="Orders / 10 s"
                used={rl.order_count_10s}
                limit={rl.order_limit_10s}
                fractions={fractions}
                testId="rl-orders-10s"
              />
              <UsageBar
                label="Orders / 1 day"
                used={rl.order_count_1d}
                limit={rl.order_limit_1d}
                fractions={fractions}
                testId="rl-orders-1d"
              />
              <div className="flex flex-wrap items-center gap-2 text-xs">
                {rl.rate_limited ? (
                  <Badge tone="down">RATE LIMITED</Badge>
                ) : (
                  <Badge tone="up">within limits</Badge>
                )}
                {rl.banned_until !== null ? (
                  <Badge tone="down">
                    banned until <Timestamp ms={rl.banned_until} />
                  </Badge>
                ) : null}
                {rl.retry_after_until !== null ? (
                  <Badge tone="warn">
                    retry after <Timestamp ms={rl.retry_after_until} />
                  </Badge>
                ) : null}
                <span className="text-muted">
                  delayed requests <Num value={rl.delayed_requests} />
                </span>
                <span className="ml-auto text-muted">
                  updated <Age since={rl.updated_at} now={now} /> ago
                </span>
              </div>
            </div>
          );
        }}
      </WithState>
    </Card>
  );
}
