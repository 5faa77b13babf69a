import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResearchInputError } from '../errors';
import { equityStats, monteCarloTrades } from './monte-carlo';
import { randomEntrySignificance } from './significance';
import { bandsOf, percentileSorted } from './stats';

const pnls = fc.array(fc.double({ min: -200, max: 300, noNaN: true }), { minLength: 1, maxLength: 60 });

describe('monteCarloTrades', () => {
  it('property: reshuffling keeps the final equity of every run identical', () => {
    fc.assert(
      fc.property(pnls, fc.integer(), (trades, seed) => {
        const r = monteCarloTrades(trades, 10_000, { runs: 50, mode: 'reshuffle', seed });
        const { p5, p95 } = r.totalReturnPct;
        expect(p95 - p5).toBeLessThan(1e-9);
        expect(r.totalReturnPct.p50).toBeCloseTo(r.actual.totalReturnPct, 9);
      }),
    );
  });

  it('property: percentiles are monotone and drawdowns lie in [0, 100]', () => {
    fc.assert(
      fc.property(pnls, fc.integer(), fc.constantFrom('reshuffle' as const, 'resample' as const), (trades, seed, mode) => {
        const r = monteCarloTrades(trades, 1_000, { runs: 40, mode, seed });
        for (const b of [r.totalReturnPct, r.maxDrawdownPct]) {
          expect(b.p5).toBeLessThanOrEqual(b.p25);
          expect(b.p25).toBeLessThanOrEqual(b.p50);
          expect(b.p50).toBeLessThanOrEqual(b.p75);
          expect(b.p75).toBeLessThanOrEqual(b.p95);
        }
        expect(r.maxDrawdownPct.p5).toBeGreaterThanOrEqual(0);
        expect(r.maxDrawdownPct.p95).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('reshuffling moves the drawdown of an ordered sequence; resampling moves the total', () => {
    // Ten wins then ten losses: the real order hides the drawdown shuffles reveal.
    const trades = [...Array(10).fill(100), ...Array(10).fill(-50)] as number[];
    const sh = monteCarloTrades(trades, 10_000, { runs: 2000, mode: 'reshuffle', seed: 1 });
    expect(sh.actual).toEqual({ totalReturnPct: 5, maxDrawdownPct: (500 / 11_000) * 100 });
    expect(sh.maxDrawdownPct.p5).toBeLessThan(sh.actual.maxDrawdownPct);
    const rs = monteCarloTrades(trades, 10_000, { runs: 2000, mode: 'resample', seed: 1 });
    expect(rs.totalReturnPct.p5).toBeLessThan(0);
    expect(rs.totalReturnPct.p95).toBeGreaterThan(10);
    expect(rs.totalReturnPct.mean).toBeCloseTo(5, 0);
    expect(monteCarloTrades(trades, 10_000, { runs: 100, mode: 'resample', seed: 7 })).toEqual(monteCarloTrades(trades, 10_000, { runs: 100, mode: 'resample', seed: 7 }));
  });

  it('counts ruin and computes drawdown from the start as a peak', () => {
    expect(equityStats([-50, 30], 100)).toMatchObject({ maxDrawdownPct: 50, totalReturnPct: -20, ruined: false });
    expect(equityStats([-150, 300], 100)).toMatchObject({ maxDrawdownPct: 100, ruined: true });
    expect(monteCarloTrades([-150], 100, { runs: 3, mode: 'resample', seed: 1 }).ruinShare).toBe(1);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => monteCarloTrades([], 100, { runs: 1, mode: 'reshuffle', seed: 1 })).toThrow(ResearchInputError);
    expect(() => monteCarloTrades([1], 0, { runs: 1, mode: 'reshuffle', seed: 1 })).toThrow(/startEquity/);
    expect(() => monteCarloTrades([1], 10, { runs: 0, mode: 'reshuffle', seed: 1 })).toThrow(/runs/);
    expect(() => monteCarloTrades([NaN], 10, { runs: 1, mode: 'reshuffle', seed: 1 })).toThrow(/trade 0/);
  });

  it('runs 10 000 reshuffles of 1 000 trades quickly', () => {
    const trades = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 100);
    const t0 = performance.now();
    monteCarloTrades(trades, 100_000, { runs: 10_000, mode: 'reshuffle', seed: 3 });
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

describe('percentiles', () => {
  it('interpolates linearly between order statistics (numpy default)', () => {
    const s = Float64Array.from([1, 2, 3, 4]);
    expect(percentileSorted(s, 50)).toBe(2.5);
    expect(percentileSorted(s, 0)).toBe(1);
    expect(percentileSorted(s, 100)).toBe(4);
    expect(percentileSorted(s, 25)).toBeCloseTo(1.75);
    expect(bandsOf(Float64Array.from([5, 1, 3]))).toMatchObject({ p50: 3, mean: 3 });
  });
});

describe('randomEntrySignificance', () => {
  it('gives the +1-corrected p-value and a verdict', () => {
    const random = Array.from({ length: 99 }, (_, i) => i / 100);
    expect(randomEntrySignificance(2, random)).toMatchObject({ pValue: 0.01, verdict: 'significant', beatShare: 1 });
    const mid = randomEntrySignificance(0.5, random);
    expect(mid.pValue).toBeCloseTo(50 / 100);
    expect(mid.verdict).toBe('not-significant');
    expect(randomEntrySignificance(2, [1, 1, 1]).pValue).toBe(0.25);
    expect(randomEntrySignificance(0.985, random, { alpha: 0.02 }).verdict).toBe('significant');
  });

  it('counts failed random runs against the strategy and rejects empty input', () => {
    expect(randomEntrySignificance(1, [NaN, 0]).pValue).toBeCloseTo(2 / 3);
    expect(() => randomEntrySignificance(1, [])).toThrow(ResearchInputError);
    expect(() => randomEntrySignificance(NaN, [1])).toThrow(/actualScore/);
  });

  it('property: the p-value lies in (0, 1] and falls as the actual score rises', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -10, max: 10 }), { minLength: 1 }), fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (random, a, up) => {
        const lo = randomEntrySignificance(a, random).pValue;
        const hi = randomEntrySignificance(a + up, random).pValue;
        expect(lo).toBeGreaterThan(0);
        expect(lo).toBeLessThanOrEqual(1);
        expect(hi).toBeLessThanOrEqual(lo);
      }),
    );
  });
});
