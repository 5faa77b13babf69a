import type { TrialRunner } from '../pool/trial-runner';
import type { WindowRecord } from '../store/research-store';
import type { ObjectiveName } from './objectives';
import { optimize, type OptimizeOptions, type OptimizeProgress } from './optimize';
import type { Sampler } from '../search';
import type { WalkForwardWindow } from '../walk-forward';

export interface WalkForwardOptions extends Omit<
  OptimizeOptions,
  'sampler' | 'from' | 'to' | 'kind' | 'parentId' | 'onProgress' | 'walkForward'
> {
  /** Planned by research-math's planWindows; `index` is the window's position. */
  windows: WalkForwardWindow[];
  /** The plan as the user gave it (e.g. { in: '90d', out: '30d' }), stored with the run. */
  plan: unknown;
  /** A fresh sampler per window (seeded from the run's seed and the window index). */
  samplerFor(windowIdx: number): Sampler;
  onProgress?(windowIdx: number, p: OptimizeProgress): void;
  onWindow?(w: WindowRecord): void;
}

export interface WalkForwardRun {
  runId: string;
  status: 'done' | 'interrupted';
  windows: WindowRecord[];
}

export const windowRunId = (runId: string, idx: number): string => `${runId}.w${idx}`;

/**
 * Walk-forward: for each planned window, optimize on the in-sample part (a child run of this
 * one), then evaluate the best in-sample parameters once on the out-of-sample part. Both are
 * stored; a resumed walk-forward skips the windows it finished.
 */
export async function walkForward(o: WalkForwardOptions): Promise<WalkForwardRun> {
  const first = o.windows[0];
  const last = o.windows[o.windows.length - 1];
  if (!first || !last) throw new RangeError('walk-forward needs at least one window');
  const parent = {
    id: o.runId,
    parentId: null,
    kind: 'walk-forward' as const,
    strategy: o.strategy,
    symbols: o.symbols,
    from: first.inFrom,
    to: last.outTo,
    data: o.data,
    objectives: o.objectives as ObjectiveName[],
    sampler: o.samplerName,
    seed: o.seed,
    space: o.space,
    trials: o.trials,
    batch: o.batch ?? o.runner.size,
    walkForward: { plan: o.plan, windows: o.windows },
  };
  if (o.store.getRun(o.runId)) o.store.setRunStatus(o.runId, 'running');
  else o.store.createRun(parent);

  for (const [idx, w] of o.windows.entries()) {
    const inRunId = windowRunId(o.runId, idx);
    o.store.putWindow({ runId: o.runId, idx, ...w, inRunId });
    const done = o.store.windows(o.runId)[idx];
    if (done && done.outStatus !== 'pending') {
      o.onWindow?.(done);
      continue;
    }
    const inSample = await optimize({
      ...o,
      runId: inRunId,
      from: w.inFrom,
      to: w.inTo,
      sampler: o.samplerFor(idx),
      kind: 'in-sample',
      parentId: o.runId,
      onProgress: (p) => o.onProgress?.(idx, p),
    });
    if (inSample.status === 'interrupted') {
      o.store.setRunStatus(o.runId, 'interrupted');
      return { runId: o.runId, status: 'interrupted', windows: o.store.windows(o.runId) };
    }
    const best = inSample.best;
    if (best === null) {
      o.store.windowOutcome(o.runId, idx, {
        bestParams: null,
        inMetrics: null,
        outMetrics: null,
        status: 'failed',
        error: 'no in-sample trial succeeded',
      });
    } else {
      const outcome = await runOutOfSample(o.runner, o, w, best.params, `${inRunId}.oos`);
      o.store.windowOutcome(o.runId, idx, {
        bestParams: best.params,
        inMetrics: best.metrics,
        outMetrics: outcome.ok ? outcome.metrics : null,
        status: outcome.ok ? 'done' : 'failed',
        ...(outcome.ok ? {} : { error: outcome.error }),
      });
    }
    const record = o.store.windows(o.runId)[idx];
    if (record) o.onWindow?.(record);
  }
  const windows = o.store.windows(o.runId);
  o.store.setRunStatus(o.runId, 'done', {
    windows: windows.map((w) => ({ idx: w.idx, in: w.inMetrics, out: w.outMetrics, status: w.outStatus })),
  });
  return { runId: o.runId, status: 'done', windows };
}

function runOutOfSample(
  runner: TrialRunner,
  o: WalkForwardOptions,
  w: WalkForwardWindow,
  params: Record<string, number | string | boolean>,
  jobId: string,
): ReturnType<TrialRunner['run']> {
  return runner.run(
    {
      strategy: o.strategy,
      params,
      symbols: o.symbols,
      from: w.outFrom,
      to: w.outTo,
      data: o.data,
      seed: o.seed,
    },
    jobId,
  );
}
