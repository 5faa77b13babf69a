import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ParamSet, TrialMetrics } from '../trial';
import { ResearchStoreCorrupt, ResearchStoreTooNew, RunNotFound } from './errors';
import { MIGRATIONS, SCHEMA_VERSION } from './schema';

export const RESEARCH_DB_FILE = 'research.db';

export type RunKind = 'optimize' | 'walk-forward' | 'in-sample';
export type RunStatus = 'running' | 'done' | 'interrupted' | 'failed';
export type TrialStatus = 'running' | 'done' | 'failed';

export interface RunSettings {
  id: string;
  parentId: string | null;
  kind: RunKind;
  strategy: string;
  symbols: string[];
  from: number;
  to: number;
  data: string;
  objectives: string[];
  sampler: string;
  seed: number;
  space: unknown;
  trials: number;
  batch: number;
  walkForward: unknown;
}

export interface RunRecord extends RunSettings {
  createdAt: number;
  status: RunStatus;
  summary: unknown;
}

export interface RunListing extends RunRecord {
  done: number;
  failed: number;
}

export interface TrialRecord {
  runId: string;
  n: number;
  params: ParamSet;
  metrics: TrialMetrics | null;
  tradeHash: string | null;
  status: TrialStatus;
  error: string | null;
  startedAt: number;
  finishedAt: number | null;
  worker: string | null;
}

export interface WindowRecord {
  runId: string;
  idx: number;
  inFrom: number;
  inTo: number;
  outFrom: number;
  outTo: number;
  inRunId: string;
  bestParams: ParamSet | null;
  inMetrics: TrialMetrics | null;
  outMetrics: TrialMetrics | null;
  outStatus: 'pending' | 'done' | 'failed';
  outError: string | null;
}

export interface ResearchStoreOptions {
  /** Wall clock for created_at / started_at / finished_at; injected so tests are exact. */
  now?: () => number;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** SQLite would treat a zeroed or foreign file as empty and write a new database over it. */
function assertSqliteHeader(path: string): void {
  if (!existsSync(path) || statSync(path).size === 0) return;
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.equals(SQLITE_HEADER))
    throw new ResearchStoreCorrupt(path, 'not an SQLite database (bad header)');
}

const json = (v: unknown): string => JSON.stringify(v);
const parse = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

interface RunRow {
  id: string;
  parent_id: string | null;
  kind: RunKind;
  created_at: number;
  strategy: string;
  symbols: string;
  window_from: number;
  window_to: number;
  data: string;
  objectives: string;
  sampler: string;
  seed: number;
  space: string;
  trials: number;
  batch: number;
  status: RunStatus;
  walk_forward: string | null;
  summary: string | null;
}

interface TrialRow {
  run_id: string;
  n: number;
  params: string;
  metrics: string | null;
  trade_hash: string | null;
  status: TrialStatus;
  error: string | null;
  started_at: number;
  finished_at: number | null;
  worker: string | null;
}

interface WindowRow {
  run_id: string;
  idx: number;
  in_from: number;
  in_to: number;
  out_from: number;
  out_to: number;
  in_run_id: string;
  best_params: string | null;
  in_metrics: string | null;
  out_metrics: string | null;
  out_status: WindowRecord['outStatus'];
  out_error: string | null;
}

const toRun = (r: RunRow): RunRecord => ({
  id: r.id,
  parentId: r.parent_id,
  kind: r.kind,
  createdAt: r.created_at,
  strategy: r.strategy,
  symbols: JSON.parse(r.symbols) as string[],
  from: r.window_from,
  to: r.window_to,
  data: r.data,
  objectives: JSON.parse(r.objectives) as string[],
  sampler: r.sampler,
  seed: r.seed,
  space: JSON.parse(r.space) as unknown,
  trials: r.trials,
  batch: r.batch,
  status: r.status,
  walkForward: parse(r.walk_forward),
  summary: parse(r.summary),
});

const toTrial = (r: TrialRow): TrialRecord => ({
  runId: r.run_id,
  n: r.n,
  params: JSON.parse(r.params) as ParamSet,
  metrics: parse<TrialMetrics>(r.metrics),
  tradeHash: r.trade_hash,
  status: r.status,
  error: r.error,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  worker: r.worker,
});

const toWindow = (r: WindowRow): WindowRecord => ({
  runId: r.run_id,
  idx: r.idx,
  inFrom: r.in_from,
  inTo: r.in_to,
  outFrom: r.out_from,
  outTo: r.out_to,
  inRunId: r.in_run_id,
  bestParams: parse<ParamSet>(r.best_params),
  inMetrics: parse<TrialMetrics>(r.in_metrics),
  outMetrics: parse<TrialMetrics>(r.out_metrics),
  outStatus: r.out_status,
  outError: r.out_error,
});

/**
 * Every research run and every trial, in one SQLite file (WAL) under the data dir. A trial row
 * is written when it is asked (status running) and again when it ends, so an interrupted run
 * resumes from the file: finished trials are re-told to the sampler, never re-evaluated.
 */
export class ResearchStore {
  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {}

  static inDataDir(dataDir: string, options: ResearchStoreOptions = {}): ResearchStore {
    return ResearchStore.open(join(dataDir, RESEARCH_DB_FILE), options);
  }

  /** Opens (or creates) the file. Everything that could refuse it runs before the first write. */
  static open(path: string, options: ResearchStoreOptions = {}): ResearchStore {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true });
      assertSqliteHeader(path);
    }
    const db = new Database(path);
    try {
      let version: number;
      try {
        version = db.pragma('user_version', { simple: true }) as number;
        const check = db.pragma('quick_check', { simple: true }) as string;
        if (check !== 'ok') throw new ResearchStoreCorrupt(path, `quick_check: ${check}`);
      } catch (err) {
        if (err instanceof ResearchStoreCorrupt) throw err;
        const code = (err as { code?: string }).code ?? '';
        if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
          throw new ResearchStoreCorrupt(path, (err as Error).message);
        throw err;
      }
      if (version > SCHEMA_VERSION) throw new ResearchStoreTooNew(path, version, SCHEMA_VERSION);
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      for (let v = version + 1; v <= SCHEMA_VERSION; v++) {
        const ddl = MIGRATIONS[v];
        if (ddl === undefined) throw new Error(`research store: no migration to version ${v}`);
        db.transaction(() => {
          db.exec(ddl);
          db.pragma(`user_version = ${v}`);
        })();
      }
    } catch (err) {
      db.close();
      throw err;
    }
    return new ResearchStore(path, db, options.now ?? Date.now);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  createRun(run: RunSettings): RunRecord {
    this.db
      .prepare(
        `INSERT INTO runs (id, parent_id, kind, created_at, strategy, symbols, window_from, window_to, data,
           objectives, sampler, seed, space, trials, batch, status, walk_forward, summary)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, NULL)`,
      )
      .run(
        run.id,
        run.parentId,
        run.kind,
        this.now(),
        run.strategy,
        json(run.symbols),
        run.from,
        run.to,
        run.data,
        json(run.objectives),
        run.sampler,
        run.seed,
        json(run.space),
        run.trials,
        run.batch,
        run.walkForward === null || run.walkForward === undefined ? null : json(run.walkForward),
      );
    return this.requireRun(run.id);
  }

  getRun(id: string): RunRecord | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  requireRun(id: string): RunRecord {
    const run = this.getRun(id);
    if (!run) throw new RunNotFound(id);
    return run;
  }

  /** Top-level runs (or the children of one), newest first, with their trial counts. */
  listRuns(parentId: string | null = null): RunListing[] {
    const rows = this.db
      .prepare(
        `SELECT r.*,
           (SELECT COUNT(*) FROM trials t WHERE t.run_id = r.id AND t.status = 'done') AS done_count,
           (SELECT COUNT(*) FROM trials t WHERE t.run_id = r.id AND t.status = 'failed') AS failed_count
         FROM runs r WHERE r.parent_id IS ? ORDER BY r.created_at DESC, r.id`,
      )
      .all(parentId) as (RunRow & { done_count: number; failed_count: number })[];
    return rows.map((r) => ({ ...toRun(r), done: r.done_count, failed: r.failed_count }));
  }

  setRunStatus(id: string, status: RunStatus, summary?: unknown): void {
    const info =
      summary === undefined
        ? this.db.prepare('UPDATE runs SET status = ? WHERE id = ?').run(status, id)
        : this.db
            .prepare('UPDATE runs SET status = ?, summary = ? WHERE id = ?')
            .run(status, json(summary), id);
    if (info.changes === 0) throw new RunNotFound(id);
  }

  /** The trial is asked: stored before it is evaluated, so a resume knows its parameters. */
  trialStarted(runId: string, n: number, params: ParamSet): void {
    this.db
      .prepare(
        `INSERT INTO trials (run_id, n, params, status, started_at) VALUES (?, ?, ?, 'running', ?)
         ON CONFLICT (run_id, n) DO UPDATE SET started_at = excluded.started_at
         WHERE trials.status = 'running'`,
      )
      .run(runId, n, json(params), this.now());
  }

  trialDone(runId: string, n: number, metrics: TrialMetrics, worker: string): void {
    this.db
      .prepare(
        `UPDATE trials SET status = 'done', metrics = ?, trade_hash = ?, error = NULL, finished_at = ?, worker = ?
         WHERE run_id = ? AND n = ?`,
      )
      .run(json(metrics), metrics.tradeHash, this.now(), worker, runId, n);
  }

  trialFailed(runId: string, n: number, error: string, worker: string | null): void {
    this.db
      .prepare(
        `UPDATE trials SET status = 'failed', metrics = NULL, trade_hash = NULL, error = ?, finished_at = ?, worker = ?
         WHERE run_id = ? AND n = ?`,
      )
      .run(error, this.now(), worker, runId, n);
  }

  trials(runId: string): TrialRecord[] {
    return (this.db.prepare('SELECT * FROM trials WHERE run_id = ? ORDER BY n').all(runId) as TrialRow[]).map(
      toTrial,
    );
  }

  putWindow(
    w: Omit<WindowRecord, 'bestParams' | 'inMetrics' | 'outMetrics' | 'outStatus' | 'outError'>,
  ): void {
    this.db
      .prepare(
        `INSERT INTO walk_forward_windows (run_id, idx, in_from, in_to, out_from, out_to, in_run_id, out_status)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'pending') ON CONFLICT (run_id, idx) DO NOTHING`,
      )
      .run(w.runId, w.idx, w.inFrom, w.inTo, w.outFrom, w.outTo, w.inRunId);
  }

  windowOutcome(
    runId: string,
    idx: number,
    outcome: {
      bestParams: ParamSet | null;
      inMetrics: TrialMetrics | null;
      outMetrics: TrialMetrics | null;
      status: 'done' | 'failed';
      error?: string;
    },
  ): void {
    this.db
      .prepare(
        `UPDATE walk_forward_windows SET best_params = ?, in_metrics = ?, out_metrics = ?, out_status = ?, out_error = ?
         WHERE run_id = ? AND idx = ?`,
      )
      .run(
        outcome.bestParams === null ? null : json(outcome.bestParams),
        outcome.inMetrics === null ? null : json(outcome.inMetrics),
        outcome.outMetrics === null ? null : json(outcome.outMetrics),
        outcome.status,
        outcome.error ?? null,
        runId,
        idx,
      );
  }

  windows(runId: string): WindowRecord[] {
    return (
      this.db
        .prepare('SELECT * FROM walk_forward_windows WHERE run_id = ? ORDER BY idx')
        .all(runId) as WindowRow[]
    ).map(toWindow);
  }
}
