import { describe, expect, it } from 'vitest';
import { Dec, ManualClock, type Kline } from '@aurora/core';
import { MarketData } from './market-data';

const kline = (openTime: number, close: string, closed = true): Kline => ({
  symbol: 'BTCUSDT', interval: '1m', openTime, closeTime: openTime + 59_999,
  open: new Dec(close), high: new Dec(close), low: new Dec(close), close: new Dec(close),
  volume: new Dec(1), quoteVolume: new Dec(close), trades: 1, closed,
});

describe('MarketData', () => {
  it('keeps closed candles once, counts gaps and ignores replays', () => {
    const m = new MarketData(new ManualClock(0));
    expect(m.onKline(kline(0, '100'))).toBe(true);
    expect(m.onKline(kline(0, '100'))).toBe(false);
    expect(m.onKline(kline(180_000, '101'))).toBe(true);
    expect(m.gaps('BTCUSDT')).toBe(1);
    expect(m.candles('BTCUSDT', 10).map((c) => c.t)).toEqual([0, 180_000]);
  });

  it('marks at the mid of the book, else the last price', () => {
    const m = new MarketData(new ManualClock(0));
    m.onKline(kline(0, '100', false));
    expect(m.mark('BTCUSDT')?.toFixed()).toBe('100');
    m.onBookTicker({ symbol: 'BTCUSDT', updateId: 1, bidPrice: new Dec('99.5'), bidQty: new Dec(1), askPrice: new Dec('100.5'), askQty: new Dec(1), receivedAt: 5 });
    expect(m.mark('BTCUSDT')?.toFixed()).toBe('100');
    const [q] = m.quotes(['BTCUSDT']);
    expect(q?.spread_bps).toBeCloseTo(100, 6);
  });
});
