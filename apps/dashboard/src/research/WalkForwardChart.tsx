import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ResearchWindow } from '@aurora/contracts';
import { dayOf } from './research-model';

const AXIS = { stroke: '#848e9c', fontSize: 11 };

/** In-sample against out-of-sample score per window (bars), and out / in as a line on its own axis. */
export function WalkForwardChart({ windows, objective }: { windows: ResearchWindow[]; objective: string }) {
  const data = windows.map((w) => ({
    label: `#${w.idx + 1} ${dayOf(w.out_from).slice(5)}`,
    in: w.in_score,
    out: w.out_score,
    degradation: w.degradation,
  }));
  return (
    <div className="h-64" data-testid="walk-forward-chart" data-windows={windows.length}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#2b3139" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" {...AXIS} />
          <YAxis yAxisId="score" {...AXIS} width={48} domain={['auto', 'auto']} />
          <YAxis
            yAxisId="ratio"
            orientation="right"
            {...AXIS}
            width={40}
            domain={['auto', 'auto']}
            tickFormatter={(v: number) => `${v.toFixed(1)}×`}
          />
          <ReferenceLine yAxisId="score" y={0} stroke="#474d57" />
          <Tooltip
            contentStyle={{ background: '#1e2329', border: '1px solid #2b3139', fontSize: 12 }}
            formatter={(value, name) => [
              value === null || value === undefined
                ? '—'
                : name === 'out / in'
                  ? `${Number(value).toFixed(2)}×`
                  : Number(value).toFixed(3),
              String(name),
            ]}
          />
          <Legend wrapperStyle={{ fontSize: 11, color: '#848e9c' }} />
          <Bar
            yAxisId="score"
            dataKey="in"
            name={`in-sample ${objective}`}
            fill="#4aa3ff"
            fillOpacity={0.75}
            isAnimationActive={false}
          />
          <Bar
            yAxisId="score"
            dataKey="out"
            name={`out-of-sample ${objective}`}
            fill="#f0b90b"
            fillOpacity={0.85}
            isAnimationActive={false}
          />
          <Line
            yAxisId="ratio"
            dataKey="degradation"
            name="out / in"
            stroke="#c084fc"
            strokeWidth={1.6}
            dot={{ r: 3 }}
            connectNulls={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
