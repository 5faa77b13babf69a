import { LineChart as LineChartIcon } from 'lucide-react';
import {
  Area,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type DotItemDotProps,
} from 'recharts';
import type { PnlPoint } from '@aurora/contracts';
import { formatClock } from '../format/time-display';
import { useTruthState } from '../live/live-context';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/data-states';
import { WithState } from '../ui/data-views';
import { Dec } from '../ui/figures';

interface ChartPoint {
  t: number;
  pnl: number;
  /** Drawn below zero whatever sign the API uses, so the shading always reads as a loss. */
  drawdown: number;
  trade: boolean;
}

// Chart coordinates only: the figures printed on the card are the API's decimal strings.
const toChartPoint = (p: PnlPoint): ChartPoint => ({
  t: p.t,
  pnl: Number(p.equity_change_today),
  drawdown: -Math.abs(Number(p.drawdown)),
  trade: p.trade,
});

function TradeDot(props: DotItemDotProps) {
  const { cx, cy, payload } = props as DotItemDotProps & { payload?: ChartPoint };
  if (!payload?.trade || cx === undefined || cy === undefined) return <g />;
  return <circle cx={cx} cy={cy} r={3.5} fill="#f0b90b" stroke="#0b0e11" strokeWidth={1} />;
}

function PnlTotals() {
  const { state } = useTruthState();
  if (!state) return null;
  return (
    <span className="flex gap-3 text-xs">
      <span className="text-muted">
        realized today{' '}
        <Dec value={state.pnl_today.realized_today} dp={2} signed colored testId="pnl-realized" />
      </span>
      <span className="text-muted">
        unrealized now{' '}
        <Dec value={state.pnl_today.unrealized_now} dp={2} signed colored testId="pnl-unrealized" />
      </span>
      <span className="text-muted">
        equity change today{' '}
        <Dec value={state.pnl_today.equity_change_today} dp={2} signed colored testId="pnl-equity-change" />
      </span>
    </span>
  );
}

/** Equity change today through the day (state.pnl_today.series); trades as dots, drawdown shaded red. */
export function PnlChart() {
  return (
    <Card
      title="Equity change today"
      icon={<LineChartIcon size={14} />}
      testId="card-pnl-chart"
      actions={<PnlTotals />}
    >
      <WithState rows={6}>
        {(state) => {
          const series = state.pnl_today.series;
          if (series.length === 0)
            return (
              <EmptyState>
                The equity-change curve draws once today has two points (fills or marks to market).
              </EmptyState>
            );
          const data = series.map(toChartPoint);
          return (
            <div className="h-56" data-testid="pnl-chart">
              <ResponsiveContainer width="100%" height="100%">
                <ComposedChart data={data} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
                  <XAxis
                    dataKey="t"
                    type="number"
                    scale="time"
                    domain={['dataMin', 'dataMax']}
                    tickFormatter={(t: number) => formatClock(t).slice(0, 5)}
                    stroke="#848e9c"
                    fontSize={11}
                  />
                  <YAxis stroke="#848e9c" fontSize={11} width={56} domain={['auto', 'auto']} />
                  <Tooltip
                    contentStyle={{ background: '#1e2329', border: '1px solid #2b3139', fontSize: 12 }}
                    labelFormatter={(t) => `${formatClock(Number(t))} UTC`}
                    formatter={(value, name) => [
                      Number(value).toFixed(2),
                      name === 'pnl' ? 'Cum. PnL' : 'Drawdown',
                    ]}
                  />
                  <ReferenceLine y={0} stroke="#2b3139" />
                  <Area
                    dataKey="drawdown"
                    type="stepAfter"
                    stroke="#f6465d"
                    strokeOpacity={0.5}
                    fill="#f6465d"
                    fillOpacity={0.25}
                    isAnimationActive={false}
                  />
                  <Line
                    dataKey="pnl"
                    type="monotone"
                    stroke="#4aa3ff"
                    strokeWidth={1.6}
                    dot={TradeDot}
                    activeDot={{ r: 3 }}
                    isAnimationActive={false}
                  />
                </ComposedChart>
              </ResponsiveContainer>
            </div>
          );
        }}
      </WithState>
    </Card>
  );
}
