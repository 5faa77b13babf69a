import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nearestRankPercentile, percentileTriple } from './percentiles';

const ascending = (values: number[]): number[] => [...values].sort((a, b) => a - b);

describe('nearest-rank percentiles', () => {
  it('picks the sample at rank ceil(p × n / 100) of 1..100', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentileTriple(samples)).toEqual({ p50: 50, p95: 95, p99: 99 });
    expect(nearestRankPercentile(samples, 100)).toBe(100);
  });

  it('returns the classic textbook values for [15, 20, 35, 40, 50]', () => {
    const samples = [15, 20, 35, 40, 50];
    expect(nearestRankPercentile(samples, 5)).toBe(15);
    expect(nearestRankPercentile(samples, 30)).toBe(20);
    expect(nearestRankPercentile(samples, 40)).toBe(20);
    expect(nearestRankPercentile(samples, 50)).toBe(35);
    expect(nearestRankPercentile(samples, 100)).toBe(50);
  });

  it('makes p95 the maximum when fewer than 20 samples exist', () => {
    expect(percentileTriple([10, 20, 30, 40, 500])).toEqual({ p50: 30, p95: 500, p99: 500 });
  });

  it('returns the first sample for p = 0 and null for no samples', () => {
    expect(nearestRankPercentile([3, 7], 0)).toBe(3);
    expect(percentileTriple([])).toEqual({ p50: null, p95: null, p99: null });
  });

  it('does not let a float product push an exact rank up (p = 7 of 100 samples is the 7th)', () => {
    // 0.07 × 100 = 7.000000000000001 in binary floats; ceil of that would wrongly give rank 8.
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(nearestRankPercentile(samples, 7)).toBe(7);
  });

  it('refuses a percentile outside [0, 100]', () => {
    expect(() => nearestRankPercentile([1], 101)).toThrow(RangeError);
    expect(() => nearestRankPercentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('property: p50 ≤ p95 ≤ p99, each within [min, max] and an actual sample', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }),
        (raw) => {
          const sorted = ascending(raw);
          const { p50, p95, p99 } = percentileTriple(sorted);
          const min = sorted[0] as number;
          const max = sorted[sorted.length - 1] as number;
          for (const p of [p50, p95, p99]) {
            expect(p).not.toBeNull();
            expect(p as number).toBeGreaterThanOrEqual(min);
            expect(p as number).toBeLessThanOrEqual(max);
            expect(sorted).toContain(p);
          }
          expect(p50 as number).toBeLessThanOrEqual(p95 as number);
          expect(p95 as number).toBeLessThanOrEqual(p99 as number);
        },
      ),
    );
  });
});
