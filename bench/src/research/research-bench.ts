import { fileURLToPath } from 'node:url';
import { optimize, ResearchStore, WorkerPool, type ParamSet, type Sampler } from '@aurora/research';
import type { BenchResult } from '../bench-result';
import { evaluate } from './cpu-evaluator';

const EVALUATOR = fileURLToPath(new URL('./cpu-evaluator.ts', import.meta.url));
/** The product evaluator: one kernel backtest per trial (packages/research/src/evaluators). */
const BACKTEST_EVALUATOR = fileURLToPath(
  new URL('../../../packages/research/src/evaluators/backtest-evaluator.ts', import.meta.url),
);
const NOTE = 'CPU-bound fixture evaluator: the pool and store overhead alone';
const WINDOW_HOURS = 6;
const YEAR_MINUTES = 525_600;
/** Issue 13 §7: one worker to two must be at least this much faster. */
export const SPEEDUP_TARGET = 1.8;

/** The bench asks fixed parameters: the sampler's cost is not what is measured here. */
export class ListSampler implements Sampler {
  private i = 0;
  constructor(private readonly params: ParamSet[]) {}
  ask(): ParamSet {
    return this.params[this.i++ % this.params.length] as ParamSet;
  }
  tell(): void {}
}

export const benchParams = (trials: number, work: number): ParamSet[] =>
  Array.from({ length: trials }, (_, i) => ({ x: (i % 10) / 2, work }));

/** Wall time of one optimize() run of `trials` trials on a pool of `workers` (store in memory). */
export async function timeRun(workers: number, trials: number, work: number): Promise<number> {
  return timeOptimize(EVALUATOR, workers, benchParams(trials, work), spec({ x: 0, work }), (i) => spec({ x: i, work }));
}

const T0 = Date.UTC(2024, 0, 1);
const backtestSpec = (params: ParamSet) => ({
  strategy: 'ema-cross',
  params,
  symbols: ['BTCUSDT'],
  from: T0,
  to: T0 + WINDOW_HOURS * 3_600_000,
  data: 'synthetic:days=1,seed=7',
  seed: 1,
});
const backtestParams = (trials: number): ParamSet[] =>
  Array.from({ length: trials }, (_, i) => ({ fast: 5 + (i % 6), slow: 20 + 3 * (i % 5) }));

async function timeOptimize(
  evaluator: string,
  workers: number,
  params: ParamSet[],
  base: ReturnType<typeof spec>,
  warm: (i: number) => ReturnType<typeof spec>,
): Promise<number> {
  const trials = params.length;
  const pool = await WorkerPool.start({ evaluator, size: workers });
  const store = ResearchStore.open(':memory:');
  try {
    // Warm each worker (JIT, tsx's first compile) outside the timing.
    await Promise.all(Array.from({ length: workers }, (_, i) => pool.run(warm(i), `warm${i}`)));
    const t0 = performance.now();
    const r = await optimize({
      runId: `bench-${workers}`,
      strategy: base.strategy,
      symbols: base.symbols,
      from: base.from,
      to: base.to,
      data: base.data,
      seed: 1,
      space: {},
      sampler: new ListSampler(params),
      samplerName: 'list',
      objectives: ['sharpe'],
      trials,
      runner: pool,
      store,
    });
    const ms = performance.now() - t0;
    const failed = r.trials.filter((t) => t.status !== 'done');
    if (failed.length > 0) throw new Error(`${failed.length} bench trials failed: ${failed[0]?.error ?? ''}`);
    return ms;
  } finally {
    store.close();
    await pool.close();
  }
}

const spec = (params: ParamSet) => ({
  strategy: 'bench',
  params,
  symbols: ['BTCUSDT'],
  from: 0,
  to: 1,
  data: 'bench',
  seed: 1,
});

/**
 * Issue 13 §7: trials per minute on both cores through the optimizer, the worker pool and the
 * trial store; and the speed-up from one worker to two. Baseline of the first: the same trials
 * called in this thread one after another (no pool, no store).
 */
export async function runResearchBench(trials = 24, work = 3_000_000, rounds = 3): Promise<BenchResult[]> {
  // Alternate 1 and 2 workers and keep each one's fastest round: on a shared machine the other
  // load only ever slows a round down, so the minimum is the closest to the machine's own figure.
  let inlineMs = Infinity;
  let one = Infinity;
  let two = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (const p of benchParams(trials, work)) await evaluate(spec(p));
    inlineMs = Math.min(inlineMs, performance.now() - t0);
    one = Math.min(one, await timeRun(1, trials, work));
    two = Math.min(two, await timeRun(2, trials, work));
  }
  const perMin = (ms: number): number => (trials / ms) * 60_000;
  const speedup = one / two;
  // The same through the product evaluator: kernel backtests of a short window, then per year.
  const btTrials = 8;
  const btParams = backtestParams(btTrials);
  const btOne = await timeOptimize(BACKTEST_EVALUATOR, 1, btParams, backtestSpec(btParams[0]!), (i) => backtestSpec(btParams[i]!));
  const btTwo = await timeOptimize(BACKTEST_EVALUATOR, 2, btParams, backtestSpec(btParams[0]!), (i) => backtestSpec(btParams[i]!));
  const btPerMin = (btTrials / btTwo) * 60_000;
  const yearPerMin = btPerMin / (YEAR_MINUTES / (WINDOW_HOURS * 60));
  const btSpeedup = btOne / btTwo;
  const backtestResults: BenchResult[] = [
    {
      name: 'research.backtest_trials_per_min_6h',
      value: btPerMin,
      unit: 'trials/min',
      note: `${btTrials} ema-cross kernel backtests of ${WINDOW_HOURS} h of 1m candles on 2 workers (${(btTwo / 1000).toFixed(1)} s)`,
    },
    {
      name: 'research.backtest_trials_per_min_1y',
      value: yearPerMin,
      unit: 'trials/min',
      note: `EXTRAPOLATED from the ${WINDOW_HOURS} h trials (a year-long trial per candle costs the same): the kernel backtest's speed bounds it`,
    },
    {
      name: 'research.backtest_speedup_1_to_2_workers',
      value: btSpeedup,
      unit: '×',
      target: { text: `≥ ${SPEEDUP_TARGET}×`, met: btSpeedup >= SPEEDUP_TARGET },
      note: `kernel backtests: 1 worker ${(btOne / 1000).toFixed(1)} s, 2 workers ${(btTwo / 1000).toFixed(1)} s for ${btTrials} trials`,
    },
  ];
  return [
    ...backtestResults,
    {
      name: 'research.trials_per_min',
      value: perMin(two),
      unit: 'trials/min',
      baseline: { name: 'the same trials in-process, one thread', value: perMin(inlineMs) },
      ratio: perMin(two) / perMin(inlineMs),
      note: `${trials} trials of ~${(inlineMs / trials).toFixed(0)} ms, 2 workers, best of ${rounds}; ${NOTE}`,
    },
    {
      name: 'research.speedup_1_to_2_workers',
      value: speedup,
      unit: '×',
      target: { text: `≥ ${SPEEDUP_TARGET}×`, met: speedup >= SPEEDUP_TARGET },
      note: `1 worker ${(one / 1000).toFixed(2)} s, 2 workers ${(two / 1000).toFixed(2)} s for ${trials} trials (best of ${rounds}); ${NOTE}`,
    },
  ];
}
