import { Grid3x3 } from 'lucide-react';
import { useConfig } from '../api/queries';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/data-states';
import { WithState } from '../ui/data-views';
import { Num, Timestamp } from '../ui/figures';

/** −1 blue … 0 neutral … +1 red: high positive correlation is the concentration risk. */
function cellColor(value: number | null): string {
  if (value === null) return 'transparent';
  const v = Math.max(-1, Math.min(1, value));
  return v >= 0 ? `rgba(246, 70, 93, ${0.12 + 0.75 * v})` : `rgba(74, 163, 255, ${0.12 + 0.75 * -v})`;
}

export function CorrelationHeatmap() {
  const config = useConfig();
  const threshold = config.data?.config.correlation.threshold ?? null;
  return (
    <Card title="Correlation" icon={<Grid3x3 size={14} />} testId="card-correlation">
      <WithState rows={5}>
        {(state) => {
          const c = state.correlation;
          if (c.symbols.length === 0 || c.matrix.length === 0)
            return (
              <EmptyState>
                Pairwise return correlation appears once enough candles have been seen per symbol.
              </EmptyState>
            );
          return (
            <div className="flex flex-col gap-2">
              <div className="overflow-x-auto">
                <table className="text-xs" data-testid="correlation-table">
                  <thead>
                    <tr>
                      <th />
                      {c.symbols.map((s) => (
                        <th key={s} className="px-1 pb-1 font-medium text-muted">
                          {s}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {c.symbols.map((row, i) => (
                      <tr key={row}>
                        <th className="pr-2 text-right font-medium text-muted">{row}</th>
                        {c.symbols.map((col, j) => {
                          const value = c.matrix[i]?.[j] ?? null;
                          const hot =
                            threshold !== null && value !== null && i !== j && Math.abs(value) >= threshold;
                          return (
                            <td
                              key={col}
                              data-testid={`corr-${row}-${col}`}
                              className={`h-10 min-w-16 border border-bg text-center ${hot ? 'outline outline-2 -outline-offset-2 outline-warn' : ''}`}
                              style={{ background: cellColor(value) }}
                              title={`${row} / ${col}`}
                            >
                              <Num value={value} dp={2} />
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="flex flex-wrap gap-x-4 text-[11px] text-muted">
                <span>
                  window <Num value={c.window} /> candles
                </span>
                {threshold !== null ? (
                  <span>
                    outlined: |ρ| ≥ <Num value={threshold} /> (guard threshold)
                  </span>
                ) : null}
                <span>
                  updated <Timestamp ms={c.updated_at} /> UTC
                </span>
              </div>
            </div>
          );
        }}
      </WithState>
    </Card>
  );
}
