import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  BacktestStartRequest,
  type BacktestRunSummary,
  type ResearchRunDetail,
  type ResearchRunSummary,
  type ResearchTrial,
} from '@aurora/contracts';
import {
  RESEARCH_DB_FILE,
  ResearchStore,
  ResearchStoreError,
  type RunRecord,
  type TrialRecord,
} from '@aurora/research/reader';
import { frontOf, metricsView, scoresOf, summaryOf, walkForwardOf } from './research-view';

/** Why the Research page cannot answer, as the API says it. */
export class ResearchError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 503,
    readonly code: string,
    message: string,
    readonly fields?: Array<{ path: string; message: string }>,
  ) {
    super(message);
    this.name = 'ResearchError';
  }
}

export interface ResearchServiceDeps {
  dataDir: string;
  /** Each time the store file could not be read: a metric and the error log (folded by the state). */
  onStoreProblem(problem: string): void;
}

/** A trial, its run, and what a backtest of it would be asked. */
export interface TrialSpecOf {
  run: RunRecord;
  trial: TrialRecord;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The backtest request that reproduces a trial. Research runs on a catalog directory or synthetic
 * data; the bot backtests on its own catalog or the same synthetic spec.
 */
export function backtestRequestOf(
  run: RunRecord,
  trial: TrialRecord,
): ReturnType<typeof BacktestStartRequest.safeParse> {
  return BacktestStartRequest.safeParse({
    strategy: run.strategy,
    params: trial.params,
    symbols: run.symbols,
    from: run.from,
    to: run.to,
    data: run.data.startsWith('synthetic') ? run.data : 'catalog',
  });
}

/** A stored backtest is this trial's report when it was asked the trial's spec. */
function reportOf(
  run: RunRecord,
  trial: TrialRecord,
  backtests: readonly BacktestRunSummary[],
): BacktestRunSummary | null {
  const data = run.data.startsWith('synthetic') ? run.data : 'catalog';
  for (const b of backtests) {
    const r = b.request;
    if (
      r.strategy !== run.strategy ||
      r.from !== run.from ||
      r.to !== run.to ||
      r.data !== data ||
      !sameList(r.symbols, run.symbols)
    )
      continue;
    if (b.status === 'failed') continue;
    if (Object.entries(trial.params).every(([k, v]) => r.params[k] === v)) return b;
  }
  return null;
}

/**
 * The research store as the bot reads it: runs and trials written by `npm run optimize`. The bot
 * never writes runs or trials; a missing file is an empty list, an unreadable one an answer that
 * says why (and the file is left as it is).
 */
export class ResearchService {
  private store: ResearchStore | null = null;
  readonly path: string;

  constructor(private readonly deps: ResearchServiceDeps) {
    this.path = join(deps.dataDir, RESEARCH_DB_FILE);
  }

  /** Null when no run was ever stored here. */
  private open(): ResearchStore | null {
    if (this.store) return this.store;
    // Opening would create the file: a bot that never ran the optimizer keeps no empty database.
    if (!existsSync(this.path)) return null;
    try {
      this.store = ResearchStore.open(this.path);
      return this.store;
    } catch (err) {
      throw this.unavailable(err);
    }
  }

  private unavailable(err: unknown): ResearchError {
    const reason =
      err instanceof ResearchStoreError ? err.message : `${this.path}: ${(err as Error).message}`;
    this.deps.onStoreProblem(reason);
    return new ResearchError(
      503,
      'RESEARCH_STORE_UNAVAILABLE',
      `The research store cannot be read: ${reason}`,
    );
  }

  /** Reads through the store; a read that fails closes it, so the next one opens the file afresh. */
  private read<T>(fn: (store: ResearchStore) => T, empty: T): T {
    const store = this.open();
    if (store === null) return empty;
    try {
      return fn(store);
    } catch (err) {
      store.close();
      this.store = null;
      throw this.unavailable(err);
    }
  }

  list(): ResearchRunSummary[] {
    return this.read(
      (s) =>
        s
          .listRuns(null)
          .map((r) => summaryOf(r, s.trials(r.id), r.kind === 'walk-forward' ? s.windows(r.id) : null)),
      [],
    );
  }

  detail(id: string, backtests: readonly BacktestRunSummary[]): ResearchRunDetail {
    const found = this.read((s) => {
      const run = s.getRun(id);
      if (!run) return null;
      const listing = (run.parentId === null ? s.listRuns(null) : s.listRuns(run.parentId)).find(
        (r) => r.id === id,
      );
      const trials = s.trials(id);
      const children = s.listRuns(id).map((c) => summaryOf(c, s.trials(c.id)));
      const windows = run.kind === 'walk-forward' ? s.windows(id) : null;
      return { run, listing, trials, children, windows };
    }, null);
    if (!found || !found.listing) throw new ResearchError(404, 'NOT_FOUND', `Research run ${id} not found`);
    const { run, listing, trials, children, windows } = found;
    return {
      run: summaryOf(listing, trials, windows),
      trials: trials.map((t): ResearchTrial => {
        const report = reportOf(run, t, backtests);
        return {
          n: t.n,
          status: t.status,
          params: t.params,
          metrics: metricsView(t.metrics),
          scores: scoresOf(t, run.objectives),
          trade_hash: t.tradeHash,
          error: t.error,
          started_at: t.startedAt,
          finished_at: t.finishedAt,
          worker: t.worker,
          report: report ? { backtest_id: report.id, status: report.status } : null,
        };
      }),
      pareto_front: frontOf(trials, run.objectives),
      walk_forward: windows ? walkForwardOf(windows, run.objectives) : null,
      children,
    };
  }

  /** The run and one of its trials; a trial that did not finish cannot be backtested or applied. */
  trial(id: string, n: number): TrialSpecOf {
    const found = this.read((s) => {
      const run = s.getRun(id);
      return run ? { run, trial: s.trials(id).find((t) => t.n === n) ?? null } : null;
    }, null);
    if (!found) throw new ResearchError(404, 'NOT_FOUND', `Research run ${id} not found`);
    if (!found.trial) throw new ResearchError(404, 'NOT_FOUND', `Trial ${n} of research run ${id} not found`);
    if (found.trial.status !== 'done')
      throw new ResearchError(
        409,
        'TRIAL_NOT_DONE',
        `Trial ${n} of run ${id} is ${found.trial.status}: only a finished trial has parameters worth using`,
      );
    return { run: found.run, trial: found.trial };
  }

  /** The stored backtest that is this trial's report, if any. */
  reportFor(spec: TrialSpecOf, backtests: readonly BacktestRunSummary[]): BacktestRunSummary | null {
    return reportOf(spec.run, spec.trial, backtests);
  }

  close(): void {
    this.store?.close();
    this.store = null;
  }
}
