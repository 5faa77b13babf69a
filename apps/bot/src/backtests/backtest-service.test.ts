import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BacktestReport, BacktestRunSummary, BacktestStartRequest } from '@aurora/contracts';
import { StrategyRegistry } from '@aurora/core';
import { BacktestService, BacktestStartError } from './backtest-service';

const RUNNER_URL = new URL('./synthetic-runner.fixture.ts', import.meta.url).href;
const T0 = Date.UTC(2024, 0, 1);
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const services: BacktestService[] = [];

function service(exportName: string | null = 'runSyntheticBacktest', over: Partial<ConstructorParameters<typeof BacktestService>[0]> = {}) {
  const dataDir = over.dataDir ?? mkdtempSync(join(tmpdir(), 'aurora-bt-'));
  const s = new BacktestService({
    dataDir,
    runner: exportName === null ? null : { url: RUNNER_URL, exportName },
    strategies: new StrategyRegistry(),
    clock: { now: () => Date.now() },
    log: silent,
    progressEveryMs: 0,
    ...over,
  });
  services.push(s);
  return { s, dataDir };
}
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

const request = (over: Record<string, unknown> = {}) =>
  BacktestStartRequest.parse({ strategy: 'ema-cross', symbols: ['BTCUSDT', 'ETHUSDT'], from: T0, to: T0 + 5 * 86_400_000, data: 'synthetic:seed=3', ...over });

const ended = (s: BacktestService): Promise<BacktestRunSummary> =>
  new Promise((resolve) => {
    const off = s.onUpdate((r) => {
      if (r.status !== 'running') {
        off();
        resolve(r);
      }
    });
  });

describe('BacktestService', () => {
  it('runs in a worker, stores the report and the page, and lists the run with its figures', async () => {
    const { s, dataDir } = service();
    const updates: BacktestRunSummary[] = [];
    s.onUpdate((r) => updates.push(r));
    const finished = ended(s);
    const run = s.start(request());
    expect(run.status).toBe('running');
    const done = await finished;
    expect(done.status).toBe('done');
    expect(done.progress).toBe(1);
    expect(done.figures?.trade_hash).toMatch(/^[0-9a-f]{64}$/);
    for (const u of updates) BacktestRunSummary.parse(u);
    expect(updates[0]!.status).toBe('running');

    const stored = s.get(run.id)!;
    expect(BacktestReport.parse(stored.report).trade_hash).toBe(done.figures!.trade_hash);
    expect(stored.report!.symbols).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(s.html(run.id)).toContain(done.figures!.trade_hash);
    expect(readFileSync(join(dataDir, 'backtests', `${run.id}.json`), 'utf8')).toContain(run.id);
    expect(s.list().map((r) => r.id)).toEqual([run.id]);
  });

  it('is deterministic: the same request gives the same trade hash', async () => {
    const { s } = service();
    let f = ended(s);
    s.start(request());
    const a = await f;
    f = ended(s);
    s.start(request());
    const b = await f;
    expect(a.id).not.toBe(b.id);
    expect(b.figures!.trade_hash).toBe(a.figures!.trade_hash);
    expect(s.list()).toHaveLength(2);
  });

  it('runs one at a time: a second start while one runs is refused with 409', async () => {
    const { s } = service();
    const f = ended(s);
    const first = s.start(request({ data: 'synthetic:seed=3,pause=60' }));
    expect(() => s.start(request())).toThrow(expect.objectContaining({ status: 409, code: 'BACKTEST_RUNNING' }));
    expect(s.list()[0]).toMatchObject({ id: first.id, status: 'running' });
    expect(s.get(first.id)).toMatchObject({ report: null });
    expect((await f).status).toBe('done');
    expect(() => s.start(request())).not.toThrow();
  });

  it('pushes progress while it runs, never going back', async () => {
    const { s } = service();
    const seen: number[] = [];
    s.onUpdate((r) => seen.push(r.progress));
    const f = ended(s);
    s.start(request({ data: 'synthetic:seed=3,pause=30' }));
    await f;
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.some((p) => p > 0 && p < 1)).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('a runner that throws ends the run as failed, with its message, and frees the slot', async () => {
    const { s } = service('failingBacktest');
    const f = ended(s);
    const run = s.start(request());
    const out = await f;
    expect(out).toMatchObject({ id: run.id, status: 'failed', error: 'no candles for BTCUSDT in 2019-01 (not in the catalog)', figures: null });
    expect(s.get(run.id)?.run.status).toBe('failed');
    expect(s.html(run.id)).toBeNull();
    expect(() => s.start(request())).not.toThrow();
  });

  it('a module without the runner export fails the run with a clear message', async () => {
    const { s } = service('noSuchExport');
    const f = ended(s);
    s.start(request());
    expect((await f).error).toMatch(/exports no function noSuchExport/);
  });

  it('stops a run that takes too long', async () => {
    const { s } = service('runSyntheticBacktest', { maxRunMs: 150 });
    const f = ended(s);
    s.start(request({ data: 'synthetic:seed=3,pause=200' }));
    expect((await f).error).toMatch(/timed out/);
  });

  it('without a runner every start answers 503 BACKTEST_UNAVAILABLE', () => {
    const { s } = service(null);
    expect(s.available).toBe(false);
    expect(() => s.start(request())).toThrow(expect.objectContaining({ status: 503, code: 'BACKTEST_UNAVAILABLE' }));
  });

  it('refuses an unknown strategy and params its schema rejects, before starting anything', () => {
    const { s } = service();
    expect(() => s.start(request({ strategy: 'no-such' }))).toThrow(expect.objectContaining({ status: 400, code: 'UNKNOWN_STRATEGY' }));
    let err: unknown;
    try {
      s.start(request({ params: { fast: 'twelve' } }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BacktestStartError);
    expect(err).toMatchObject({ status: 400, code: 'INVALID_STRATEGY_PARAMS' });
    expect(s.list()).toEqual([]);
  });

  it('lists the strategies with their parameter schemas', () => {
    const { s } = service();
    const names = s.strategies().map((x) => x.name);
    expect(names).toContain('ema-cross');
    expect(s.strategies().find((x) => x.name === 'ema-cross')!.params_schema).toMatchObject({ type: 'object' });
  });

  it('a run the bot died during is listed as interrupted after a restart', async () => {
    const { s, dataDir } = service();
    const run = s.start(request({ data: 'synthetic:seed=3,pause=5000' }));
    // The worker is stopped without the service hearing of it, as when the process dies.
    const again = service('runSyntheticBacktest', { dataDir }).s;
    expect(again.list()).toEqual([expect.objectContaining({ id: run.id, status: 'failed', error: 'interrupted: the bot stopped during the run' })]);
  });

  it('leaves out files that are not runs, and ids that are not ids', () => {
    const { s, dataDir } = service();
    mkdirSync(join(dataDir, 'backtests'), { recursive: true });
    writeFileSync(join(dataDir, 'backtests', 'bt-20240101-000000-abcdef.json'), '{"torn":');
    writeFileSync(join(dataDir, 'backtests', 'notes.json'), '{}');
    expect(s.list()).toEqual([]);
    expect(s.get('bt-20240101-000000-abcdef')).toBeNull();
    expect(s.get('../../etc/passwd')).toBeNull();
    expect(s.html('bt-20240101-000000-abcdef/../x')).toBeNull();
  });
});
