import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EnsembleParams, defaultRuntimeConfig } from '@aurora/contracts';
import { paramsId } from '@aurora/core';
import type { BaselineKey } from '@aurora/engine';
import { BASELINE_FILE, backtestBaselines, resolveBaseline } from './observer-baseline';

const strategy = defaultRuntimeConfig().strategy;
const exits = { atr_period: strategy.atr_period, trailing_atr_mult: strategy.trailing_atr_mult, max_holding_min: strategy.max_holding_min };
const { per_symbol: _perSymbol, ...ensembleFields } = strategy;
const ensembleKey: BaselineKey = { strategy: 'ensemble', paramsId: paramsId(EnsembleParams.parse(ensembleFields)), exits };
const emaKey: BaselineKey = { strategy: 'ema-cross', paramsId: 'e0e0e0e0e0e0', exits };

const dirs: string[] = [];
const dirWith = (body: unknown): string => {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-baseline-'));
  dirs.push(dir);
  if (body !== undefined)
    writeFileSync(join(dir, BASELINE_FILE), typeof body === 'string' ? body : JSON.stringify(body));
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const returns = (median: number) => ({
  trades: 12,
  trade_returns_bps: Array.from({ length: 12 }, (_, i) => i),
  median_return_bps: median,
  mad_return_bps: 3,
});
const entry = (key: BaselineKey, median: number, over: Record<string, unknown> = {}) => ({
  strategy_name: key.strategy,
  params_id: key.paramsId,
  exits: key.exits,
  ...returns(median),
  ...over,
});
/** The report written before strategies were plug-ins: the ensemble, the whole strategy section. */
const legacy = (over: Record<string, unknown> = {}) => ({
  baseline: { strategy_name: 'ensemble', strategy: { ...strategy }, ...returns(5.5), ...over },
});

describe('the backtest baselines of the anomaly observer', () => {
  it('gives each strategy its own baseline, never another strategy’s', () => {
    const dir = dirWith({ baselines: [entry(ensembleKey, 5.5), entry(emaKey, -2)] });
    expect(resolveBaseline(dir, ensembleKey).reference).toEqual({ median: 5.5, mad: 3, samples: 12 });
    expect(resolveBaseline(dir, emaKey)).toEqual({
      reference: { median: -2, mad: 3, samples: 12 },
      status: { status: 'LOADED', message: 'backtest baseline: 12 trades, median -2.00 bps, MAD 3.00 bps' },
    });
    const rsi: BaselineKey = { strategy: 'rsi-reversion', paramsId: 'r0r0r0r0r0r0', exits };
    expect(resolveBaseline(dir, rsi)).toEqual({
      reference: null,
      status: { status: 'NONE', message: 'no baseline: the backtest report has no rsi-reversion trades' },
    });
  });

  it('refuses a baseline made with other params or other exit settings', () => {
    const dir = dirWith({ baselines: [entry(emaKey, 1)] });
    expect(resolveBaseline(dir, { ...emaKey, paramsId: 'f1f1f1f1f1f1' }).status).toEqual({
      status: 'MISMATCH',
      message: 'no baseline: the backtest report ran ema-cross with other params than the ones running now',
    });
    expect(resolveBaseline(dir, { ...emaKey, exits: { ...exits, max_holding_min: 30 } }).status.status).toBe('MISMATCH');
  });

  it('still loads an old report (ensemble only) as the ensemble’s baseline, and only for its settings', () => {
    const dir = dirWith(legacy());
    expect(resolveBaseline(dir, ensembleKey)).toEqual({
      reference: { median: 5.5, mad: 3, samples: 12 },
      status: { status: 'LOADED', message: 'backtest baseline: 12 trades, median 5.50 bps, MAD 3.00 bps' },
    });
    expect(resolveBaseline(dir, emaKey).status.status).toBe('NONE');
    const other = dirWith(legacy({ strategy: { ...strategy, stop_atr_mult: strategy.stop_atr_mult + 1 } }));
    expect(resolveBaseline(other, ensembleKey).status.status).toBe('MISMATCH');
  });

  it('says "no baseline" when there is no report, instead of inventing one', () => {
    expect(resolveBaseline(dirWith(undefined), ensembleKey)).toEqual({
      reference: null,
      status: {
        status: 'NONE',
        message: 'no baseline: no backtest report at backtest-baseline.json in the data directory',
      },
    });
  });

  it('refuses a baseline with too few trades, and a file that is not a report', () => {
    expect(resolveBaseline(dirWith({ baselines: [entry(emaKey, 1, { trades: 3 })] }), emaKey).status.message).toBe(
      'no baseline: the backtest closed 3 ema-cross trades, fewer than the 10 needed',
    );
    expect(resolveBaseline(dirWith('{not json'), ensembleKey).status.status).toBe('INVALID');
    expect(resolveBaseline(dirWith({ baselines: [{ strategy_name: 'ema-cross' }] }), emaKey).status.status).toBe('INVALID');
  });

  it('is built from a backtest run: each closed strategy trade’s return, the run’s params id and exit settings', () => {
    const params = { fast: 9, slow: 21 };
    const trade = (strategy: string, pnl: string) => ({ strategy, entryPrice: '100', qty: '1', pnl });
    const built = backtestBaselines({ params, trades: [trade('ema-cross', '1'), trade('ema-cross', '-0.5'), trade('ema-cross', '0.2'), trade('manual', '-50')] }, exits);
    expect(built).toEqual([
      {
        strategy_name: 'ema-cross',
        params_id: paramsId(params),
        exits,
        trades: 3,
        trade_returns_bps: [100, -50, 20],
        median_return_bps: 20,
        mad_return_bps: 70,
      },
    ]);
    // Written as the report's baselines, it is what the live ema-cross with those params meets.
    const many = Array.from({ length: 12 }, (_, i) => trade('ema-cross', String(i / 10)));
    const dir = dirWith({ baselines: backtestBaselines({ params, trades: many }, exits) });
    expect(resolveBaseline(dir, { strategy: 'ema-cross', paramsId: paramsId(params), exits }).status.status).toBe('LOADED');
  });
});

