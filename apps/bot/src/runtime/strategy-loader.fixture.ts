import { dec, type Kline } from '@aurora/core';

/** `n` closed one-minute candles around 100, for the loader tests. */
export function barsToKlinesForTest(n: number): Kline[] {
  const t0 = Date.UTC(2026, 0, 5);
  return Array.from({ length: n }, (_, i) => ({
    symbol: 'BTCUSDT',
    interval: '1m',
    openTime: t0 + i * 60_000,
    closeTime: t0 + (i + 1) * 60_000 - 1,
    open: dec(100),
    high: dec(101),
    low: dec(99),
    close: dec(100),
    volume: dec(10),
    quoteVolume: dec(1000),
    trades: 10,
    closed: true,
  }));
}
