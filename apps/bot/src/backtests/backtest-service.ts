import { randomBytes } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { BacktestReport, BacktestRunSummary, BacktestStartRequest } from '@aurora/contracts';
import type { StrategyRegistry } from '@aurora/core';
import type { BacktestRunnerModule } from './backtest-runner';
import { BacktestStore, type StoredRun } from './backtest-store';
import { launchBacktestWorker } from './worker-launch';
import type { BacktestWorkerMessage } from './worker-protocol';

/** Why a run cannot start, as the API answers it. */
export class BacktestStartError extends Error {
  constructor(
    readonly status: 400 | 409 | 503,
    readonly code: 'BACKTEST_UNAVAILABLE' | 'BACKTEST_RUNNING' | 'UNKNOWN_STRATEGY' | 'INVALID_STRATEGY_PARAMS',
    message: string,
    readonly fields?: Array<{ path: string; message: string }>,
  ) {
    super(message);
    this.name = 'BacktestStartError';
  }
}

export interface BacktestServiceDeps {
  dataDir: string;
  /** null until a runner is wired: every start then answers 503 BACKTEST_UNAVAILABLE. */
  runner: BacktestRunnerModule | null;
  strategies: StrategyRegistry;
  clock: { now(): number };
  log: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
  /** Longest a run may take before its worker is stopped. */
  maxRunMs?: number;
  /** Least time between two progress updates pushed to listeners. */
  progressEveryMs?: number;
}

const DEFAULT_MAX_RUN_MS = 30 * 60_000;

const pad = (n: number): string => String(n).padStart(2, '0');
function runId(t: number): string {
  const d = new Date(t);
  const day = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  return `bt-${day}-${time}-${randomBytes(3).toString('hex')}`;
}

const figuresOf = (r: BacktestReport): NonNullable<BacktestRunSummary['figures']> => ({
  total_return_pct: r.total_return_pct,
  max_drawdown_pct: r.max_drawdown_pct,
  sharpe: r.sharpe,
  win_rate_pct: r.trades.win_rate_pct,
  profit_factor: r.trades.profit_factor,
  trades: r.trades.count,
  net_profit: r.net_profit,
  trade_hash: r.trade_hash,
});

/**
 * Backtests started from the dashboard: one at a time, each in a worker thread so live trading
 * never waits on it; finished runs are stored under the data dir and listed newest first.
 */
export class BacktestService {
  private readonly store: BacktestStore;
  private current: { run: BacktestRunSummary; worker: Worker; timer: NodeJS.Timeout; done: Promise<void> } | null = null;
  private readonly listeners = new Set<(run: BacktestRunSummary) => void>();
  private lastPush = 0;
  private closed = false;
  private reportedUnreadable = 0;

  constructor(private readonly deps: BacktestServiceDeps) {
    this.store = new BacktestStore(deps.dataDir);
    this.markInterrupted();
  }

  /** A run still marked running on disk died with the bot that ran it: say so, once. */
  private markInterrupted(): void {
    for (const run of this.store.list().runs) {
      if (run.status !== 'running') continue;
      try {
        this.store.save({ run: { ...run, status: 'failed', error: 'interrupted: the bot stopped during the run' }, report: null }, null);
        this.deps.log.warn({ id: run.id }, 'backtest interrupted by a restart');
      } catch (err) {
        this.deps.log.error({ id: run.id, err: (err as Error).message }, 'could not mark an interrupted backtest');
      }
    }
  }

  get available(): boolean {
    return this.deps.runner !== null;
  }

  /** Each change of a run: throttled progress while it runs, then its end. */
  onUpdate(listener: (run: BacktestRunSummary) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  strategies(): Array<{ name: string; description: string; params_schema: unknown }> {
    return this.deps.strategies.names().map((name) => {
      const s = this.deps.strategies.get(name)!;
      return { name, description: s.description, params_schema: z.toJSONSchema(s.params, { io: 'input', unrepresentable: 'any' }) };
    });
  }

  start(req: BacktestStartRequest): BacktestRunSummary {
    const runner = this.deps.runner;
    if (this.closed) throw new BacktestStartError(503, 'BACKTEST_UNAVAILABLE', 'The bot is shutting down; start the backtest after it is back');
    if (runner === null)
      throw new BacktestStartError(
        503,
        'BACKTEST_UNAVAILABLE',
        'Backtests are not available in this build: no backtest runner is wired into the bot (run `npm run backtest` from a terminal instead)',
      );
    if (this.current)
      throw new BacktestStartError(409, 'BACKTEST_RUNNING', `Backtest ${this.current.run.id} is still running; one runs at a time`);
    const strategy = this.deps.strategies.get(req.strategy);
    if (!strategy)
      throw new BacktestStartError(400, 'UNKNOWN_STRATEGY', `Unknown strategy "${req.strategy}" (known: ${this.deps.strategies.names().join(', ')})`, [
        { path: 'strategy', message: 'unknown strategy' },
      ]);
    const params = strategy.params.safeParse(req.params);
    if (!params.success) {
      const fields = params.error.issues.map((i) => ({ path: ['params', ...i.path].join('.'), message: i.message }));
      throw new BacktestStartError(400, 'INVALID_STRATEGY_PARAMS', `Invalid params for ${req.strategy}: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`, fields);
    }

    const startedAt = this.deps.clock.now();
    const run: BacktestRunSummary = {
      id: runId(startedAt),
      status: 'running',
      request: { ...req, params: params.data as Record<string, unknown> },
      started_at: startedAt,
      finished_at: null,
      progress: 0,
      error: null,
      figures: null,
    };
    const worker = launchBacktestWorker({ runner, opts: { ...req, params: run.request.params, dataDir: this.deps.dataDir } });
    let settle!: () => void;
    const done = new Promise<void>((r) => (settle = r));
    const timer = setTimeout(() => {
      this.finish(run, { type: 'failed', message: `timed out after ${Math.round((this.deps.maxRunMs ?? DEFAULT_MAX_RUN_MS) / 60_000)} minutes` });
    }, this.deps.maxRunMs ?? DEFAULT_MAX_RUN_MS);
    timer.unref();
    this.current = { run, worker, timer, done };
    try {
      // On disk from the start, so a crash mid-run leaves a trace the next start reports.
      this.store.save({ run, report: null }, null);
    } catch (err) {
      this.deps.log.error({ id: run.id, err: (err as Error).message }, 'backtest could not be recorded');
    }
    worker.on('message', (m: BacktestWorkerMessage) => {
      if (m.type === 'progress') this.progress(run, m.total > 0 ? m.done / m.total : 0);
      else this.finish(run, m);
    });
    worker.on('error', (err) => this.finish(run, { type: 'failed', message: err.message }));
    worker.on('exit', (code) => {
      this.finish(run, { type: 'failed', message: `the backtest worker stopped (exit code ${code})` });
      settle();
    });
    this.deps.log.info({ id: run.id, strategy: req.strategy, symbols: req.symbols, from: req.from, to: req.to }, 'backtest started');
    this.emit(run, true);
    return structuredClone(run);
  }

  list(): BacktestRunSummary[] {
    const { runs, unreadable } = this.store.list();
    // Said once per change, not on every read of the list.
    if (unreadable !== this.reportedUnreadable && unreadable > 0)
      this.deps.log.warn({ unreadable, dir: this.store.dir }, 'backtest files that are not runs were left out');
    this.reportedUnreadable = unreadable;
    return this.current ? [structuredClone(this.current.run), ...runs.filter((r) => r.id !== this.current!.run.id)] : runs;
  }

  get(id: string): StoredRun | null {
    if (this.current?.run.id === id) return { run: structuredClone(this.current.run), report: null };
    return this.store.get(id);
  }

  html(id: string): string | null {
    return this.store.html(id);
  }

  /** Stop a running backtest (shutdown) and wait for its worker to end. */
  async close(): Promise<void> {
    this.closed = true;
    const cur = this.current;
    if (!cur) return;
    this.finish(cur.run, { type: 'failed', message: 'the bot shut down during the run' });
    await cur.done;
  }

  private progress(run: BacktestRunSummary, ratio: number): void {
    if (run.status !== 'running') return;
    run.progress = Math.min(1, Math.max(run.progress, ratio));
    this.emit(run, false);
  }

  private finish(run: BacktestRunSummary, m: Exclude<BacktestWorkerMessage, { type: 'progress' }>): void {
    if (run.status !== 'running' || this.current?.run !== run) return;
    const cur = this.current;
    clearTimeout(cur.timer);
    run.finished_at = this.deps.clock.now();
    let html: string | null = null;
    let report: BacktestReport | null = null;
    if (m.type === 'done') {
      run.status = 'done';
      run.progress = 1;
      run.figures = figuresOf(m.report);
      report = m.report;
      html = m.html;
    } else {
      run.status = 'failed';
      run.error = m.message;
    }
    try {
      this.store.save({ run, report }, html);
    } catch (err) {
      run.status = 'failed';
      run.error = `the run finished but could not be stored: ${(err as Error).message}`;
      this.deps.log.error({ id: run.id, err: (err as Error).message }, 'backtest could not be stored');
    }
    this.current = null;
    void cur.worker.terminate();
    const log = run.status === 'done' ? this.deps.log.info.bind(this.deps.log) : this.deps.log.warn.bind(this.deps.log);
    log({ id: run.id, status: run.status, error: run.error, trades: run.figures?.trades, hash: run.figures?.trade_hash }, 'backtest finished');
    this.emit(run, true);
  }

  private emit(run: BacktestRunSummary, always: boolean): void {
    const now = this.deps.clock.now();
    if (!always && now - this.lastPush < (this.deps.progressEveryMs ?? 250)) return;
    this.lastPush = now;
    const copy = structuredClone(run);
    for (const l of this.listeners) {
      try {
        l(copy);
      } catch (err) {
        this.deps.log.error({ err: (err as Error).message }, 'backtest listener failed');
      }
    }
  }
}
