import { z } from 'zod';
import { EpochMs, Symbol } from './primitives';
import { BacktestRunSummary } from './backtest';
import { RuntimeConfig } from './runtime-config';
import { Truth } from './truth';

/**
 * The Research page: optimization and walk-forward runs written by `npm run optimize` into
 * <data>/research.db, read by the bot. Statistics are floats (never money); a value that is not
 * finite (a failed metric, an undefined ratio) is null so it survives JSON.
 */
const Stat = z.number().nullable();

export const ResearchRunKind = z.enum(['optimize', 'walk-forward', 'in-sample']);
export type ResearchRunKind = z.infer<typeof ResearchRunKind>;
export const ResearchRunStatus = z.enum(['running', 'done', 'interrupted', 'failed']);
export type ResearchRunStatus = z.infer<typeof ResearchRunStatus>;
export const ResearchTrialStatus = z.enum(['running', 'done', 'failed']);

export const ResearchMetrics = z.object({
  total_return_pct: Stat,
  sharpe: Stat,
  sortino: Stat,
  calmar: Stat,
  max_drawdown_pct: Stat,
  profit: Stat,
  expectancy: Stat,
  win_rate_pct: Stat,
  trades: Stat,
});
export type ResearchMetrics = z.infer<typeof ResearchMetrics>;

/** An objective as the run ranks by it: its metric and which way is better. */
export const ResearchObjective = z.object({
  name: z.string(),
  metric: z.string(),
  better: z.enum(['higher', 'lower']),
});
export type ResearchObjective = z.infer<typeof ResearchObjective>;

/** One run in the list. */
export const ResearchRunSummary = z.object({
  id: z.string(),
  parent_id: z.string().nullable(),
  kind: ResearchRunKind,
  status: ResearchRunStatus,
  created_at: EpochMs,
  strategy: z.string(),
  symbols: z.array(z.string()),
  from: EpochMs,
  to: EpochMs,
  data: z.string(),
  objectives: z.array(ResearchObjective),
  sampler: z.string(),
  seed: z.number().int(),
  trials_planned: z.number().int().nonnegative(),
  trials_done: z.number().int().nonnegative(),
  trials_failed: z.number().int().nonnegative(),
  /** Best done trial by the first objective, with that objective's value as the user reads it. */
  best: z.object({ n: z.number().int().nonnegative(), score: Stat }).nullable(),
  /** Walk-forward runs: windows finished (done or failed) of those planned; null for other kinds. */
  windows: z
    .object({ done: z.number().int().nonnegative(), planned: z.number().int().nonnegative() })
    .nullable(),
});
export type ResearchRunSummary = z.infer<typeof ResearchRunSummary>;

/** A trial's report: a backtest of the bot run with the trial's spec (strategy, params, symbols, window). */
export const ResearchTrialReport = z.object({
  backtest_id: z.string(),
  status: BacktestRunSummary.shape.status,
});

export const ResearchTrial = z.object({
  n: z.number().int().nonnegative(),
  status: ResearchTrialStatus,
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  metrics: ResearchMetrics.nullable(),
  /** One value per objective of the run, as the user reads it (drawdown positive); null for a failed trial. */
  scores: z.array(Stat),
  trade_hash: z.string().nullable(),
  error: z.string().nullable(),
  started_at: EpochMs,
  finished_at: EpochMs.nullable(),
  worker: z.string().nullable(),
  report: ResearchTrialReport.nullable(),
});
export type ResearchTrial = z.infer<typeof ResearchTrial>;

/** One walk-forward window: the best in-sample parameters, scored in and out of sample. */
export const ResearchWindow = z.object({
  idx: z.number().int().nonnegative(),
  in_from: EpochMs,
  in_to: EpochMs,
  out_from: EpochMs,
  out_to: EpochMs,
  /** The in-sample optimization of this window (a run of its own, kind in-sample). */
  in_run_id: z.string(),
  status: z.enum(['pending', 'done', 'failed']),
  error: z.string().nullable(),
  best_params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).nullable(),
  in_score: Stat,
  out_score: Stat,
  /** out / in (per unit of time for profit): 1 the edge held, 0.5 half of it did, < 0 it reversed; null when in ≤ 0. */
  degradation: Stat,
});
export type ResearchWindow = z.infer<typeof ResearchWindow>;

export const ResearchWalkForward = z.object({
  windows: z.array(ResearchWindow),
  /** Over the finished windows; null before any has finished. */
  mean_in_score: Stat,
  mean_out_score: Stat,
  efficiency: Stat,
  median_degradation: Stat,
  positive_out_share: Stat,
});
export type ResearchWalkForward = z.infer<typeof ResearchWalkForward>;

export const ResearchRunDetail = z.object({
  run: ResearchRunSummary,
  trials: z.array(ResearchTrial),
  /** Trial numbers of the non-dominated done trials (several objectives), or the best alone (one). */
  pareto_front: z.array(z.number().int().nonnegative()),
  walk_forward: ResearchWalkForward.nullable(),
  /** In-sample child runs of a walk-forward run. */
  children: z.array(ResearchRunSummary),
});
export type ResearchRunDetail = z.infer<typeof ResearchRunDetail>;

export const ResearchListResponse = z.object({ items: z.array(ResearchRunSummary) });
export type ResearchListResponse = z.infer<typeof ResearchListResponse>;
export const ResearchDetailResponse = ResearchRunDetail;
export type ResearchDetailResponse = ResearchRunDetail;

/** POST /research/runs/:id/trials/:n/backtest — a report for a trial that has none yet. */
export const ResearchTrialBacktestResponse = z.object({ run: BacktestRunSummary });

/**
 * POST /research/runs/:id/trials/:n/apply — the trial's parameters become the strategy of the
 * listed symbols (default: the run's symbols) in the Demo configuration. `confirm` must be the
 * strategy's name, typed by the user.
 */
export const ResearchApplyRequest = z.strictObject({
  symbols: z.array(Symbol).min(1).max(20).optional(),
  confirm: z.string().max(60),
});
export type ResearchApplyRequest = z.infer<typeof ResearchApplyRequest>;

export const ResearchApplyResponse = z.object({
  config: RuntimeConfig,
  applied: z.object({
    run_id: z.string(),
    trial: z.number().int().nonnegative(),
    strategy: z.string(),
    symbols: z.array(z.string()),
    /** As the strategy's schema parsed them (defaults filled in). */
    params: z.record(z.string(), z.unknown()),
  }),
  truth: Truth,
});
export type ResearchApplyResponse = z.infer<typeof ResearchApplyResponse>;
