import type { TrialOutcome, TrialRunner } from '../pool/trial-runner';
import { RunMismatch } from '../store/errors';
import type { ResearchStore, RunKind, RunSettings, TrialRecord } from '../store/research-store';
import type { ParamSet, TrialMetrics, TrialSpec } from '../trial';
import { scoreOf, type ObjectiveName } from './objectives';
import { paretoFront, type Sampler } from '../search';

export interface OptimizeProgress {
  runId: string;
  /** Trials told so far (done + failed), of `total`. */
  finished: number;
  total: number;
  failed: number;
  /** Trials taken from the store instead of evaluated (a resumed run). */
  replayed: number;
  /** Best trial so far by the first objective. */
  best: { n: number; params: ParamSet; metrics: TrialMetrics } | null;
}

export interface OptimizeOptions {
  runId: string;
  strategy: string;
  symbols: string[];
  from: number;
  to: number;
  data: string;
  seed: number;
  /** The search space as the sampler was built from it; stored with the run, JSON. */
  space: unknown;
  sampler: Sampler;
  samplerName: string;
  /** One objective, or several (the result then carries the Pareto front). */
  objectives: ObjectiveName[];
  trials: number;
  runner: TrialRunner;
  store: ResearchStore;
  /**
   * Trials asked before the oldest unfinished one is told (default runner.size). Trial n is
   * asked once trials 0..n-batch are told, in trial order, whatever order they finish in: the
   * run is the same for the same seed and batch on one machine or many.
   */
  batch?: number;
  kind?: RunKind;
  parentId?: string | null;
  walkForward?: unknown;
  onProgress?(p: OptimizeProgress): void;
  /** Stops asking; trials in flight are stored when they end, then the run is 'interrupted'. */
  signal?: AbortSignal;
}

export interface OptimizeResult {
  runId: string;
  status: 'done' | 'interrupted';
  trials: TrialRecord[];
  /** Best done trial by the first objective (null when none succeeded). */
  best: TrialRecord | null;
  /** Non-dominated done trials over all objectives (one objective: the best trial alone). */
  front: TrialRecord[];
  replayed: number;
}

/** A resumed run must be the same run: everything that shapes its trials must match. */
function assertSameRun(stored: RunSettings, wanted: RunSettings): void {
  const fields: (keyof RunSettings)[] = [
    'kind',
    'strategy',
    'symbols',
    'from',
    'to',
    'data',
    'objectives',
    'sampler',
    'seed',
    'space',
    'batch',
  ];
  for (const f of fields)
    if (JSON.stringify(stored[f]) !== JSON.stringify(wanted[f])) throw new RunMismatch(wanted.id, f);
}

export const trialJobId = (runId: string, n: number): string => `${runId}.t${n}`;

/**
 * The optimization loop: ask up to `batch` trials ahead, evaluate them on the runner, store each
 * as it ends, tell the sampler in trial order. Running it again with the same run id resumes: the
 * sampler is asked and told the stored trials again (nothing finished is re-evaluated) and the
 * trials that never finished run now.
 */
export async function optimize(o: OptimizeOptions): Promise<OptimizeResult> {
  const batch = o.batch ?? o.runner.size;
  if (!Number.isInteger(batch) || batch < 1)
    throw new RangeError(`batch must be a whole number ≥ 1, got ${batch}`);
  if (!Number.isInteger(o.trials) || o.trials < 1)
    throw new RangeError(`trials must be ≥ 1, got ${o.trials}`);
  const settings: RunSettings = {
    id: o.runId,
    parentId: o.parentId ?? null,
    kind: o.kind ?? 'optimize',
    strategy: o.strategy,
    symbols: o.symbols,
    from: o.from,
    to: o.to,
    data: o.data,
    objectives: o.objectives,
    sampler: o.samplerName,
    seed: o.seed,
    space: o.space,
    trials: o.trials,
    batch,
    walkForward: o.walkForward ?? null,
  };
  const existing = o.store.getRun(o.runId);
  if (existing) {
    assertSameRun(existing, settings);
    o.store.setRunStatus(o.runId, 'running');
  } else o.store.createRun(settings);
  const stored = new Map(o.store.trials(o.runId).map((t) => [t.n, t]));

  let aborted = o.signal?.aborted ?? false;
  const onAbort = (): void => {
    aborted = true;
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });

  let replayed = 0;
  const asked = new Map<number, ParamSet>();
  const launch = (n: number): Promise<TrialOutcome | null> => {
    const params = o.sampler.ask();
    asked.set(n, params);
    const before = stored.get(n);
    if (before && JSON.stringify(before.params) !== JSON.stringify(params))
      throw new RunMismatch(o.runId, `sampler sequence (trial ${n} was ${JSON.stringify(before.params)})`);
    if (before && before.status !== 'running') {
      replayed++;
      return Promise.resolve(
        before.status === 'done' && before.metrics
          ? { ok: true, metrics: before.metrics, worker: before.worker ?? 'stored' }
          : { ok: false, error: before.error ?? 'failed', worker: before.worker },
      );
    }
    o.store.trialStarted(o.runId, n, params);
    const spec: TrialSpec = {
      strategy: o.strategy,
      params,
      symbols: o.symbols,
      from: o.from,
      to: o.to,
      data: o.data,
      seed: o.seed,
    };
    return o.runner.run(spec, trialJobId(o.runId, n)).then((outcome) => {
      // A trial cut short by the interruption stays 'running': the resume evaluates it again.
      if (aborted && !outcome.ok) return null;
      if (outcome.ok) o.store.trialDone(o.runId, n, outcome.metrics, outcome.worker);
      else o.store.trialFailed(o.runId, n, outcome.error, outcome.worker);
      return outcome;
    });
  };

  const pending = new Map<number, Promise<TrialOutcome | null>>();
  let nextAsk = 0;
  let told = 0;
  let failed = 0;
  let best: OptimizeProgress['best'] = null;
  let bestScore = -Infinity;
  try {
    while (told < o.trials) {
      while (!aborted && nextAsk < o.trials && nextAsk < told + batch) {
        pending.set(nextAsk, launch(nextAsk));
        nextAsk++;
      }
      const next = pending.get(told);
      if (!next) break;
      const outcome = await next;
      pending.delete(told);
      if (outcome === null) break;
      const n = told;
      const params = asked.get(n) as ParamSet;
      asked.delete(n);
      told++;
      if (!outcome.ok) {
        // A failed trial is told as not finite: the samplers rank it below every real score.
        failed++;
        o.sampler.tell(params, o.objectives.length === 1 ? Number.NaN : o.objectives.map(() => Number.NaN));
      } else {
        const score = scoreOf(outcome.metrics, o.objectives);
        o.sampler.tell(params, o.objectives.length === 1 ? (score[0] as number) : score);
        if ((score[0] as number) > bestScore) {
          bestScore = score[0] as number;
          best = { n, params, metrics: outcome.metrics };
        }
      }
      o.onProgress?.({ runId: o.runId, finished: told, total: o.trials, failed, replayed, best });
    }
    // Interrupted: let the trials in flight end (and be stored) before reporting.
    await Promise.all(pending.values());
  } catch (err) {
    // The runner or the sampler broke (a lost Redis, a sampler bug): what is stored stays, and
    // the run can be resumed once the cause is fixed.
    await Promise.allSettled(pending.values());
    o.store.setRunStatus(o.runId, 'interrupted');
    throw err;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }

  const status = told >= o.trials ? 'done' : 'interrupted';
  const trials = o.store.trials(o.runId);
  const ok = trials.filter(
    (t): t is TrialRecord & { metrics: TrialMetrics } => t.status === 'done' && t.metrics !== null,
  );
  const scores = ok.map((t) => scoreOf(t.metrics, o.objectives));
  let bestIdx = -1;
  scores.forEach((s, i) => {
    if (bestIdx < 0 || (s[0] as number) > (scores[bestIdx]?.[0] as number)) bestIdx = i;
  });
  const bestTrial = bestIdx < 0 ? null : (ok[bestIdx] as TrialRecord);
  const front =
    o.objectives.length > 1
      ? paretoFront(
          scores,
          o.objectives.map(() => 'maximize' as const),
        ).map((i) => ok[i] as TrialRecord)
      : bestTrial
        ? [bestTrial]
        : [];
  o.store.setRunStatus(o.runId, status, {
    done: ok.length,
    failed: trials.filter((t) => t.status === 'failed').length,
    best: bestTrial === null ? null : { n: bestTrial.n, params: bestTrial.params },
    front: front.map((t) => t.n),
  });
  return { runId: o.runId, status, trials, best: bestTrial, front, replayed };
}
