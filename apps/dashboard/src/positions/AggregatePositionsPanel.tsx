import type { ReactNode } from 'react';
import { Layers } from 'lucide-react';
import { Card } from '../ui/Card';
import { WithState } from '../ui/data-views';
import { Dec, Num } from '../ui/figures';

function Stat({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <div data-testid={testId} className="min-w-0">
      <div className="truncate text-[11px] text-muted uppercase">{label}</div>
      <div className="truncate text-base font-semibold">{children}</div>
    </div>
  );
}

/**
 * Exposure and PnL across positions, as the risk engine reports them. Unrealized now is the open
 * units' whole-life figure; equity change today is realized today plus the change in unrealized
 * since the day began (the server computes it; nothing is summed here).
 */
export function AggregatePositionsPanel() {
  return (
    <Card title="Aggregate" icon={<Layers size={14} />} testId="card-positions-aggregate">
      <WithState rows={2}>
        {(state) => {
          const r = state.risk;
          const bySymbol = Object.entries(r.exposure_by_symbol);
          return (
            <div className="flex flex-wrap items-start gap-x-8 gap-y-3">
              <div className="grid flex-1 grid-cols-5 gap-4">
                <Stat label="Positions (incl. pending)" testId="agg-open">
                  <Num value={r.open_positions_count} testId="agg-open-value" />
                  <span className="text-sm text-muted">
                    {' '}
                    / <Num value={r.max_concurrent_positions} />
                  </span>
                </Stat>
                <Stat label={`Exposure (${state.quote_asset})`} testId="agg-exposure">
                  <Dec value={r.total_exposure_usdt} dp={2} testId="agg-exposure-value" />
                </Stat>
                <Stat label="Realized today" testId="agg-realized">
                  <Dec
                    value={state.pnl_today.realized_today}
                    dp={2}
                    signed
                    colored
                    testId="agg-realized-value"
                  />
                </Stat>
                <Stat label="Unrealized now" testId="agg-unrealized">
                  <Dec
                    value={state.pnl_today.unrealized_now}
                    dp={2}
                    signed
                    colored
                    testId="agg-unrealized-value"
                  />
                </Stat>
                <Stat label="Equity change today" testId="agg-equity-change">
                  <Dec
                    value={state.pnl_today.equity_change_today}
                    dp={2}
                    signed
                    colored
                    testId="agg-equity-change-value"
                  />
                </Stat>
              </div>
              <div className="min-w-56">
                <div className="text-[11px] text-muted uppercase">Exposure by symbol</div>
                {bySymbol.length === 0 ? (
                  <p className="text-xs text-muted">No exposure.</p>
                ) : (
                  bySymbol.map(([symbol, value]) => (
                    <div
                      key={symbol}
                      className="flex justify-between gap-4 text-xs"
                      data-testid={`agg-exposure-${symbol}`}
                    >
                      <span>{symbol}</span>
                      <Dec value={value} dp={2} />
                    </div>
                  ))
                )}
              </div>
            </div>
          );
        }}
      </WithState>
    </Card>
  );
}
