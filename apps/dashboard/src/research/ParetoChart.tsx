import {
  CartesianGrid,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import type { ResearchObjective } from '@aurora/contracts';
import { objectiveLabel, type ScatterPoint } from './research-model';

const AXIS = { stroke: '#848e9c', fontSize: 11 };

/** Every done trial over the first two objectives; the non-dominated ones in gold. A click selects the trial. */
export function ParetoChart({
  points,
  objectives,
  selected,
  onSelect,
}: {
  points: ScatterPoint[];
  objectives: [ResearchObjective, ResearchObjective];
  selected: number | null;
  onSelect: (n: number) => void;
}) {
  const [ox, oy] = objectives;
  const front = points.filter((p) => p.front).sort((a, b) => a.x - b.x);
  const rest = points.filter((p) => !p.front);
  const pick = (p: unknown) => {
    const n = (p as { payload?: ScatterPoint }).payload?.n;
    if (typeof n === 'number') onSelect(n);
  };
  return (
    <div className="h-72" data-testid="pareto-chart" data-points={points.length} data-front={front.length}>
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 8, right: 12, bottom: 18, left: 4 }}>
          <CartesianGrid stroke="#2b3139" strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            name={ox.name}
            {...AXIS}
            padding={{ left: 14, right: 14 }}
            domain={['auto', 'auto']}
            label={{
              value: objectiveLabel(ox),
              position: 'insideBottom',
              offset: -10,
              fill: '#848e9c',
              fontSize: 11,
            }}
          />
          <YAxis
            type="number"
            dataKey="y"
            name={oy.name}
            {...AXIS}
            padding={{ top: 10, bottom: 10 }}
            width={52}
            domain={['auto', 'auto']}
            label={{
              value: objectiveLabel(oy),
              angle: -90,
              position: 'insideLeft',
              fill: '#848e9c',
              fontSize: 11,
              dy: 60,
            }}
          />
          <ZAxis range={[36, 36]} />
          <Tooltip
            cursor={{ stroke: '#2b3139' }}
            contentStyle={{ background: '#1e2329', border: '1px solid #2b3139', fontSize: 12 }}
            formatter={(value, name) => [Number(value).toFixed(3), String(name)]}
            labelFormatter={() => ''}
          />
          <Scatter
            name="trials"
            data={rest}
            fill="#4aa3ff"
            fillOpacity={0.55}
            isAnimationActive={false}
            onClick={pick}
            cursor="pointer"
          />
          <Scatter
            name="Pareto front"
            data={front}
            fill="#f0b90b"
            line={{ stroke: '#f0b90b', strokeOpacity: 0.5 }}
            isAnimationActive={false}
            onClick={pick}
            cursor="pointer"
          />
          {selected !== null ? (
            <Scatter
              name="selected"
              data={points.filter((p) => p.n === selected)}
              fill="none"
              stroke="#eaecef"
              strokeWidth={2}
              shape="circle"
              isAnimationActive={false}
            />
          ) : null}
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
