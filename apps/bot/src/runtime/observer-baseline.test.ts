import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultRuntimeConfig } from '@aurora/contracts';
import { BASELINE_FILE, resolveBaseline } from './observer-baseline';

const strategy = defaultRuntimeConfig().strategy;
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

const baseline = (over: Record<string, unknown> = {}) => ({
  baseline: {
    strategy_name: 'ensemble',
    strategy: { ...strategy },
    trades: 12,
    trade_returns_bps: Array.from({ length: 12 }, (_, i) => i),
    median_return_bps: 5.5,
    mad_return_bps: 3,
    ...over,
  },
});

describe('the backtest baseline of the anomaly observer', () => {
  it('is loaded when the report was made with the strategy settings running now', () => {
    const r = resolveBaseline(dirWith(baseline()), strategy);
    expect(r.reference).toEqual({ median: 5.5, mad: 3, samples: 12 });
    expect(r.status).toEqual({
      status: 'LOADED',
      message: 'backtest baseline: 12 trades, median 5.50 bps, MAD 3.00 bps',
    });
  });

  it('says "no baseline" when there is no report, instead of inventing one', () => {
    expect(resolveBaseline(dirWith(undefined), strategy)).toEqual({
      reference: null,
      status: {
        status: 'NONE',
        message: 'no baseline: no backtest report at backtest-baseline.json in the data directory',
      },
    });
  });

  it('refuses a report made with other strategy settings', () => {
    const r = resolveBaseline(
      dirWith(baseline({ strategy: { ...strategy, stop_atr_mult: strategy.stop_atr_mult + 1 } })),
      strategy,
    );
    expect(r.reference).toBeNull();
    expect(r.status.status).toBe('MISMATCH');
  });

  it('refuses a report with too few trades, and one that is not a report', () => {
    expect(resolveBaseline(dirWith(baseline({ trades: 3 })), strategy).status.message).toBe(
      'no baseline: the backtest closed 3 strategy trades, fewer than the 10 needed',
    );
    expect(resolveBaseline(dirWith('{not json'), strategy).status.status).toBe('INVALID');
  });
});
