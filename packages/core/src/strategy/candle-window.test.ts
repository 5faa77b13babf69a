import { describe, expect, it } from 'vitest';
import type { Kline } from '../market/types';
import { CandleWindow } from './candle-window';

const MIN = 60_000;
const kline = (i: number, over: Partial<Kline> = {}) =>
  ({ symbol: 'BTCUSDT', openTime: i * MIN, closeTime: (i + 1) * MIN - 1, closed: true, ...over }) as Kline;

describe('CandleWindow', () => {
  it('takes only closed candles of its symbol, each newer than the last', () => {
    const w = new CandleWindow('BTCUSDT', 10);
    expect(w.accept(kline(1))).toBe(true);
    expect(w.accept(kline(1))).toBe(false);
    expect(w.accept(kline(0))).toBe(false);
    expect(w.accept(kline(2, { closed: false }))).toBe(false);
    expect(w.accept(kline(2, { symbol: 'ETHUSDT' }))).toBe(false);
    expect(w.accept(kline(2))).toBe(true);
    expect(w.length).toBe(2);
    expect(w.lastKlineAt).toBe(3 * MIN - 1);
  });

  it('counts gaps only within the look-back and stays bounded', () => {
    const w = new CandleWindow('BTCUSDT', 5);
    for (const i of [0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) w.accept(kline(i));
    expect(w.gapsWithin(20)).toBe(1);
    expect(w.gapsWithin(5)).toBe(0);
    expect(w.length).toBeLessThanOrEqual(10);
    expect(w.candles[w.length - 1]?.openTime).toBe(12 * MIN);
  });

  it('replays oldest first, the window holding only what was seen so far', () => {
    const w = new CandleWindow('BTCUSDT', 10);
    for (let i = 0; i < 4; i++) w.accept(kline(i));
    const seen: number[] = [];
    w.replay((k) => seen.push(w.length * 100 + k.openTime / MIN));
    expect(seen).toEqual([100, 201, 302, 403]);
    expect(w.length).toBe(4);
  });
});
