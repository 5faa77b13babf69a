import { fileURLToPath } from 'node:url';
import { optimize, ResearchStore, WorkerPool, type ParamSet, type Sampler } from '@aurora/research';
import type { BenchResult } from '../bench-result';
import { evaluate } from './cpu-evaluator';

const EVALUATOR = fileURLToPath(new URL('./cpu-evaluator.ts', import.meta.url));
const NOTE = 'fixture evaluator until the backtest evaluator is wired';
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
  const pool = await WorkerPool.start({ evaluator: EVALUATOR, size: workers });
  const store = ResearchStore.open(':memory:');
  try {
    // Warm each worker (JIT, tsx's first compile) outside the timing.
    await Promise.all(Array.from({ length: workers }, (_, i) => pool.run(spec({ x: i, work }), `warm${i}`)));
    const t0 = performance.now();
    const r = await optimize({
      runId: `bench-${workers}`,
      strategy: 'bench',
      symbols: ['BTCUSDT'],
      from: 0,
      to: 1,
      data: 'bench',
      seed: 1,
      space: {},
      sampler: new ListSampler(benchParams(trials, work)),
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
  return [
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
