import type { BacktestRobustness } from '@aurora/contracts';
import { StrategyRegistry } from '@aurora/core';
import { bandsOf, monteCarloTrades, randomEntrySignificance } from '../robustness';
import { loadSeries, buildBacktestReport, BacktestConfigError, runBacktest, type BacktestOptions, type BacktestRunData } from '@aurora/backtest';
import { noisySeries } from './noisy-series';
import { randomEntry } from './random-entry';

type Robustness = BacktestRobustness;
const MINUTE_MS = 60_000;
/** The most history a run warms up on (runBacktest's cap): noised copies must hold it too. */
const MAX_WARMUP = 1000;

const figures = (d: BacktestRunData) => {
  const r = buildBacktestReport(d);
  return { ret: r.total_return_pct, dd: r.max_drawdown_pct };
};

/**
 * Monte Carlo over the run's closed trades (their net PnLs, in exit order): reshuffled (same
 * trades, other orders: the drawdown moves, the total does not) and resampled with replacement
 * (a bootstrap: the total moves too). Null without a closed trade.
 */
export function monteCarloOfRun(data: BacktestRunData, runs: number, seed: number): Robustness['monte_carlo'] | null {
  const pnls = data.trades.map((t) => Number(t.pnl));
  if (pnls.length === 0) return null;
  const start = Number(data.startBalance);
  const sh = monteCarloTrades(pnls, start, { runs, mode: 'reshuffle', seed });
  const rs = monteCarloTrades(pnls, start, { runs, mode: 'resample', seed: seed + 1 });
  return {
    runs,
    seed,
    trades: pnls.length,
    actual: { total_return_pct: sh.actual.totalReturnPct, max_drawdown_pct: sh.actual.maxDrawdownPct },
    reshuffle: { total_return_pct: (sh.totalReturnPct), max_drawdown_pct: (sh.maxDrawdownPct), ruin_share: sh.ruinShare },
    resample: { total_return_pct: (rs.totalReturnPct), max_drawdown_pct: (rs.maxDrawdownPct), ruin_share: rs.ruinShare },
  };
}

/**
 * The same backtest on `runs` noised copies of its candles (each price × (1 + σ·z), σ in bps,
 * seeds seed, seed + 1, …): bands of the return and max drawdown a strategy keeps when the
 * market is slightly different. Costs `runs` full runs.
 */
export async function noiseRuns(
  opts: BacktestOptions,
  check: { runs: number; sigmaBps: number; seed: number; onRun?(done: number, total: number): void },
): Promise<NonNullable<Robustness['noise']>> {
  const from = Math.ceil(opts.from / MINUTE_MS) * MINUTE_MS;
  const base = loadSeries(opts.data, opts.symbols, { from, to: opts.to }, MAX_WARMUP);
  const rets = new Float64Array(check.runs);
  const dds = new Float64Array(check.runs);
  for (let i = 0; i < check.runs; i++) {
    const seed = check.seed + i;
    const series = base.series.map((s) => noisySeries(s, check.sigmaBps, seed));
    const run = await runBacktest({ ...opts, to: base.to, data: { series, label: `${base.dataSource} + noise ${check.sigmaBps} bps seed=${seed}` }, onProgress: undefined });
    const f = figures(run);
    rets[i] = f.ret;
    dds[i] = f.dd;
    check.onRun?.(i + 1, check.runs);
  }
  return { runs: check.runs, sigma_bps: check.sigmaBps, seed: check.seed, total_return_pct: bandsOf(rets), max_drawdown_pct: bandsOf(dds) };
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The random-entry baseline for a run: proposals at the tested strategy's own rate (its
 * proposals per candle and symbol), with its median stop and target in ATRs and its median
 * confidence. What follows an entry — sizing, gates, exits — is the kernel's in both. The run
 * must have kept its signals (keepSignals).
 */
export function randomBaselineParams(data: BacktestRunData, seed: number): Record<string, unknown> {
  if (data.signals === undefined) throw new BacktestConfigError('the significance test needs the run\'s proposals: run it with keepSignals');
  const signals = data.signals;
  const minutes = Math.max(1, Math.round((data.to - data.from) / MINUTE_MS)) * data.symbols.length;
  const inAtr = (pick: (s: (typeof signals)[number]) => string) =>
    median(signals.filter((s) => s.atr > 0).map((s) => Math.abs(Number(pick(s)) - Number(s.entry)) / s.atr));
  const stop = inAtr((s) => s.stop);
  const target = inAtr((s) => s.target);
  const confidence = median(signals.map((s) => s.confidence));
  return {
    seed,
    rate: clamp(signals.length / minutes, 0, 1),
    // Medians of float ratios: rounded, so the baseline reads as the 2 ATR it is, not 1.99999….
    stop_atr_mult: clamp(round6(stop ?? 2), 0.1, 20),
    take_profit_atr_mult: clamp(round6(target ?? 3), 0.1, 50),
    confidence: confidence ?? 0.6,
  };
}

/** The registry plus random-entry (kept when it is already there). */
export function withRandomEntry(registry: StrategyRegistry = new StrategyRegistry()): StrategyRegistry {
  if (registry.get(randomEntry.name) === undefined) registry.add(randomEntry);
  return registry;
}

/**
 * Significance against random entries with the same exits: `runs` backtests of random-entry
 * (seeds seed, seed + 1, …) on the same data and config, and the share of them that did at least
 * as well as the tested run (total return) as a p-value. Costs `runs` full runs.
 */
export async function significanceRuns(
  opts: BacktestOptions,
  actual: BacktestRunData,
  check: { runs: number; seed: number; alpha?: number; onRun?(done: number, total: number): void },
): Promise<NonNullable<Robustness['significance']>> {
  const strategies = withRandomEntry(opts.strategies ?? new StrategyRegistry());
  const scores: number[] = [];
  let params: Record<string, unknown> = {};
  for (let i = 0; i < check.runs; i++) {
    params = randomBaselineParams(actual, check.seed + i);
    const run = await runBacktest({ ...opts, strategy: randomEntry.name, params, strategies, onProgress: undefined });
    scores.push(figures(run).ret);
    check.onRun?.(i + 1, check.runs);
  }
  const actualRet = figures(actual).ret;
  const sig = randomEntrySignificance(actualRet, scores, check.alpha !== undefined ? { alpha: check.alpha } : {});
  const { seed: _seed, ...baseline } = params;
  return {
    runs: check.runs,
    seed: check.seed,
    baseline: { strategy: randomEntry.name, params: baseline },
    actual_return_pct: actualRet,
    random_return_pct: bandsOf(Float64Array.from(scores)),
    p_value: sig.pValue,
    beat_share: sig.beatShare,
    alpha: sig.alpha,
    verdict: sig.verdict,
  };
}
