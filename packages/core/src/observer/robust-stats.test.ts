import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAD_TO_SIGMA,
  median,
  medianAbsoluteDeviation,
  robustZ,
  sortedMedianAbsoluteDeviation,
  sortedRobustZ,
} from './robust-stats';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });

describe('robust statistics', () => {
  it('median of odd and even counts, MAD around it', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100], 3)).toBe(1);
  });

  it('z = (v − median) / (1.4826 · MAD), and one wild value in the window does not move it', () => {
    const ref = [10, 11, 9, 10, 12, 8, 10];
    const clean = robustZ(20, ref, 0.001);
    expect(clean?.median).toBe(10);
    expect(clean?.mad).toBe(1);
    expect(clean?.z).toBeCloseTo(10 / MAD_TO_SIGMA, 10);
    const polluted = robustZ(20, [...ref.slice(0, 6), 1e9], 0.001);
    expect(polluted?.median).toBe(10);
    expect(polluted?.z).toBeCloseTo(10 / MAD_TO_SIGMA, 10);
  });

  it('the floor bounds the scale: a constant window gives z = difference / floor', () => {
    expect(robustZ(7, [5, 5, 5, 5], 0.5)).toEqual({ z: 4, median: 5, mad: 0, scale: 0.5 });
    expect(robustZ(5, [5, 5, 5, 5], 0.5)?.z).toBe(0);
  });

  it('property: z is invariant under a shift of the data', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 60 }), finite, finite, (ref, v, shift) => {
        const a = robustZ(v, ref, 1e-3) as { z: number };
        const b = robustZ(
          v + shift,
          ref.map((x) => x + shift),
          1e-3,
        ) as { z: number };
        // Floats: adding a shift loses up to ~1e-10 relative precision at these magnitudes.
        expect(Math.abs(a.z - b.z)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(a.z)) + 1e-3);
      }),
    );
  });

  it('property: z is invariant under a positive scaling of the data and the floor', () => {
    fc.assert(
      fc.property(
        fc.array(finite, { minLength: 1, maxLength: 60 }),
        finite,
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (ref, v, c) => {
          const a = robustZ(v, ref, 1e-3) as { z: number };
          const b = robustZ(
            v * c,
            ref.map((x) => x * c),
            1e-3 * c,
          ) as { z: number };
          expect(b.z).toBeCloseTo(a.z, 6);
        },
      ),
    );
  });

  it('property: a value equal to the median of its window has z = 0', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 61 }), (ref) => {
        const m = median(ref) as number;
        expect(robustZ(m, ref, 1e-9)?.z).toBe(0);
      }),
    );
  });
});

describe('robust statistics over a sorted reference', () => {
  // Few distinct values, so ties and an even count are common.
  const values = fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { maxLength: 60 });

  it('sortedMedianAbsoluteDeviation equals medianAbsoluteDeviation', () => {
    fc.assert(
      fc.property(values, fc.double({ min: -1e6, max: 1e6, noNaN: true }), (xs, center) => {
        const sorted = [...xs].sort((a, b) => a - b);
        expect(sortedMedianAbsoluteDeviation(sorted, center)).toBe(medianAbsoluteDeviation(xs, center));
      }),
    );
  });

  it('sortedRobustZ equals robustZ', () => {
    fc.assert(
      fc.property(values, fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), (xs, v, floor) => {
        expect(sortedRobustZ(v, [...xs].sort((a, b) => a - b), floor)).toEqual(robustZ(v, xs, floor));
      }),
    );
  });
});
