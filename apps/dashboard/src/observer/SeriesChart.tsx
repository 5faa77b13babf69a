import { Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ObserverSeriesDetail } from '@aurora/contracts';
import { formatClock } from '../format/time-display';
import { EmptyState } from '../ui/data-states';

/** One series' recent values with its median and the ± threshold band of the point rule. */
export function SeriesChart({ series }: { series: ObserverSeriesDetail }) {
  if (series.points.length < 2)
    return <EmptyState>The chart draws once the series has two values.</EmptyState>;
  const scale = series.scale;
  const band =
    series.median !== null && scale !== null && scale > 0
      ? { lo: series.median - series.z_threshold * scale, hi: series.median + series.z_threshold * scale }
      : null;
  return (
    <div className="h-40" data-testid="observer-series-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={series.points} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
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
            formatter={(value) => [`${Number(value).toFixed(3)} ${series.unit}`, 'value']}
          />
          {series.median !== null ? (
            <ReferenceLine
              y={series.median}
              stroke="#848e9c"
              strokeDasharray="4 3"
              label={{ value: 'median', fill: '#848e9c', fontSize: 10 }}
            />
          ) : null}
          {band ? (
            <ReferenceLine y={band.hi} stroke="#f6465d" strokeOpacity={0.5} strokeDasharray="2 3" />
          ) : null}
          {band ? (
            <ReferenceLine y={band.lo} stroke="#f6465d" strokeOpacity={0.5} strokeDasharray="2 3" />
          ) : null}
          <Line
            dataKey="v"
            type="linear"
            stroke="#4aa3ff"
            strokeWidth={1.4}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
