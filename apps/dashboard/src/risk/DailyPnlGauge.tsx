import { Gauge } from 'lucide-react';
import type { RiskMode } from '@aurora/contracts';
import { useConfig } from '../api/queries';
import { Card } from '../ui/Card';
import { WithState } from '../ui/data-views';
import { Dec, Num } from '../ui/figures';

/** The colour follows the risk engine's own mode, which already applies the thresholds. */
const MODE_COLOR: Record<RiskMode, string> = {
  Normal: '#0ecb81',
  Elevated: '#f0b90b',
  Critical: '#ff8a3d',
  CircuitBroken: '#f6465d',
};

const R = 80;
const CX = 100;
const CY = 95;

/** A point on the upper half circle for a share in 0..1 (0 = left end). */
function point(share: number): [number, number] {
  const angle = Math.PI * (1 - share);
  return [CX + R * Math.cos(angle), CY - R * Math.sin(angle)];
}

function arc(from: number, to: number): string {
  const [x1, y1] = point(from);
  const [x2, y2] = point(to);
  return `M ${x1} ${y1} A ${R} ${R} 0 0 1 ${x2} ${y2}`;
}

/** How much of today's loss limit is used (drawing only), with the elevated / critical marks. */
export function DailyPnlGauge() {
  const config = useConfig();
  const thresholds = config.data?.config.risk;
  return (
    <Card title="Equity change today vs loss limit" icon={<Gauge size={14} />} testId="card-daily-pnl-gauge">
      <WithState rows={5}>
        {(state) => {
          const r = state.risk;
          const used =
            r.max_daily_loss_pct > 0
              ? (r.max_daily_loss_pct - r.remaining_daily_loss_pct) / r.max_daily_loss_pct
              : 0;
          const share = Math.min(1, Math.max(0, used));
          const color = MODE_COLOR[r.risk_mode];
          return (
            <div
              className="flex flex-col items-center"
              data-testid="daily-pnl-gauge"
              data-risk-mode={r.risk_mode}
            >
              <svg
                viewBox="0 0 200 110"
                className="w-full max-w-xs"
                role="img"
                aria-label="Daily loss limit used"
              >
                <path d={arc(0, 1)} stroke="#2b3139" strokeWidth={14} fill="none" strokeLinecap="round" />
                {share > 0 ? (
                  <path d={arc(0, share)} stroke={color} strokeWidth={14} fill="none" strokeLinecap="round" />
                ) : null}
                {thresholds
                  ? [thresholds.elevated_at_loss_used_pct, thresholds.critical_at_loss_used_pct].map(
                      (pct, i) => {
                        const [x1, y1] = point(pct / 100);
                        const [x2, y2] = [CX + (x1 - CX) * 1.18, CY + (y1 - CY) * 1.18];
                        return (
                          <line
                            key={i}
                            x1={x1}
                            y1={y1}
                            x2={x2}
                            y2={y2}
                            stroke={i === 0 ? '#f0b90b' : '#ff8a3d'}
                            strokeWidth={2}
                          />
                        );
                      },
                    )
                  : null}
              </svg>
              <div className="-mt-10 text-center">
                <div className="text-2xl font-semibold" style={{ color }}>
                  <Num
                    value={r.equity_change_today_pct}
                    dp={2}
                    signed
                    suffix="%"
                    testId="gauge-equity-change-pct"
                  />
                </div>
                <div className="text-xs text-muted">
                  <Dec value={r.equity_change_today} dp={2} signed colored testId="gauge-equity-change" />{' '}
                  {state.quote_asset}
                </div>
              </div>
              <dl className="mt-3 grid w-full grid-cols-3 gap-2 text-center text-xs">
                <div>
                  <dt className="text-muted">Loss limit</dt>
                  <dd>
                    <Num value={r.max_daily_loss_pct} suffix="%" testId="gauge-max-loss" />
                  </dd>
                </div>
                <div>
                  <dt className="text-muted">Remaining</dt>
                  <dd>
                    <Num value={r.remaining_daily_loss_pct} dp={2} suffix="%" testId="gauge-remaining" />
                  </dd>
                </div>
                <div>
                  <dt className="text-muted">Risk mode</dt>
                  <dd className="font-semibold" style={{ color }} data-testid="gauge-risk-mode">
                    {r.risk_mode}
                  </dd>
                </div>
              </dl>
            </div>
          );
        }}
      </WithState>
    </Card>
  );
}
