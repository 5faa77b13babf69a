import { StrategyRegistry } from '@aurora/core';
import { describe, expect, it } from 'vitest';
import type { BacktestOptions } from '@aurora/backtest';
import { runningMean } from './test/strategies.fixture';
import { warmupCheck } from './warmup-check';

const FROM = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;
const base: BacktestOptions = {
  strategy: 'ema-cross',
  symbols: ['BTCUSDT'],
  from: FROM,
  to: FROM + 3 * HOUR,
  balance: '10000',
  data: { synthetic: { days: 1, seed: 7 } },
  seed: 7,
};

describe('warmupCheck', () => {
  it('ema-cross: its EMAs and proposals do not depend on where the data starts after its warm-up', () => {
    const r = warmupCheck({ ...base, to: FROM + 8 * HOUR });
    expect(r.declared_warmup).toBe(85);
    expect(r.offsets).toEqual([0, 85, 170, 255]);
    expect(r.kernel_warmup).toBe(500);
    const byName = new Map(r.indicators.map((i) => [i.name, i]));
    for (const name of ['proposal', 'ema-cross.fast', 'ema-cross.slow']) {
      expect(byName.get(name)?.converged, name).toBe(true);
      expect(byName.get(name)?.divergent_points, name).toBe(0);
    }
    // The runner's Wilder ATR is recursive: the check says how many candles it really needs.
    const atr = byName.get('atr')!;
    expect(atr.candles_to_converge).not.toBeNull();
    expect(atr.candles_to_converge!).toBeGreaterThan(14);
    expect(atr.candles_to_converge!).toBeLessThan(500);
  }, 60_000);

  it('flags a cumulative indicator that never forgets the start of the data', () => {
    const strategies = new StrategyRegistry([runningMean]);
    const r = warmupCheck({ ...base, strategy: 'running-mean', strategies }, { starts: 2 });
    expect(r.unconverged).toContain('running-mean.mean');
    expect(r.unconverged).toContain('proposal');
    const mean = r.indicators.find((i) => i.name === 'running-mean.mean')!;
    expect(mean.divergent_points).toBeGreaterThan(0);
    expect(mean.candles_to_converge).toBeNull();
  }, 60_000);
});
