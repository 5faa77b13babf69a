import type {
  ResearchMetrics,
  ResearchObjective,
  ResearchRunSummary,
  ResearchWalkForward,
} from '@aurora/contracts';
import {
  OBJECTIVE_METRICS,
  OBJECTIVES,
  metricOf,
  paretoFront,
  scoreOf,
  walkForwardSummary,
  type Objective,
  type ObjectiveName,
  type RunListing,
  type TrialMetrics,
  type TrialRecord,
  type WindowRecord,
} from '@aurora/research/reader';

/** JSON has no NaN or Infinity: a statistic that is not finite is null. */
export const finite = (v: number | null | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/** Objective names the store holds that this code does not know are shown, never ranked by. */
const known = (name: string): name is ObjectiveName => name in OBJECTIVE_METRICS;

export function objectivesOf(names: readonly string[]): ResearchObjective[] {
  return names.map((name) =>
    known(name)
      ? { name, metric: OBJECTIVE_METRICS[name].metric, better: OBJECTIVE_METRICS[name].better }
      : { name, metric: name, better: 'higher' as const },
  );
}

export function metricsView(m: TrialMetrics | null): ResearchMetrics | null {
  if (m === null) return null;
  return {
    total_return_pct: finite(m.totalReturnPct),
    sharpe: finite(m.sharpe),
    sortino: finite(m.sortino),
    calmar: finite(m.calmar),
    max_drawdown_pct: finite(m.maxDrawdownPct),
    profit: finite(m.profit),
    expectancy: finite(m.expectancy),
    win_rate_pct: finite(m.winRatePct),
    trades: finite(m.trades),
  };
}

/** The trial's value per objective, as the user reads it (drawdown positive). */
export const scoresOf = (t: TrialRecord, objectives: readonly string[]): (number | null)[] =>
  objectives.map((o) =>
    t.status === 'done' && t.metrics && known(o) ? finite(metricOf(t.metrics, o)) : null,
  );

type Done = TrialRecord & { metrics: TrialMetrics };
const doneTrials = (trials: readonly TrialRecord[]): Done[] =>
  trials.filter((t): t is Done => t.status === 'done' && t.metrics !== null);

/** Ranked by the first objective (higher is better once oriented); a score that is not finite never wins. */
export function bestTrial(trials: readonly TrialRecord[], objectives: readonly string[]): Done | null {
  const first = objectives[0];
  if (first === undefined || !known(first)) return null;
  let best: Done | null = null;
  let bestScore = -Infinity;
  for (const t of doneTrials(trials)) {
    const s = scoreOf(t.metrics, [first])[0] as number;
    if (Number.isFinite(s) && s > bestScore) {
      best = t;
      bestScore = s;
    }
  }
  return best;
}

/** Non-dominated done trials over every objective; with one objective, the best trial alone. */
export function frontOf(trials: readonly TrialRecord[], objectives: readonly string[]): number[] {
  const names = objectives.filter(known);
  if (names.length !== objectives.length || names.length === 0) return [];
  if (names.length === 1) {
    const best = bestTrial(trials, names);
    return best ? [best.n] : [];
  }
  const ok = doneTrials(trials).filter((t) => scoreOf(t.metrics, names).every(Number.isFinite));
  const front = paretoFront(
    ok.map((t) => scoreOf(t.metrics, names)),
    names.map(() => 'maximize' as const),
  );
  return front.map((i) => (ok[i] as Done).n);
}

/** Windows planned: the stored plan's list when it has one, else the windows started so far. */
function plannedWindows(run: RunListing, started: number): number {
  const plan = run.walkForward as { windows?: unknown } | null;
  return Array.isArray(plan?.windows) ? Math.max(plan.windows.length, started) : started;
}

export function summaryOf(
  run: RunListing,
  trials: readonly TrialRecord[] | null,
  windows: readonly WindowRecord[] | null = null,
): ResearchRunSummary {
  const best = trials ? bestTrial(trials, run.objectives) : null;
  const first = run.objectives[0];
  return {
    id: run.id,
    parent_id: run.parentId,
    kind: run.kind,
    status: run.status,
    created_at: run.createdAt,
    strategy: run.strategy,
    symbols: run.symbols,
    from: run.from,
    to: run.to,
    data: run.data,
    objectives: objectivesOf(run.objectives),
    sampler: run.sampler,
    seed: run.seed,
    trials_planned: run.trials,
    trials_done: run.done,
    trials_failed: run.failed,
    best:
      best && first !== undefined && known(first)
        ? { n: best.n, score: finite(metricOf(best.metrics, first)) }
        : null,
    windows:
      run.kind === 'walk-forward'
        ? {
            done: (windows ?? []).filter((w) => w.outStatus !== 'pending').length,
            planned: plannedWindows(run, windows?.length ?? 0),
          }
        : null,
  };
}

const isObjective = (name: string | undefined): name is Objective =>
  (OBJECTIVES as readonly string[]).includes(name ?? '');

/**
 * In-sample against out-of-sample per window. The five ranking objectives go through
 * research's walkForwardSummary (profit compared per unit of time); any other objective is shown
 * as its raw values, with out / in as the degradation.
 */
export function walkForwardOf(
  windows: readonly WindowRecord[],
  objectives: readonly string[],
): ResearchWalkForward {
  const objective = objectives[0];
  const finished = windows.filter(
    (w): w is WindowRecord & { inMetrics: TrialMetrics; outMetrics: TrialMetrics } =>
      w.outStatus === 'done' && w.inMetrics !== null && w.outMetrics !== null,
  );
  const scored = new Map<
    number,
    { inScore: number | null; outScore: number | null; degradation: number | null }
  >();
  let summary: Omit<ResearchWalkForward, 'windows'> = {
    mean_in_score: null,
    mean_out_score: null,
    efficiency: null,
    median_degradation: null,
    positive_out_share: null,
  };
  if (finished.length > 0 && isObjective(objective)) {
    const s = walkForwardSummary(
      finished.map((w) => ({
        in: w.inMetrics,
        out: w.outMetrics,
        inMs: w.inTo - w.inFrom,
        outMs: w.outTo - w.outFrom,
      })),
      objective,
    );
    s.windows.forEach((ws, i) =>
      scored.set((finished[i] as WindowRecord).idx, {
        inScore: finite(ws.inScore),
        outScore: finite(ws.outScore),
        degradation: finite(ws.degradation),
      }),
    );
    summary = {
      mean_in_score: finite(s.meanInScore),
      mean_out_score: finite(s.meanOutScore),
      efficiency: finite(s.efficiency),
      median_degradation: finite(s.medianDegradation),
      positive_out_share: finite(s.positiveOutShare),
    };
  } else if (objective !== undefined && known(objective)) {
    for (const w of finished) {
      const inScore = finite(metricOf(w.inMetrics, objective));
      const outScore = finite(metricOf(w.outMetrics, objective));
      scored.set(w.idx, {
        inScore,
        outScore,
        degradation: inScore !== null && outScore !== null && inScore > 0 ? outScore / inScore : null,
      });
    }
  }
  return {
    windows: windows.map((w) => {
      const s = scored.get(w.idx);
      const inScore =
        s?.inScore ??
        (w.inMetrics && objective && known(objective) ? finite(metricOf(w.inMetrics, objective)) : null);
      return {
        idx: w.idx,
        in_from: w.inFrom,
        in_to: w.inTo,
        out_from: w.outFrom,
        out_to: w.outTo,
        in_run_id: w.inRunId,
        status: w.outStatus,
        error: w.outError,
        best_params: w.bestParams,
        in_score: inScore,
        out_score: s?.outScore ?? null,
        degradation: s?.degradation ?? null,
      };
    }),
    ...summary,
  };
}
