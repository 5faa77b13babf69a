import type { Kline } from '../market/types';
import { dec } from '../money/decimal';

/** Test candles: deterministic series the strategy and decision tests share. */

export const MINUTE = 60_000;
export const SERIES_START = Date.UTC(2026, 0, 5, 8, 0, 0);

export interface Bar {
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

export function barsToKlines(symbol: string, bars: ReadonlyArray<Bar>, startIndex = 0): Kline[] {
  return bars.map((b, i) => ({
    symbol,
    interval: '1m',
    openTime: SERIES_START + (startIndex + i) * MINUTE,
    closeTime: SERIES_START + (startIndex + i + 1) * MINUTE - 1,
    open: dec(b.o),
    high: dec(b.h),
    low: dec(b.l),
    close: dec(b.c),
    volume: dec(b.v),
    quoteVolume: dec(b.c * b.v),
    trades: 10,
    closed: true,
  }));
}

/** A range-bound market: closes alternate 100 / 100.05 with steady volume. */
export function flatBars(n: number): Bar[] {
  return Array.from({ length: n }, (_, i) => {
    const c = i % 2 === 0 ? 100 : 100.05;
    return { o: i % 2 === 0 ? 100.05 : 100, h: 100.1, l: 99.95, c, v: 10 };
  });
}

/** 60 range-bound candles, a steady 8-candle climb, then a wide breakout candle on heavy volume. */
export function uptrendBreakoutBars(): Bar[] {
  const bars = flatBars(60);
  // Whole cents, so every price converts to an exact decimal.
  const cents = (x: number) => Math.round(x) / 100;
  let c = 10_005;
  for (let i = 0; i < 8; i++) {
    const o = c;
    c += 15;
    bars.push({ o: cents(o), h: cents(c + 3), l: cents(o - 3), c: cents(c), v: 12 });
  }
  bars.push({ o: cents(c), h: cents(c + 160), l: cents(c - 5), c: cents(c + 150), v: 40 });
  return bars;
}

/** The mirror image of uptrendBreakoutBars: a climb down and a breakdown candle. */
export function downtrendBreakdownBars(): Bar[] {
  const mirror = (x: number) => Math.round((200 - x) * 100) / 100;
  return uptrendBreakoutBars().map((b) => ({
    o: mirror(b.o),
    h: mirror(b.l),
    l: mirror(b.h),
    c: mirror(b.c),
    v: b.v,
  }));
}
