import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrialMetrics } from '../trial';
import { ResearchStoreCorrupt, ResearchStoreTooNew, RunNotFound } from './errors';
import { ResearchStore, type RunSettings } from './research-store';
import { SCHEMA_VERSION } from './schema';

const settings = (id: string, over: Partial<RunSettings> = {}): RunSettings => ({
  id,
  parentId: null,
  kind: 'optimize',
  strategy: 'sma-cross',
  symbols: ['BTCUSDT'],
  from: 1_700_000_000_000,
  to: 1_710_000_000_000,
  data: 'synthetic:days=30,seed=1',
  objectives: ['sharpe'],
  sampler: 'tpe',
  seed: 7,
  space: { fast: { kind: 'int', min: 2, max: 20 } },
  trials: 10,
  batch: 2,
  walkForward: null,
  ...over,
});

const metrics = (sharpe: number, hash = `h${sharpe}`): TrialMetrics => ({
  totalReturnPct: sharpe * 2,
  sharpe,
  sortino: sharpe,
  calmar: sharpe,
  maxDrawdownPct: 5,
  profit: sharpe * 10,
  expectancy: 1,
  winRatePct: 50,
  trades: 12,
  tradeHash: hash,
});

describe('ResearchStore', () => {
  let dir: string;
  let clock: number;
  const now = (): number => ++clock;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aurora-research-store-'));
    clock = 1_000;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps runs and trials across a close and re-open, in WAL mode', () => {
    const store = ResearchStore.inDataDir(dir, { now });
    store.createRun(settings('r1'));
    store.trialStarted('r1', 0, { fast: 3 });
    store.trialStarted('r1', 1, { fast: 9 });
    store.trialDone('r1', 0, metrics(1.5, 'abc'), 'w1');
    store.trialFailed('r1', 1, 'Error: boom', 'w2');
    store.trialStarted('r1', 2, { fast: 4 });
    store.close();

    const again = ResearchStore.inDataDir(dir, { now });
    const run = again.requireRun('r1');
    expect(run).toMatchObject({ id: 'r1', status: 'running', createdAt: 1_001, space: settings('r1').space });
    expect(again.trials('r1')).toEqual([
      {
        runId: 'r1',
        n: 0,
        params: { fast: 3 },
        metrics: metrics(1.5, 'abc'),
        tradeHash: 'abc',
        status: 'done',
        error: null,
        startedAt: 1_002,
        finishedAt: 1_004,
        worker: 'w1',
      },
      {
        runId: 'r1',
        n: 1,
        params: { fast: 9 },
        metrics: null,
        tradeHash: null,
        status: 'failed',
        error: 'Error: boom',
        startedAt: 1_003,
        finishedAt: 1_005,
        worker: 'w2',
      },
      {
        runId: 'r1',
        n: 2,
        params: { fast: 4 },
        metrics: null,
        tradeHash: null,
        status: 'running',
        error: null,
        startedAt: 1_006,
        finishedAt: null,
        worker: null,
      },
    ]);
    const db = new Database(again.path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
    again.close();
  });

  it('re-asking a finished trial does not reopen it', () => {
    const store = ResearchStore.inDataDir(dir, { now });
    store.createRun(settings('r1'));
    store.trialStarted('r1', 0, { fast: 3 });
    store.trialDone('r1', 0, metrics(2), 'w1');
    store.trialStarted('r1', 0, { fast: 3 });
    expect(store.trials('r1')[0]).toMatchObject({ status: 'done', startedAt: 1_002 });
    store.close();
  });

  it('lists top-level runs newest first with trial counts, and children by parent', () => {
    const store = ResearchStore.inDataDir(dir, { now });
    store.createRun(settings('old'));
    store.createRun(settings('wf', { kind: 'walk-forward', walkForward: { in: '90d', out: '30d' } }));
    store.createRun(settings('wf.w0', { kind: 'in-sample', parentId: 'wf' }));
    store.trialStarted('old', 0, { fast: 2 });
    store.trialDone('old', 0, metrics(1), 'w');
    store.trialStarted('old', 1, { fast: 3 });
    store.trialFailed('old', 1, 'x', 'w');
    store.setRunStatus('old', 'done', { best: 1 });
    expect(store.listRuns().map((r) => [r.id, r.status, r.done, r.failed])).toEqual([
      ['wf', 'running', 0, 0],
      ['old', 'done', 1, 1],
    ]);
    expect(store.listRuns('wf').map((r) => r.id)).toEqual(['wf.w0']);
    expect(store.requireRun('old').summary).toEqual({ best: 1 });
    expect(store.requireRun('wf').walkForward).toEqual({ in: '90d', out: '30d' });
    expect(() => store.requireRun('nope')).toThrow(RunNotFound);
    expect(() => store.setRunStatus('nope', 'done')).toThrow(RunNotFound);
    store.close();
  });

  it('stores walk-forward windows and their outcome', () => {
    const store = ResearchStore.inDataDir(dir, { now });
    store.createRun(settings('wf', { kind: 'walk-forward' }));
    store.createRun(settings('wf.w0', { kind: 'in-sample', parentId: 'wf' }));
    const w = { runId: 'wf', idx: 0, inFrom: 0, inTo: 90, outFrom: 90, outTo: 120, inRunId: 'wf.w0' };
    store.putWindow(w);
    store.putWindow(w);
    expect(store.windows('wf')).toEqual([
      { ...w, bestParams: null, inMetrics: null, outMetrics: null, outStatus: 'pending', outError: null },
    ]);
    store.windowOutcome('wf', 0, {
      bestParams: { fast: 5 },
      inMetrics: metrics(2),
      outMetrics: metrics(1),
      status: 'done',
    });
    expect(store.windows('wf')[0]).toMatchObject({
      bestParams: { fast: 5 },
      outStatus: 'done',
      outMetrics: metrics(1),
    });
    store.close();
  });

  it('refuses a file that is not SQLite with a typed error and leaves its bytes alone', () => {
    const path = join(dir, 'research.db');
    writeFileSync(path, 'this is a text file, not a database\n'.repeat(200));
    const before = readFileSync(path);
    expect(() => ResearchStore.open(path)).toThrow(ResearchStoreCorrupt);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses an SQLite file with a damaged page', () => {
    const path = join(dir, 'research.db');
    const store = ResearchStore.open(path, { now });
    store.createRun(settings('r1'));
    for (let n = 0; n < 200; n++) store.trialStarted('r1', n, { fast: n, pad: 'x'.repeat(200) });
    store.close();
    const bytes = readFileSync(path);
    bytes.fill(0xa5, 4096 + 16, 4096 * 3);
    writeFileSync(path, bytes);
    expect(() => ResearchStore.open(path)).toThrow(ResearchStoreCorrupt);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('refuses a file written by a newer schema version without touching it', () => {
    const path = join(dir, 'research.db');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.exec('CREATE TABLE future (x)');
    db.close();
    const before = readFileSync(path);
    let error: unknown;
    try {
      ResearchStore.open(path);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ResearchStoreTooNew);
    expect(error).toMatchObject({ fileVersion: SCHEMA_VERSION + 1, supportedVersion: SCHEMA_VERSION });
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
