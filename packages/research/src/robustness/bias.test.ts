import { Dec, Ema, type Kline } from '@aurora/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lookaheadDiff, lookaheadReport, warmupReport, type IndicatorPoint, type SignalRecord } from './bias';
import { candleNoise } from './candle-noise';

const sig = (time: number, value: unknown, key = 'BTCUSDT'): SignalRecord => ({ time, key, value });

describe('lookaheadDiff / lookaheadReport', () => {
  it('reports every signal before the cut that changed, vanished or appeared, and ignores the rest', () => {
    const full = [sig(1, { side: 'BUY', score: 0.5 }), sig(2, { side: 'BUY' }), sig(3, { side: 'SELL' }), sig(9, { side: 'BUY' })];
    const cut = [sig(1, { score: 0.5, side: 'BUY' }), sig(3, { side: 'BUY' }), sig(4, { side: 'SELL' }), sig(9, { side: 'SELL' })];
    const r = lookaheadDiff(full, cut, 5);
    expect(r.differences).toEqual([
      { cutAt: 5, time: 2, key: 'BTCUSDT', kind: 'missing-when-cut', full: { side: 'BUY' } },
      { cutAt: 5, time: 3, key: 'BTCUSDT', kind: 'changed', full: { side: 'SELL' }, cut: { side: 'BUY' } },
      { cutAt: 5, time: 4, key: 'BTCUSDT', kind: 'only-when-cut', cut: { side: 'SELL' } },
    ]);
    expect(r.compared).toBe(4);
  });

  it('is clean for a causal strategy over many cuts, and finds a peeking one', () => {
    const closes = Array.from({ length: 200 }, (_, i) => 100 + 10 * Math.sin(i / 7) + (i % 5));
    const causal = (n: number): SignalRecord[] => closes.slice(0, n).flatMap((c, i) => (i > 0 && c > (closes[i - 1] as number) + 1 ? [sig(i, { up: true })] : []));
    // Peeks one candle ahead: its signal carries the next close, which the cut data does not have.
    const peeking = (n: number): SignalRecord[] => closes.slice(0, n).map((_, i) => sig(i, { next: i + 1 < n ? closes[i + 1] : null }));
    const cuts = [50, 100, 150];
    expect(causal(200).length).toBeGreaterThan(5);
    expect(lookaheadReport(causal(200), cuts.map((cutAt) => ({ cutAt, signals: causal(cutAt) }))).clean).toBe(true);
    const bad = lookaheadReport(peeking(200), cuts.map((cutAt) => ({ cutAt, signals: peeking(cutAt) })));
    expect(bad.clean).toBe(false);
    expect(bad.differences.map((d) => [d.kind, d.time])).toEqual([
      ['changed', 49],
      ['changed', 99],
      ['changed', 149],
    ]);
    expect(bad.signalsCompared).toBe(300);
  });

  it('compares numbers exactly by default, within a tolerance on request; Decimals by value', () => {
    expect(lookaheadDiff([sig(1, 0.1 + 0.2)], [sig(1, 0.3)], 2).differences).toHaveLength(1);
    expect(lookaheadDiff([sig(1, 0.1 + 0.2)], [sig(1, 0.3)], 2, { tolerance: 1e-12 }).differences).toHaveLength(0);
    expect(lookaheadDiff([sig(1, { p: Dec('1.50') })], [sig(1, { p: Dec('1.5') })], 2).differences).toHaveLength(0);
  });
});

describe('warmupReport', () => {
  const closes = Array.from({ length: 400 }, (_, i) => 100 + 20 * Math.sin(i / 11) + 0.3 * i);
  const emaFrom = (start: number, period: number): IndicatorPoint[] => {
    const e = new Ema(period);
    return closes.slice(start).map((c, i) => ({ time: start + i, value: e.update(c) }));
  };

  it('passes an EMA with enough warm-up and flags one with too little, saying how much it needs', () => {
    const period = 20;
    const input = (warmupCandles: number) => ({ name: `ema${period}`, warmupCandles, reference: emaFrom(0, period), variants: [emaFrom(50, period), emaFrom(120, period)] });
    const ok = warmupReport([input(period * 10)], { tolerance: 1e-6 });
    expect(ok.unconverged).toEqual([]);
    const short = warmupReport([input(period)], { tolerance: 1e-6 });
    expect(short.unconverged).toEqual(['ema20']);
    const f = short.indicators[0];
    expect(f?.worst?.diff).toBeGreaterThan(1e-6);
    expect(f?.candlesToConverge).toBeGreaterThan(period);
    expect(f?.candlesToConverge).toBeLessThan(period * 10);
  });

  it('flags a series that never converges (a cumulative sum) with no candlesToConverge', () => {
    const cum = (start: number): IndicatorPoint[] => {
      let s = 0;
      return closes.slice(start).map((c, i) => ({ time: start + i, value: (s += c) }));
    };
    const r = warmupReport([{ name: 'cumsum', warmupCandles: 10, reference: cum(0), variants: [cum(30)] }]);
    expect(r.unconverged).toEqual(['cumsum']);
    expect(r.indicators[0]?.candlesToConverge).toBeNull();
  });
});

const price = fc.double({ min: 0.01, max: 100_000, noNaN: true });
const kline = fc.tuple(price, price, price, price).map(([a, b, c, d]): Kline => {
  const [o, cl] = [a, b];
  const hi = Math.max(o, cl, c, d);
  const lo = Math.min(o, cl, c, d);
  return { symbol: 'BTCUSDT', interval: '1m', openTime: 0, closeTime: 59_999, open: Dec(o.toPrecision(10)), high: Dec(hi.toPrecision(10)), low: Dec(lo.toPrecision(10)), close: Dec(cl.toPrecision(10)), volume: Dec(1), quoteVolume: Dec(1), trades: 1, closed: true };
});

describe('candleNoise', () => {
  it('property: every perturbed candle keeps high ≥ max(open, close) ≥ min(open, close) ≥ low > 0', () => {
    fc.assert(
      fc.property(fc.array(kline, { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 1000 }), fc.integer(), fc.boolean(), (candles, sigmaBps, seed, tick) => {
        const out = candleNoise(candles, { sigmaBps, seed, ...(tick ? { tickSize: Dec('0.01') } : {}) });
        expect(out).toHaveLength(candles.length);
        for (const k of out) {
          expect(k.high.gte(Dec.max(k.open, k.close))).toBe(true);
          expect(k.low.lte(Dec.min(k.open, k.close))).toBe(true);
          expect(k.low.gt(0)).toBe(true);
          if (tick) for (const p of [k.open, k.high, k.low, k.close]) expect(p.mod('0.01').isZero()).toBe(true);
        }
      }),
    );
  });

  it('is deterministic for a seed, keeps volume and times, and sigma 0 changes nothing', () => {
    const candles = fc.sample(kline, { numRuns: 10, seed: 4 });
    expect(candleNoise(candles, { sigmaBps: 10, seed: 1 })).toEqual(candleNoise(candles, { sigmaBps: 10, seed: 1 }));
    const same = candleNoise(candles, { sigmaBps: 0, seed: 1 });
    same.forEach((k, i) => {
      expect(k.close.equals((candles[i] as Kline).close)).toBe(true);
      expect(k.volume).toBe((candles[i] as Kline).volume);
    });
    expect(() => candleNoise(candles, { sigmaBps: -1, seed: 1 })).toThrow(/sigmaBps/);
    expect(() => candleNoise(candles, { sigmaBps: 1001, seed: 1 })).toThrow(/0 to 1000/);
    expect(() => candleNoise(candles, { sigmaBps: 5, seed: 1, tickSize: Dec(0) })).toThrow(/tickSize/);
  });
});
