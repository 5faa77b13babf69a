import { z } from 'zod';
import { DecimalString, EpochMs, MoneyLimit, Symbol } from './primitives';
import { StrategyChoice } from './runtime-config';

/**
 * The summary of one backtest. Money is a Decimal string; statistics are numbers (floats are fine
 * for ratios). A ratio that is undefined for the run (no losing trade, no volatility, too short a
 * period) is null rather than Infinity or NaN, so it survives JSON.
 *
 * Conventions: returns are daily, taken from the equity curve at each UTC midnight (the last
 * sample at or before it, carried forward over days without one); annualised over 365 days (crypto
 * trades every day); risk-free rate 0. Sharpe = mean / sample stdev × √365; Sortino = mean /
 * downside deviation (√(Σ min(r,0)² / n)) × √365; CAGR = (end / start)^(365 / days) − 1; Calmar =
 * CAGR / max drawdown. Exposure is the share of the period covered by at least one closed trade.
 */
export const BACKTEST_CONVENTIONS = { annualisation_days: 365, risk_free_rate: 0, returns: 'daily' } as const;

const Ratio = z.number().nullable();

export const MonthlyReturn = z.object({
  /** UTC month, `YYYY-MM`. */
  month: z.string().regex(/^\d{4}-\d{2}$/),
  /** Equity at month end over equity at the previous month end (or the start balance), − 1, in %. */
  return_pct: z.number(),
  pnl: DecimalString,
});
export type MonthlyReturn = z.infer<typeof MonthlyReturn>;

/** 5/25/50/75/95th percentiles and the mean of a sample (research's bandsOf). */
export const BacktestBands = z.object({ p5: z.number(), p25: z.number(), p50: z.number(), p75: z.number(), p95: z.number(), mean: z.number() });
export type BacktestBands = z.infer<typeof BacktestBands>;

const ReturnDrawdownBands = z.object({ total_return_pct: BacktestBands, max_drawdown_pct: BacktestBands });

/** `--lookahead-check` and `--warmup-check`: does the strategy read the future, or the start of the data? */
export const BacktestBiasChecks = z.object({
  lookahead: z
    .object({
      cuts: z.array(EpochMs),
      signals_compared: z.number().int().nonnegative(),
      clean: z.boolean(),
      /** The first differences (at most 100); `difference_count` counts them all. */
      differences: z.array(
        z.object({
          cut_at: EpochMs,
          time: EpochMs,
          symbol: z.string(),
          kind: z.enum(['missing-when-cut', 'only-when-cut', 'changed']),
          full: z.unknown().optional(),
          cut: z.unknown().optional(),
        }),
      ),
      difference_count: z.number().int().nonnegative(),
    })
    .optional(),
  warmup: z
    .object({
      /** Start offsets (candles after the earliest start) the variants were computed from. */
      offsets: z.array(z.number().int().nonnegative()),
      declared_warmup: z.number().int().nonnegative(),
      /** Candles a backtest primes before its first replayed minute (the declared warm-up, 500 to 1000). */
      kernel_warmup: z.number().int().nonnegative(),
      tolerance: z.number().nonnegative(),
      indicators: z.array(
        z.object({
          name: z.string(),
          converged: z.boolean(),
          divergent_points: z.number().int().nonnegative(),
          worst_diff: z.number().nullable(),
          candles_to_converge: z.number().int().nonnegative().nullable(),
        }),
      ),
      unconverged: z.array(z.string()),
    })
    .optional(),
});
export type BacktestBiasChecks = z.infer<typeof BacktestBiasChecks>;

/** `--monte-carlo`, `--noise-runs`, `--significance`: how much of the result is luck of the path. */
export const BacktestRobustness = z.object({
  monte_carlo: z
    .object({
      runs: z.number().int().positive(),
      seed: z.number().int(),
      trades: z.number().int().positive(),
      actual: z.object({ total_return_pct: z.number(), max_drawdown_pct: z.number() }),
      reshuffle: ReturnDrawdownBands.extend({ ruin_share: z.number() }),
      resample: ReturnDrawdownBands.extend({ ruin_share: z.number() }),
    })
    .optional(),
  noise: ReturnDrawdownBands.extend({ runs: z.number().int().positive(), sigma_bps: z.number().nonnegative(), seed: z.number().int() }).optional(),
  significance: z
    .object({
      runs: z.number().int().positive(),
      seed: z.number().int(),
      /** What the random strategy ran with: the tested strategy's proposal rate and stop/target in ATRs. */
      baseline: z.object({ strategy: z.string(), params: z.record(z.string(), z.unknown()) }),
      actual_return_pct: z.number(),
      random_return_pct: BacktestBands,
      p_value: z.number().min(0).max(1),
      beat_share: z.number().min(0).max(1),
      alpha: z.number(),
      verdict: z.enum(['significant', 'not-significant']),
    })
    .optional(),
});
export type BacktestRobustness = z.infer<typeof BacktestRobustness>;

export const BacktestReport = z.object({
  strategy: z.string(),
  params: z.record(z.string(), z.unknown()),
  symbols: z.array(z.string()),
  interval: z.literal('1m'),
  from: EpochMs,
  to: EpochMs,
  data_source: z.string(),
  quote_asset: z.string(),
  conventions: z.object({
    annualisation_days: z.literal(365),
    risk_free_rate: z.literal(0),
    returns: z.literal('daily'),
  }),
  start_balance: DecimalString,
  end_equity: DecimalString,
  net_profit: DecimalString,
  total_return_pct: z.number(),
  cagr_pct: Ratio,
  max_drawdown: DecimalString,
  max_drawdown_pct: z.number(),
  sharpe: Ratio,
  sortino: Ratio,
  calmar: Ratio,
  trades: z.object({
    count: z.number().int().nonnegative(),
    wins: z.number().int().nonnegative(),
    losses: z.number().int().nonnegative(),
    win_rate_pct: Ratio,
    profit_factor: Ratio,
    expectancy: DecimalString,
    avg_win: DecimalString,
    avg_loss: DecimalString,
    gross_profit: DecimalString,
    gross_loss: DecimalString,
    open_at_end: z.number().int().nonnegative(),
  }),
  fees: DecimalString,
  exposure_pct: z.number(),
  monthly_returns: z.array(MonthlyReturn),
  gate_blocks: z.record(z.string(), z.number().int().nonnegative()),
  decisions: z.object({ total: z.number().int().nonnegative(), allowed: z.number().int().nonnegative() }),
  breaker_trips: z.number().int().nonnegative(),
  candles: z.number().int().nonnegative(),
  wall_ms: z.number().nonnegative(),
  candles_per_sec: Ratio,
  /** SHA-256 (hex) over every closed trade; see tradeHash in @aurora/backtest for the serialisation. */
  trade_hash: z.string().regex(/^[0-9a-f]{64}$/),
  bias: BacktestBiasChecks.optional(),
  robustness: BacktestRobustness.optional(),
});
export type BacktestReport = z.infer<typeof BacktestReport>;

/** `synthetic:days=365,seed=7` (generated market) or `catalog` (the downloaded history). */
export const BacktestDataSource = z
  .string()
  .max(100)
  .regex(/^(catalog|synthetic(:[a-z]+=\d+(,[a-z]+=\d+)*)?)$/, 'must be "catalog" or "synthetic:days=<n>,seed=<n>"');

const DAY_MS = 86_400_000;
/** A year and a bit: a longer run would hold the one backtest slot for a long time. */
export const MAX_BACKTEST_SPAN_MS = 400 * DAY_MS;

/** POST /backtests: what a user may start. */
export const BacktestStartRequest = z
  .strictObject({
    strategy: StrategyChoice.shape.name,
    params: z.record(z.string(), z.unknown()).default({}),
    symbols: z.array(Symbol).min(1).max(5),
    from: EpochMs,
    to: EpochMs,
    balance: MoneyLimit.default('10000'),
    data: BacktestDataSource.default('catalog'),
  })
  .refine((r) => r.to > r.from, { path: ['to'], message: 'must be after from' })
  .refine((r) => r.to - r.from <= MAX_BACKTEST_SPAN_MS, { path: ['to'], message: 'the period may span at most 400 days' })
  .refine((r) => new Set(r.symbols).size === r.symbols.length, { path: ['symbols'], message: 'must not repeat a symbol' });
export type BacktestStartRequest = z.infer<typeof BacktestStartRequest>;

export const BacktestRunStatus = z.enum(['running', 'done', 'failed']);
export type BacktestRunStatus = z.infer<typeof BacktestRunStatus>;

/** One run in the list: what was asked, how it went, and the key figures once done. */
export const BacktestRunSummary = z.object({
  id: z.string(),
  status: BacktestRunStatus,
  request: z.object({
    strategy: z.string(),
    params: z.record(z.string(), z.unknown()),
    symbols: z.array(z.string()),
    from: EpochMs,
    to: EpochMs,
    balance: DecimalString,
    data: z.string(),
  }),
  started_at: EpochMs,
  finished_at: EpochMs.nullable(),
  /** 0…1 while running. */
  progress: z.number().min(0).max(1),
  error: z.string().nullable(),
  figures: z
    .object({
      total_return_pct: z.number(),
      max_drawdown_pct: z.number(),
      sharpe: Ratio,
      win_rate_pct: Ratio,
      profit_factor: Ratio,
      trades: z.number().int().nonnegative(),
      net_profit: DecimalString,
      trade_hash: z.string(),
    })
    .nullable(),
});
export type BacktestRunSummary = z.infer<typeof BacktestRunSummary>;

export const BacktestListResponse = z.object({ items: z.array(BacktestRunSummary) });
export type BacktestListResponse = z.infer<typeof BacktestListResponse>;
export const BacktestStartResponse = z.object({ run: BacktestRunSummary });
export const BacktestDetailResponse = z.object({ run: BacktestRunSummary, report: BacktestReport.nullable() });
export type BacktestDetailResponse = z.infer<typeof BacktestDetailResponse>;

export const BacktestStrategyInfo = z.object({
  name: z.string(),
  description: z.string(),
  /** JSON schema of the strategy's parameters (defaults, bounds). */
  params_schema: z.unknown(),
});
export const BacktestStrategiesResponse = z.object({
  /** Whether this bot can run backtests at all (a runner is wired). */
  available: z.boolean(),
  strategies: z.array(BacktestStrategyInfo),
});
export type BacktestStrategiesResponse = z.infer<typeof BacktestStrategiesResponse>;
