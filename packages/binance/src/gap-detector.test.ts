import { describe, expect, it } from 'vitest';
import { dec, type BookTicker, type Kline } from '@aurora/core';
import { GapDetector, intervalMs } from './gap-detector';

const kline = (openTime: number, interval = '1m'): Kline => ({
  symbol: 'BTCUSDT',
  interval,
  openTime,
  closeTime: openTime + 59_999,
  open: dec(1),
  high: dec(1),
  low: dec(1),
  close: dec(1),
  volume: dec(1),
  quoteVolume: dec(1),
  trades: 1,
  closed: false,
});
const ticker = (updateId: number): BookTicker => ({
  symbol: 'BTCUSDT',
  updateId,
  bidPrice: dec(1),
  bidQty: dec(1),
  askPrice: dec(2),
  askQty: dec(1),
  receivedAt: 0,
});

describe('intervalMs', () => {
  it.each([
    ['1s', 1_000],
    ['1m', 60_000],
    ['15m', 900_000],
    ['4h', 14_400_000],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
    ['1M', null],
  ])('%s → %s', (i, ms) => expect(intervalMs(i)).toBe(ms));
});

describe('GapDetector', () => {
  it('updates of the same candle and the next candle are not gaps', () => {
    const g = new GapDetector();
    expect(g.onKline(kline(0), 1)).toBeNull();
    expect(g.onKline(kline(0), 2)).toBeNull();
    expect(g.onKline(kline(60_000), 3)).toBeNull();
    expect(g.count).toBe(0);
  });

  it('an openTime jump of more than one interval is a gap naming the missing candles', () => {
    const g = new GapDetector();
    g.onKline(kline(0), 0);
    expect(g.onKline(kline(240_000), 9)).toEqual({
      stream: 'kline',
      symbol: 'BTCUSDT',
      reason: 'missing',
      previous: 0,
      current: 240_000,
      missingIntervals: 3,
      detectedAt: 9,
    });
    expect(g.count).toBe(1);
  });

  it('a stale candle is reported as backwards and does not move the baseline', () => {
    const g = new GapDetector();
    g.onKline(kline(120_000), 0);
    expect(g.onKline(kline(60_000), 0)).toMatchObject({
      reason: 'backwards',
      previous: 120_000,
      current: 60_000,
    });
    expect(g.onKline(kline(180_000), 0)).toBeNull();
  });

  it('bookTicker updateId going backwards is a gap, reported once per discontinuity', () => {
    const g = new GapDetector();
    expect(g.onBookTicker(ticker(100), 0)).toBeNull();
    expect(g.onBookTicker(ticker(100), 0)).toBeNull();
    expect(g.onBookTicker(ticker(90), 0)).toMatchObject({
      stream: 'bookTicker',
      reason: 'backwards',
      previous: 100,
      current: 90,
    });
    expect(g.onBookTicker(ticker(91), 0)).toBeNull();
    expect(g.count).toBe(1);
  });

  it('symbols are tracked independently', () => {
    const g = new GapDetector();
    g.onKline(kline(0), 0);
    expect(g.onKline({ ...kline(600_000), symbol: 'ETHUSDT' }, 0)).toBeNull();
  });
});
