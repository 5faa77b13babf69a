import type { BacktestBiasChecks } from '@aurora/contracts';
import { StrategyRegistry, StrategyRunner, type ProposalCandidate } from '@aurora/core';
import { warmupReport, type IndicatorPoint, type WarmupInput } from '../robustness';
import { loadSeries, BacktestConfigError, runConfig, type BacktestOptions } from '@aurora/backtest';

export type WarmupResult = NonNullable<BacktestBiasChecks['warmup']>;

export interface WarmupCheckOptions {
  /** Later starts to compare with the earliest (default 3): at 1, 2, 3 × the declared warm-up. */
  starts?: number;
  /** Relative tolerance (default 1e-6). */
  tolerance?: number;
}

/**
 * What a strategy shows of its indicators, per closed candle: the ATR the runner gives it (or its
 * own), whether and which way it proposed (`proposal`: 1 BUY, −1 SELL, 0 none), and the numeric
 * `inputs` of each signal of a proposal — the values the decision log shows with every decision.
 */
function observe(c: ProposalCandidate | null, atr: number | null, into: Map<string, number | null>): void {
  into.set('atr', atr);
  into.set('proposal', c === null ? 0 : c.side === 'BUY' ? 1 : -1);
  if (c === null) return;
  into.set('proposal.stop_distance', Math.abs(c.entryPrice.minus(c.stopPrice).toNumber()));
  into.set('proposal.target_distance', Math.abs(c.takeProfitPrice.minus(c.entryPrice).toNumber()));
  for (const s of c.signals)
    for (const [k, v] of Object.entries(s.inputs)) if (typeof v === 'number') into.set(`${s.name}.${k}`, v);
}

/**
 * The warm-up check: the strategy (through the same StrategyRunner the kernel holds) over the
 * run's candles from the earliest start and from later ones, and research's warmupReport on
 * every value it shows: after the declared warm-up, none may depend on where the data started.
 * Pure and without the kernel: the check costs a few passes of the strategy, not of a backtest.
 */
export function warmupCheck(opts: BacktestOptions, check: WarmupCheckOptions = {}): WarmupResult {
  const registry = opts.strategies ?? new StrategyRegistry();
  const config = runConfig(opts, opts.params ?? {});
  const starts = check.starts ?? 3;
  const tolerance = check.tolerance ?? 1e-6;
  const inputs: WarmupInput[] = [];
  let declared = 0;
  let offsets: number[] = [];
  for (const symbol of opts.symbols) {
    const resolved = registry.resolve(config.strategy, symbol);
    if (Array.isArray(resolved)) throw new BacktestConfigError(resolved.map((p) => `${p.path}: ${p.message}`).join('; '));
    declared = resolved.strategy.warmupCandles(resolved.params);
    offsets = Array.from({ length: starts + 1 }, (_, i) => i * declared);
    // The earliest start has starts × warm-up of history before `from`: every variant is warm by then.
    const { series } = loadSeries(opts.data, [symbol], { from: opts.from, to: opts.to }, starts * declared);
    const s = series[0]!;
    const klines = Array.from({ length: s.length }, (_, i) => s.kline(i));
    const runs = offsets.map((offset) => {
      const runner = new StrategyRunner(symbol, resolved.strategy, resolved.params, { atrPeriod: config.strategy.atr_period });
      const points = new Map<number, Map<string, number | null>>();
      for (let i = offset; i < klines.length; i++) {
        const k = klines[i]!;
        const seen = new Map<string, number | null>();
        observe(runner.onKline(k), runner.atr, seen);
        points.set(k.closeTime, seen);
      }
      return points;
    });
    const names = new Set<string>();
    for (const run of runs) for (const seen of run.values()) for (const n of seen.keys()) names.add(n);
    const seriesOf = (run: Map<number, Map<string, number | null>>, name: string): IndicatorPoint[] =>
      [...run].map(([time, seen]) => ({ time, value: seen.get(name) ?? null }));
    for (const name of [...names].sort())
      inputs.push({
        name: opts.symbols.length > 1 ? `${symbol} ${name}` : name,
        warmupCandles: declared,
        reference: seriesOf(runs[0]!, name),
        variants: runs.slice(1).map((r) => seriesOf(r, name)),
      });
  }
  const report = warmupReport(inputs, { tolerance });
  return {
    offsets,
    declared_warmup: declared,
    kernel_warmup: Math.min(1000, Math.max(500, declared)),
    tolerance,
    indicators: report.indicators.map((f) => ({
      name: f.name,
      converged: f.converged,
      divergent_points: f.divergentPoints,
      worst_diff: f.worst === null ? null : Number.isFinite(f.worst.diff) ? f.worst.diff : null,
      candles_to_converge: f.candlesToConverge,
    })),
    unconverged: report.unconverged,
  };
}
