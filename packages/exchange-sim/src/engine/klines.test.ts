import { Dec } from '@aurora/core';
import { describe, expect, it } from 'vitest';
import { bucketStart, KlineSeries, MINUTE_MS } from './klines';

const T = Date.UTC(2026, 0, 5, 0, 0, 0); // a Monday, 00:00 UTC

function series(): KlineSeries {
  const s = new KlineSeries(100);
  for (let m = 0; m < 10; m++) {
    s.roll(T + m * MINUTE_MS + 5_000, new Dec(100));
    s.addTrade(new Dec(100 + m), new Dec(1), new Dec(100 + m), m % 2 === 0, m + 1);
  }
  return s;
}

describe('KlineSeries', () => {
  it('opens each candle at its first trade and rolls minute by minute', () => {
    const s = series();
    const rows = s.query('1m', { limit: 3 });
    expect(rows.map((c) => [c.openTime - T, c.open.toNumber(), c.close.toNumber(), c.trades])).toEqual([
      [7 * MINUTE_MS, 107, 107, 1],
      [8 * MINUTE_MS, 108, 108, 1],
      [9 * MINUTE_MS, 109, 109, 1],
    ]);
  });

  it('fills skipped minutes with flat candles at the previous close', () => {
    const s = new KlineSeries(100);
    s.roll(T, new Dec(50));
    s.addTrade(new Dec(51), new Dec(1), new Dec(51), true, 1);
    const closed = s.roll(T + 3 * MINUTE_MS, new Dec(0));
    expect(closed.map((c) => [c.openTime - T, c.close.toNumber(), c.volume.toNumber()])).toEqual([
      [0, 51, 1],
      [MINUTE_MS, 51, 0],
      [2 * MINUTE_MS, 51, 0],
    ]);
    expect(s.current()!.openTime).toBe(T + 3 * MINUTE_MS);
  });

  it('aggregates 1m candles into 5m buckets with exact OHLCV', () => {
    const [first, second] = series().query('5m', { limit: 10 });
    expect(first).toMatchObject({
      openTime: T,
      closeTime: T + 5 * MINUTE_MS - 1,
      trades: 5,
      firstTradeId: 1,
      lastTradeId: 5,
    });
    expect(
      [first!.open, first!.high, first!.low, first!.close, first!.volume].map((d) => d.toNumber()),
    ).toEqual([100, 104, 100, 104, 5]);
    expect(first!.takerBuyVolume.toNumber()).toBe(3);
    expect(second!.open.toNumber()).toBe(105);
  });

  it('honours startTime, endTime and limit like GET /api/v3/klines', () => {
    const s = series();
    expect(s.query('1m', { startTime: T + 2 * MINUTE_MS, limit: 2 }).map((c) => c.open.toNumber())).toEqual([
      102, 103,
    ]);
    expect(s.query('1m', { endTime: T + 2 * MINUTE_MS, limit: 2 }).map((c) => c.open.toNumber())).toEqual([
      101, 102,
    ]);
    expect(s.query('1m', { startTime: T + MINUTE_MS, endTime: T + 3 * MINUTE_MS, limit: 10 }).length).toBe(3);
  });

  it('keeps at most its capacity', () => {
    const s = new KlineSeries(5);
    for (let m = 0; m < 20; m++) s.roll(T + m * MINUTE_MS, new Dec(1));
    expect(s.size).toBe(5);
  });

  it('aligns weeks on Monday and months on the calendar', () => {
    expect(bucketStart('1w', T + 3 * 86_400_000)).toBe(T);
    expect(bucketStart('1M', Date.UTC(2026, 1, 17, 5))).toBe(Date.UTC(2026, 1, 1));
    expect(bucketStart('4h', T + 5 * 3_600_000)).toBe(T + 4 * 3_600_000);
  });
});
