import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluate } from '../pool/fixtures/quadratic-evaluator.fixture';
import { RunMismatch } from '../store/errors';
import { ResearchStore, type TrialRecord } from '../store/research-store';
import type { TrialSpec } from '../trial';
import { InProcessTestRunner } from './in-process-runner.fixture';
import { scoreOf } from './objectives';
import { optimize, type OptimizeOptions } from './optimize';
import { LearningTestSampler } from './test-sampler.fixture';
import { walkForward } from './walk-forward';

const DAY = 86_400_000;
const work = (spec: TrialSpec) => evaluate({ ...spec, params: { ...spec.params, work: 200 } });
/** Trials with x above 4 fail: the evaluator throws for them. */
const sometimesFails = async (spec: TrialSpec) => {
  if (Number(spec.params.x) > 3.5) throw new Error('no data for x > 3.5');
  return work(spec);
};

const comparable = (ts: TrialRecord[]) =>
  ts.map((t) => ({ n: t.n, params: t.params, status: t.status, metrics: t.metrics, error: t.error }));

describe('optimize', () => {
  let store: ResearchStore;
  beforeEach(() => {
    store = ResearchStore.open(':memory:');
  });
  afterEach(() => store.close());

  const options = (over: Partial<OptimizeOptions> = {}): OptimizeOptions => ({
    runId: 'run-1',
    strategy: 'fixture',
    symbols: ['BTCUSDT'],
    from: 0,
    to: 30 * DAY,
    data: 'synthetic:days=30,seed=1',
    seed: 42,
    space: { x: [-5, 5], y: [-5, 5] },
    sampler: new LearningTestSampler(42),
    samplerName: 'test',
    objectives: ['sharpe'],
    trials: 40,
    runner: new InProcessTestRunner(3, sometimesFails),
    store,
    ...over,
  });

  it('stores every trial, tells the sampler every trial in trial order (failures as NaN) and finds the best', async () => {
    const sampler = new LearningTestSampler(42);
    const progress: number[] = [];
    const r = await optimize(options({ sampler, onProgress: (p) => progress.push(p.finished) }));
    expect(r.status).toBe('done');
    expect(r.trials).toHaveLength(40);
    expect(r.trials.every((t) => t.status !== 'running')).toBe(true);
    const ok = r.trials.filter((t) => t.status === 'done');
    const failed = r.trials.filter((t) => t.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((t) => Number(t.params.x) > 3.5 && t.error === 'no data for x > 3.5')).toBe(true);
    expect(sampler.told.map((t) => t.params)).toEqual(r.trials.map((t) => t.params));
    expect(sampler.told.map((t) => Number.isNaN(t.value))).toEqual(
      r.trials.map((t) => t.status === 'failed'),
    );
    expect(progress).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const bestSharpe = Math.max(...ok.map((t) => t.metrics!.sharpe));
    expect(r.best?.metrics?.sharpe).toBe(bestSharpe);
    expect(store.requireRun('run-1')).toMatchObject({
      status: 'done',
      batch: 3,
      summary: { best: { n: r.best!.n } },
    });
  });

  it('gives the same trials whatever order they finish in and whatever the runner size, for one seed and batch', async () => {
    const a = await optimize(options({ runId: 'a', batch: 4, runner: new InProcessTestRunner(1, work) }));
    const b = await optimize(options({ runId: 'b', batch: 4, runner: new InProcessTestRunner(4, work) }));
    expect(comparable(b.trials)).toEqual(comparable(a.trials));
  });

  it('an interrupted run resumes where it stopped: finished trials are replayed, never re-evaluated', async () => {
    const full = await optimize(options({ runId: 'full' }));

    const stop = new AbortController();
    const first = new InProcessTestRunner(3, sometimesFails, () => {
      if (first.calls.length === 17) stop.abort();
    });
    const cut = await optimize(options({ runId: 'cut', runner: first, signal: stop.signal }));
    expect(cut.status).toBe('interrupted');
    expect(store.requireRun('cut').status).toBe('interrupted');
    const finishedBefore = store.trials('cut').filter((t) => t.status !== 'running');
    expect(finishedBefore.length).toBeGreaterThan(10);
    expect(finishedBefore.length).toBeLessThan(40);

    const second = new InProcessTestRunner(3, sometimesFails);
    const resumed = await optimize(options({ runId: 'cut', runner: second }));
    expect(resumed.status).toBe('done');
    expect(resumed.replayed).toBe(finishedBefore.length);
    const reEvaluated = second.calls.map((id) => Number(id.split('.t')[1]));
    expect(reEvaluated.some((n) => finishedBefore.some((t) => t.n === n))).toBe(false);
    expect(reEvaluated.length).toBe(40 - finishedBefore.length);
    expect(comparable(resumed.trials)).toEqual(comparable(full.trials));
  });

  it('refuses to resume a run with another seed or objective', async () => {
    await optimize(options({ trials: 3 }));
    await expect(optimize(options({ trials: 3, seed: 43 }))).rejects.toBeInstanceOf(RunMismatch);
    await expect(optimize(options({ trials: 3, objectives: ['sortino'] }))).rejects.toThrow(
      /another objectives/,
    );
  });

  it('with several objectives reports the non-dominated trials', async () => {
    const r = await optimize(options({ objectives: ['return', 'drawdown'], trials: 30 }));
    const ok = r.trials.filter((t) => t.status === 'done');
    const score = (t: TrialRecord) => scoreOf(t.metrics!, ['return', 'drawdown']);
    expect(r.front.length).toBeGreaterThan(1);
    for (const f of r.front)
      for (const t of ok) {
        const [fr, fd] = score(f);
        const [tr, td] = score(t);
        expect(tr! >= fr! && td! >= fd! && (tr! > fr! || td! > fd!)).toBe(false);
      }
    for (const t of ok.filter((t) => !r.front.includes(t)))
      expect(r.front.some((f) => score(f)[0]! >= score(t)[0]! && score(f)[1]! >= score(t)[1]!)).toBe(true);
  });
});

describe('walkForward', () => {
  it('optimizes each in-sample window, scores the best out of sample, and a resume skips finished windows', async () => {
    const store = ResearchStore.open(':memory:');
    const windows = [
      { index: 0, inFrom: 0, inTo: 90 * DAY, outFrom: 90 * DAY, outTo: 120 * DAY },
      { index: 1, inFrom: 30 * DAY, inTo: 120 * DAY, outFrom: 120 * DAY, outTo: 150 * DAY },
    ];
    const runner = new InProcessTestRunner(2, work);
    const base = {
      runId: 'wf',
      strategy: 'fixture',
      symbols: ['BTCUSDT'],
      data: 'synthetic:days=150,seed=1',
      seed: 5,
      space: {},
      samplerName: 'test',
      objectives: ['sharpe' as const],
      trials: 12,
      runner,
      store,
      windows,
      plan: { in: '90d', out: '30d' },
      samplerFor: (i: number) => new LearningTestSampler(5 + i),
    };
    const r = await walkForward(base);
    expect(r.status).toBe('done');
    expect(r.windows.map((w) => [w.idx, w.outStatus, w.inRunId])).toEqual([
      [0, 'done', 'wf.w0'],
      [1, 'done', 'wf.w1'],
    ]);
    for (const w of r.windows) {
      const best = (store.requireRun(w.inRunId).summary as { best: { params: unknown } }).best;
      expect(w.bestParams).toEqual(best.params);
      const oos = await work({
        strategy: 'fixture',
        params: w.bestParams!,
        symbols: ['BTCUSDT'],
        from: w.outFrom,
        to: w.outTo,
        data: base.data,
        seed: 5,
      });
      expect(w.outMetrics).toEqual(oos);
    }
    expect(store.listRuns().map((x) => x.id)).toEqual(['wf']);
    expect(
      store
        .listRuns('wf')
        .map((x) => x.id)
        .sort(),
    ).toEqual(['wf.w0', 'wf.w1']);
    const callsBefore = runner.calls.length;
    expect(callsBefore).toBe(2 * 12 + 2);
    await walkForward(base);
    expect(runner.calls.length).toBe(callsBefore);
    store.close();
  });
});
