import { describe, expect, it } from 'vitest';
import type { BacktestRunSummary } from '@aurora/contracts';
import { defaultForm, formToRequest, mergeRun, runningRun } from './backtest-model';

const NOW = Date.UTC(2025, 5, 15, 13, 30);
const form = { ...defaultForm(NOW, 'ema-cross'), from: '2024-01-01', to: '2024-12-31' };

const run = (id: string, over: Partial<BacktestRunSummary> = {}): BacktestRunSummary => ({
  id,
  status: 'running',
  request: { strategy: 'ema-cross', params: {}, symbols: ['BTCUSDT'], from: 0, to: 1, balance: '10000', data: 'catalog' },
  started_at: 1,
  finished_at: null,
  progress: 0,
  error: null,
  figures: null,
  ...over,
});

describe('the Backtests form', () => {
  it('defaults to the last 90 full UTC days on the catalog', () => {
    const f = defaultForm(NOW);
    expect(f).toMatchObject({ from: '2025-03-17', to: '2025-06-14', source: 'catalog', balance: '10000', params: '{}' });
  });

  it('turns the form into the request the bot validates: both days included, symbols upper-cased', () => {
    const r = formToRequest({ ...form, symbols: ' btcusdt, ETHUSDT  ', params: '{"fast": 9}' });
    expect(r).toEqual({
      ok: true,
      request: {
        strategy: 'ema-cross',
        params: { fast: 9 },
        symbols: ['BTCUSDT', 'ETHUSDT'],
        from: Date.UTC(2024, 0, 1),
        to: Date.UTC(2025, 0, 1),
        balance: '10000',
        data: 'catalog',
      },
    });
  });

  it('names a synthetic market by its span and seed', () => {
    const r = formToRequest({ ...form, source: 'synthetic', seed: '42', from: '2024-01-01', to: '2024-01-10' });
    expect(r.ok && r.request.data).toBe('synthetic:days=10,seed=42');
  });

  it('reports each bad field by name, with the contract\'s own messages', () => {
    const r = formToRequest({ ...form, symbols: '', balance: 'lots', params: '[1]', from: 'x' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field).sort()).toEqual(['from', 'params']);
    const r2 = formToRequest({ ...form, symbols: '', balance: 'lots', to: '2023-12-01' });
    expect(r2.ok).toBe(false);
    if (r2.ok) return;
    expect([...new Set(r2.problems.map((p) => p.field))].sort()).toEqual(['balance', 'symbols', 'to']);
  });
});

describe('mergeRun', () => {
  it('puts a new run first and replaces a known one in place', () => {
    const list = [run('b', { status: 'done' }), run('a', { status: 'done' })];
    expect(mergeRun(list, run('c')).map((r) => r.id)).toEqual(['c', 'b', 'a']);
    const moved = mergeRun([run('c'), ...list], run('c', { progress: 0.5 }));
    expect(moved.map((r) => [r.id, r.progress])).toEqual([['c', 0.5], ['b', 0], ['a', 0]]);
    expect(mergeRun(undefined, run('x')).map((r) => r.id)).toEqual(['x']);
  });

  it('a late progress push never rolls back a run that ended', () => {
    const list = [run('c', { status: 'done', progress: 1 })];
    expect(mergeRun(list, run('c', { progress: 0.9 }))[0]).toMatchObject({ status: 'done', progress: 1 });
  });

  it('finds the running run', () => {
    expect(runningRun([run('b', { status: 'done' }), run('c')])?.id).toBe('c');
    expect(runningRun([run('b', { status: 'failed' })])).toBeNull();
  });
});
