import type { ReactNode } from 'react';
import type { RiskMode } from '@aurora/contracts';
import { WithState } from '../ui/data-views';
import { Dec, Num } from '../ui/figures';

const RISK_MODE_TONE: Record<RiskMode, string> = {
  Normal: 'text-up',
  Elevated: 'text-warn',
  Critical: 'text-drift',
  CircuitBroken: 'text-down',
};

function Kpi({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <div data-testid={testId} className="min-w-0 rounded-lg border border-edge bg-panel px-3 py-2">
      <div className="truncate text-[11px] text-muted uppercase">{label}</div>
      <div className="mt-0.5 truncate text-lg font-semibold">{children}</div>
    </div>
  );
}

/**
 * The headline figures, straight from the snapshot's risk state and PnL. "Equity change today"
 * is the figure the daily loss limit judges (docs/ARCHITECTURE.md, "Today's PnL").
 */
export function KpiStrip() {
  return (
    <WithState rows={2}>
      {(state) => {
        const r = state.risk;
        return (
          <div className="grid grid-cols-3 gap-3 lg:grid-cols-6">
            <Kpi label={`Equity (${state.quote_asset})`} testId="kpi-equity">
              <Dec value={r.equity} dp={2} testId="kpi-equity-value" />
            </Kpi>
            <Kpi label="Equity change today" testId="kpi-equity-change">
              <Dec value={r.equity_change_today} dp={2} signed colored testId="kpi-equity-change-value" />{' '}
              <Num value={r.equity_change_today_pct} dp={2} signed colored suffix="%" className="text-sm" />
            </Kpi>
            <Kpi label="Realized today" testId="kpi-realized">
              <Dec value={state.pnl_today.realized_today} dp={2} signed colored testId="kpi-realized-value" />
            </Kpi>
            <Kpi label="Positions (incl. pending)" testId="kpi-open-positions">
              <Num value={r.open_positions_count} testId="kpi-open-positions-value" />
              <span className="text-sm text-muted">
                {' '}
                / <Num value={r.max_concurrent_positions} />
              </span>
            </Kpi>
            <Kpi label="Exposure" testId="kpi-exposure">
              <Dec value={r.total_exposure_usdt} dp={2} testId="kpi-exposure-value" />
            </Kpi>
            <Kpi label="Risk mode" testId="kpi-risk-mode">
              <span className={RISK_MODE_TONE[r.risk_mode]} data-testid="kpi-risk-mode-value">
                {r.risk_mode}
              </span>
            </Kpi>
          </div>
        );
      }}
    </WithState>
  );
}
