/**
 * One trial of a research run: a strategy with one parameter set over one window of data. The
 * evaluator is the backtest (packages/backtest) in product wiring; the samplers, the trial store,
 * the worker pool and the Redis queue only ever see these shapes.
 */
export type ParamValue = number | string | boolean;
export type ParamSet = Record<string, ParamValue>;

export interface TrialSpec {
  strategy: string;
  params: ParamSet;
  symbols: string[];
  /** Window, ms since epoch, [from, to). */
  from: number;
  to: number;
  /** Data source: a catalog directory, or `synthetic:days=N,seed=S`. */
  data: string;
  /** Seeds everything random in the run (ids, synthetic data, noise). */
  seed: number;
}

/** Statistics are floats (never money): they come from the backtest report. */
export interface TrialMetrics {
  totalReturnPct: number;
  sharpe: number;
  sortino: number;
  calmar: number;
  maxDrawdownPct: number;
  /** Net profit in the quote asset, as a float for ranking only (the report keeps the Decimal). */
  profit: number;
  expectancy: number;
  winRatePct: number;
  trades: number;
  /** SHA-256 over the trial's closed trades: equal specs must give equal hashes on any machine. */
  tradeHash: string;
}

export const OBJECTIVES = ['sharpe', 'sortino', 'calmar', 'profit', 'expectancy'] as const;
export type Objective = (typeof OBJECTIVES)[number];

export type TrialEvaluator = (spec: TrialSpec) => Promise<TrialMetrics>;
