import { describe, expect, it } from 'vitest';
import { defaultRuntimeConfig } from '@aurora/contracts';
import { dec, SignalEnsemble, type Kline } from '@aurora/core';
import { ForcedEntryEnsemble, type ForcedEntry } from './forced-entry-ensemble';

const T0 = 1_700_000_040_000;

/** A steady up-trend with swelling volume: the real strategy proposes BUYs on it. */
function upTrend(n: number): Kline[] {
  return Array.from({ length: n }, (_, i) => {
    const close = 60_000 + i * 40 + (i % 3) * 15;
    return {
      symbol: 'BTCUSDT',
      interval: '1m',
      openTime: T0 + i * 60_000,
      closeTime: T0 + i * 60_000 + 59_999,
      open: dec(close - 30),
      high: dec(close + 20),
      low: dec(close - 45),
      close: dec(close),
      volume: dec(10 + i),
      quoteVolume: dec(close * (10 + i)),
      trades: 100,
      closed: true,
    };
  });
}

const ENTRY: ForcedEntry = {
  entryPrice: dec('59000'),
  stopPrice: dec('58410'),
  takeProfitPrice: dec('60180'),
  signalPrice: dec('59300.01'),
};

describe('ForcedEntryEnsemble', () => {
  const strategy = defaultRuntimeConfig().strategy;
  const candles = upTrend(200);
  const history = candles.slice(0, -2);
  const [next, after] = candles.slice(-2) as [Kline, Kline];

  it('the up-trend fixture is one the real strategy buys, so suppressing it means something', () => {
    const real = new SignalEnsemble('BTCUSDT', strategy);
    real.warmup(history);
    expect(real.onKline(next)?.side).toBe('BUY');
  });

  it('proposes the forced entry on the next closed candle, once', () => {
    const e = new ForcedEntryEnsemble('BTCUSDT', strategy);
    e.warmup(history);
    e.force(ENTRY);
    const c = e.onKline(next);
    expect(c).toMatchObject({ symbol: 'BTCUSDT', side: 'BUY', confidence: 0.9, signalAt: next.closeTime });
    expect(c?.entryPrice.toFixed()).toBe('59000');
    expect(c?.stopPrice.toFixed()).toBe('58410');
    expect(c?.takeProfitPrice.toFixed()).toBe('60180');
    expect(c?.signalPrice.toFixed()).toBe('59300.01');
    expect(c?.signals).toHaveLength(4);
    expect(e.onKline(after)).toBeNull();
  });

  it('proposes nothing without a forced entry, whatever the signals say', () => {
    const e = new ForcedEntryEnsemble('BTCUSDT', strategy);
    e.warmup(history);
    expect(e.onKline(next)).toBeNull();
  });

  it('still takes every candle into its indicators', () => {
    const e = new ForcedEntryEnsemble('BTCUSDT', strategy);
    e.warmup(history);
    e.onKline(next);
    expect(e.lastKlineAt).toBe(next.closeTime);
    expect(e.lastScore).toBeGreaterThan(0);
  });
});
