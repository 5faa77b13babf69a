import type { BacktestBiasChecks } from '@aurora/contracts';
import type { StrategyRegistry } from '@aurora/core';
import { SeededRng } from '../random';
import { lookaheadReport, type SignalRecord } from '../robustness';
import { type BacktestDataSource, runBacktest, type BacktestOptions, type BacktestRunData, type BacktestSignal, cutSeries } from '@aurora/backtest';

const MINUTE_MS = 60_000;
const MAX_LISTED = 100;

export type LookaheadResult = NonNullable<BacktestBiasChecks['lookahead']>;

export interface LookaheadCheckOptions {
  /** Cut points (default 8), drawn with `seed` in the range's later 90 %. */
  cuts?: number;
  seed: number;
  /**
   * The strategies of each run, made from the data that run replays (the full data, then each
   * cut copy). Without it, opts.strategies serves every run. The factory is how a test gives a
   * strategy a closure over the raw data, the way a look-ahead bug holds it.
   */
  strategiesFor?: (data: BacktestDataSource) => StrategyRegistry;
  onRun?(done: number, total: number): void;
}

/** Seeded cut times: whole minutes in (from + 10 % of the range, to), distinct, ascending. */
export function cutPoints(from: number, to: number, n: number, seed: number): number[] {
  const first = Math.ceil((from + (to - from) / 10) / MINUTE_MS);
  const last = Math.floor((to - 1) / MINUTE_MS);
  const span = last - first + 1;
  if (span <= 0 || n < 1) return [];
  const rng = new SeededRng(seed);
  const picked = new Set<number>();
  while (picked.size < Math.min(n, span)) picked.add((first + rng.int(span)) * MINUTE_MS);
  return [...picked].sort((a, b) => a - b);
}

const record = (s: BacktestSignal): SignalRecord => ({
  time: s.time,
  key: s.symbol,
  value: { side: s.side, entry: s.entry, stop: s.stop, target: s.target, confidence: s.confidence },
});

/**
 * The look-ahead check: the full run, then one run per cut T on data that ends at T (the later
 * candles are not there at all: the catalog and synthetic sources load only up to T, in-memory
 * candles are copied up to T). A strategy that reads only the past makes exactly the same
 * proposals before T; every proposal that vanishes, appears or changes is reported. Each cut run
 * replays only up to its cut, so the check costs about cuts / 2 full runs.
 */
export async function lookaheadCheck(
  opts: BacktestOptions,
  check: LookaheadCheckOptions,
  full?: BacktestRunData,
): Promise<{ result: LookaheadResult; full: BacktestRunData }> {
  const withData = (data: BacktestDataSource, to: number): BacktestOptions => ({
    ...opts,
    data,
    to,
    onProgress: undefined,
    keepSignals: true,
    ...(check.strategiesFor ? { strategies: check.strategiesFor(data) } : {}),
  });
  const base = full?.signals && !check.strategiesFor ? full : await runBacktest(withData(opts.data, opts.to));
  const cuts = cutPoints(base.from, base.to, check.cuts ?? 8, check.seed);
  const runs: { cutAt: number; signals: SignalRecord[] }[] = [];
  for (const [i, cutAt] of cuts.entries()) {
    const data: BacktestDataSource =
      typeof opts.data !== 'string' && 'series' in opts.data
        ? { series: opts.data.series.map((s) => cutSeries(s, -Infinity, cutAt)), label: `${opts.data.label} cut at ${new Date(cutAt).toISOString()}` }
        : opts.data;
    const run = await runBacktest(withData(data, cutAt));
    runs.push({ cutAt, signals: (run.signals ?? []).map(record) });
    check.onRun?.(i + 1, cuts.length);
  }
  const report = lookaheadReport((base.signals ?? []).map(record), runs);
  return {
    full: base,
    result: {
      cuts,
      signals_compared: report.signalsCompared,
      clean: report.clean,
      differences: report.differences.slice(0, MAX_LISTED).map((d) => ({
        cut_at: d.cutAt,
        time: d.time,
        symbol: d.key,
        kind: d.kind,
        ...(d.full !== undefined ? { full: d.full } : {}),
        ...(d.cut !== undefined ? { cut: d.cut } : {}),
      })),
      difference_count: report.differences.length,
    },
  };
}
