import type { TrialMetrics } from '../trial';

type MetricKey = Exclude<keyof TrialMetrics, 'tradeHash'>;

/** Objective names a user may give, the metric each reads and which way is better. */
export const OBJECTIVE_METRICS = {
  sharpe: { metric: 'sharpe', better: 'higher' },
  sortino: { metric: 'sortino', better: 'higher' },
  calmar: { metric: 'calmar', better: 'higher' },
  profit: { metric: 'profit', better: 'higher' },
  expectancy: { metric: 'expectancy', better: 'higher' },
  return: { metric: 'totalReturnPct', better: 'higher' },
  winrate: { metric: 'winRatePct', better: 'higher' },
  drawdown: { metric: 'maxDrawdownPct', better: 'lower' },
} as const satisfies Record<string, { metric: MetricKey; better: 'higher' | 'lower' }>;

export type ObjectiveName = keyof typeof OBJECTIVE_METRICS;

export class UnknownObjective extends Error {
  constructor(readonly objective: string) {
    super(`unknown objective "${objective}"; one of ${Object.keys(OBJECTIVE_METRICS).join(', ')}`);
    this.name = 'UnknownObjective';
  }
}

export function parseObjectives(names: string[]): ObjectiveName[] {
  if (names.length === 0) throw new UnknownObjective('');
  return names.map((n) => {
    const key = n.trim().toLowerCase();
    if (!(key in OBJECTIVE_METRICS)) throw new UnknownObjective(n);
    return key as ObjectiveName;
  });
}

/** The trial's score per objective, oriented so that higher is always better. */
export function scoreOf(metrics: TrialMetrics, objectives: readonly ObjectiveName[]): number[] {
  return objectives.map((o) => {
    const { metric, better } = OBJECTIVE_METRICS[o];
    return better === 'higher' ? metrics[metric] : -metrics[metric];
  });
}

/** The metric as the user reads it (drawdown positive), for tables and progress. */
export const metricOf = (metrics: TrialMetrics, objective: ObjectiveName): number =>
  metrics[OBJECTIVE_METRICS[objective].metric];
