import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CorrelationMatrix } from '@aurora/contracts';
import { dec } from '../money/decimal';
import type { Kline } from '../market/types';
import { CorrelationTracker, pearson, ReturnsWindow } from './correlation';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 0, 0);

const kline = (symbol: string, i: number, close: number, closed = true): Kline => ({
  symbol,
  interval: '1m',
  openTime: T0 + i * MIN,
  closeTime: T0 + (i + 1) * MIN - 1,
  open: dec(close),
  high: dec(close),
  low: dec(close),
  close: dec(close),
  volume: dec(1),
  quoteVolume: dec(close),
  trades: 1,
  closed,
});

/** Deterministic wiggle: a fixed pseudo-random walk, so tests need no Math.random. */
const walk = (n: number, seed: number): number[] => {
  const out: number[] = [];
  let x = 100;
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    x *= 1 + (s / 2147483648 - 0.5) / 50;
    out.push(x);
  }
  return out;
};

describe('pearson', () => {
  it('is 1 for proportional samples, −1 for opposed ones, null without variance', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearson([1], [1])).toBeNull();
  });

  it('matches a hand-computed value', () => {
    // x = 1..5, y = 2,4,5,4,5: cov = 6, var x = 10, var y = 6 → r = 6 / √60.
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])).toBeCloseTo(6 / Math.sqrt(60), 12);
  });

  it('is always within −1..1', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -1e3, max: 1e3, noNaN: true }),
            fc.double({ min: -1e3, max: 1e3, noNaN: true }),
          ),
          { minLength: 2, maxLength: 50 },
        ),
        (pairs) => {
          const r = pearson(
            pairs.map((p) => p[0]),
            pairs.map((p) => p[1]),
          );
          if (r !== null) expect(r >= -1 && r <= 1).toBe(true);
        },
      ),
    );
  });
});

describe('ReturnsWindow', () => {
  it('keeps only the newest log returns up to its capacity', () => {
    const w = new ReturnsWindow(3);
    [100, 110, 121, 133.1, 146.41].forEach((c, i) => w.push(T0 + i * MIN, MIN, c));
    expect(w.size).toBe(3);
    expect(w.timeAt(0)).toBe(T0 + 2 * MIN);
    for (let i = 0; i < 3; i++) expect(w.returnAt(i)).toBeCloseTo(Math.log(1.1), 12);
  });

  it('records no return across a gap, and ignores repeated candles', () => {
    const w = new ReturnsWindow(10);
    w.push(T0, MIN, 100);
    w.push(T0 + MIN, MIN, 101);
    w.push(T0 + MIN, MIN, 150);
    w.push(T0 + 3 * MIN, MIN, 102);
    w.push(T0 + 4 * MIN, MIN, 103);
    expect(w.size).toBe(2);
    expect(w.timeAt(1)).toBe(T0 + 4 * MIN);
    expect(w.returnAt(1)).toBeCloseTo(Math.log(103 / 102), 12);
  });
});

describe('CorrelationTracker', () => {
  it('finds two symbols moving together correlated and an unrelated one not', () => {
    const t = new CorrelationTracker({ window: 60 });
    const a = walk(61, 7);
    const b = walk(61, 99);
    a.forEach((c, i) => {
      t.onKline(kline('BTCUSDT', i, c));
      t.onKline(kline('ETHUSDT', i, c * 0.06));
      t.onKline(kline('XRPUSDT', i, b[i] as number));
    });
    expect(t.correlation('BTCUSDT', 'ETHUSDT')).toBeCloseTo(1, 9);
    expect(Math.abs(t.correlation('BTCUSDT', 'XRPUSDT') as number)).toBeLessThan(0.5);
    expect(t.correlationsWith('BTCUSDT', ['BTCUSDT', 'ETHUSDT'])).toEqual([
      { symbol: 'ETHUSDT', correlation: t.correlation('BTCUSDT', 'ETHUSDT') },
    ]);
  });

  it('gives null until enough aligned candles exist, and ignores unclosed candles', () => {
    const t = new CorrelationTracker({ window: 60 });
    const a = walk(20, 3);
    a.forEach((c, i) => {
      t.onKline(kline('BTCUSDT', i, c));
      t.onKline(kline('ETHUSDT', i, c, false));
    });
    expect(t.correlation('BTCUSDT', 'ETHUSDT')).toBeNull();
    expect(t.correlation('BTCUSDT', 'SOLUSDT')).toBeNull();
  });

  it('produces the CorrelationMatrix contract shape', () => {
    const t = new CorrelationTracker({ window: 20 });
    walk(30, 5).forEach((c, i) => {
      t.onKline(kline('BTCUSDT', i, c));
      t.onKline(kline('ETHUSDT', i, 1 / c));
    });
    const m = CorrelationMatrix.parse(t.matrix(['BTCUSDT', 'ETHUSDT']));
    expect(m.window).toBe(20);
    expect(m.updated_at).toBe(T0 + 30 * MIN - 1);
    expect(m.matrix[0]?.[0]).toBe(1);
    expect(m.matrix[0]?.[1]).toBeCloseTo(-1, 9);
  });

  it('stays bounded in the number of symbols it tracks', () => {
    const t = new CorrelationTracker({ window: 10, maxSymbols: 2 });
    walk(12, 1).forEach((c, i) => {
      t.onKline(kline('AUSDT', i, c));
      t.onKline(kline('BUSDT', i, c));
    });
    t.onKline(kline('CUSDT', 0, 1));
    expect(t.correlation('AUSDT', 'BUSDT')).toBeNull();
  });
});
