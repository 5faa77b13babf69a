import { describe, expect, it } from 'vitest';
import { donchianBreakout, StrategyRunner } from '@aurora/core';
import { strategyTag } from '@aurora/engine';
import { barsToKlinesForTest } from './strategy-loader.fixture';

describe('strategyTag', () => {
  it('tags a strategy entry with the name of the strategy that proposed it, not always "ensemble"', () => {
    const runner = new StrategyRunner('BTCUSDT', donchianBreakout, donchianBreakout.params.parse({ period: 3 }), { atrPeriod: 2 });
    const klines = barsToKlinesForTest(5);
    const breakout = { ...klines[4]!, close: klines[4]!.high.plus(5), high: klines[4]!.high.plus(6) };
    for (const k of klines.slice(0, 4)) runner.onKline(k);
    const candidate = runner.onKline(breakout);
    expect(candidate).not.toBeNull();
    expect(strategyTag('STRATEGY', candidate)).toBe('donchian-breakout');
  });

  it('tags a manual entry "manual" and a candidate without a name "ensemble"', () => {
    expect(strategyTag('MANUAL', { strategy: 'ema-cross' })).toBe('manual');
    expect(strategyTag('STRATEGY', {})).toBe('ensemble');
  });
});
