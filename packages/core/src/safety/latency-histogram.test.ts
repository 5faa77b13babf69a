import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency-histogram';

describe('LatencyHistogram', () => {
  it('counts a value equal to a bound in that bound’s bucket (Prometheus le semantics)', () => {
    const h = new LatencyHistogram([1, 5, 10]);
    for (const v of [0.5, 1, 3, 5, 7, 50]) h.observe(v);
    expect(h.buckets()).toEqual([
      { le: 1, count: 2 },
      { le: 5, count: 4 },
      { le: 10, count: 5 },
      { le: Number.POSITIVE_INFINITY, count: 6 },
    ]);
    expect(h.count).toBe(6);
    expect(h.sum).toBe(66.5);
    expect(h.min).toBe(0.5);
    expect(h.max).toBe(50);
  });

  it('recovers exact percentiles of 1..100 with width-10 buckets', () => {
    const h = LatencyHistogram.linear(10, 10, 10);
    for (let v = 1; v <= 100; v += 1) h.observe(v);
    expect(h.percentile(50)).toBe(50);
    expect(h.percentile(95)).toBe(95);
    expect(h.percentile(99)).toBe(99);
    // The lowest rank is interpolated inside its bucket: an estimate, within one bucket width.
    expect(h.percentile(0)).toBe(1.9);
  });

  it('ends the +Inf bucket at the largest value seen instead of infinity', () => {
    const h = new LatencyHistogram([10]);
    h.observe(5);
    h.observe(400);
    expect(h.percentile(99)).toBe(400);
    // A lone value in a bucket reads as the bucket's upper bound: conservative, as Prometheus does.
    expect(h.percentile(50)).toBe(10);
  });

  it('refuses negative and non-finite values and counts them', () => {
    const h = new LatencyHistogram([10]);
    expect(h.observe(-1)).toBe(false);
    expect(h.observe(Number.NaN)).toBe(false);
    expect(h.observe(Number.POSITIVE_INFINITY)).toBe(false);
    expect(h.rejected).toBe(3);
    expect(h.count).toBe(0);
    expect(h.percentile(50)).toBeNull();
  });

  it('builds exponential bounds and refuses unordered bounds', () => {
    expect(
      LatencyHistogram.exponential(1, 2, 4)
        .buckets()
        .map((b) => b.le),
    ).toEqual([1, 2, 4, 8, Number.POSITIVE_INFINITY]);
    expect(() => new LatencyHistogram([5, 5])).toThrow(RangeError);
    expect(() => new LatencyHistogram([])).toThrow(RangeError);
  });

  it('forgets everything on reset', () => {
    const h = new LatencyHistogram([10]);
    h.observe(3);
    h.reset();
    expect(h.count).toBe(0);
    expect(h.buckets()).toEqual([
      { le: 10, count: 0 },
      { le: Number.POSITIVE_INFINITY, count: 0 },
    ]);
  });

  it('property: estimates are monotone, within [min, max] and within one bucket of the true value', () => {
    const bounds = [1, 2, 5, 10, 20, 50, 100, 200, 500];
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 300 }),
        (values) => {
          const h = new LatencyHistogram(bounds);
          for (const v of values) h.observe(v);
          const sorted = [...values].sort((a, b) => a - b);
          const [p50, p95, p99] = [50, 95, 99].map((p) => h.percentile(p) as number);
          expect(p50).toBeLessThanOrEqual(p95 as number);
          expect(p95).toBeLessThanOrEqual(p99 as number);
          for (const [p, estimate] of [
            [50, p50],
            [95, p95],
            [99, p99],
          ] as const) {
            expect(estimate).toBeGreaterThanOrEqual(sorted[0] as number);
            expect(estimate).toBeLessThanOrEqual(sorted[sorted.length - 1] as number);
            const exact = sorted[Math.max(1, Math.ceil((p * sorted.length) / 100)) - 1] as number;
            // Both the estimate and the exact value lie in the same bucket.
            const bucketOf = (v: number) => bounds.findIndex((b) => v <= b);
            expect(bucketOf(estimate as number)).toBe(bucketOf(exact));
          }
        },
      ),
    );
  });
});
