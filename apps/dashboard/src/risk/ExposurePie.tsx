import { PieChart as PieIcon } from 'lucide-react';
import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from 'recharts';
import { decimalSign } from '../format/decimal-display';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/data-states';
import { WithState } from '../ui/data-views';
import { Dec } from '../ui/figures';

const COLORS = ['#4aa3ff', '#f0b90b', '#0ecb81', '#c084fc', '#ff8a3d', '#22d3ee', '#f6465d', '#a3e635'];

export function ExposurePie() {
  return (
    <Card title="Exposure by symbol" icon={<PieIcon size={14} />} testId="card-exposure-pie">
      <WithState rows={5}>
        {(state) => {
          const entries = Object.entries(state.risk.exposure_by_symbol).filter(([, v]) => decimalSign(v) > 0);
          if (entries.length === 0)
            return <EmptyState>Each symbol's share of open exposure shows here.</EmptyState>;
          // Slice sizes only; the figures in the legend are the API's strings.
          const data = entries.map(([symbol, value]) => ({ symbol, value: Number(value) }));
          return (
            <div className="flex flex-col items-center gap-3">
              <div className="h-36 w-36 shrink-0" data-testid="exposure-pie">
                <ResponsiveContainer width="100%" height="100%">
                  <PieChart>
                    <Pie
                      data={data}
                      dataKey="value"
                      nameKey="symbol"
                      innerRadius={40}
                      outerRadius={68}
                      stroke="#14181d"
                      isAnimationActive={false}
                    >
                      {data.map((d, i) => (
                        <Cell key={d.symbol} fill={COLORS[i % COLORS.length]} />
                      ))}
                    </Pie>
                    <Tooltip
                      contentStyle={{ background: '#1e2329', border: '1px solid #2b3139', fontSize: 12 }}
                    />
                  </PieChart>
                </ResponsiveContainer>
              </div>
              <ul className="flex w-full min-w-0 flex-col gap-1 text-xs">
                {entries.map(([symbol, value], i) => (
                  <li key={symbol} className="flex items-center gap-2" data-testid={`exposure-${symbol}`}>
                    <span
                      className="h-2.5 w-2.5 shrink-0 rounded-sm"
                      style={{ background: COLORS[i % COLORS.length] }}
                    />
                    <span className="flex-1 truncate">{symbol}</span>
                    <Dec value={value} dp={2} testId={`exposure-${symbol}-value`} />
                  </li>
                ))}
                <li className="mt-1 flex justify-between border-t border-edge pt-1 text-muted">
                  <span>Total</span>
                  <Dec value={state.risk.total_exposure_usdt} dp={2} className="text-fg" />
                </li>
              </ul>
            </div>
          );
        }}
      </WithState>
    </Card>
  );
}
