import { ResearchInputError } from '../errors';

/** Percentile p (0..100) of an ascending-sorted sample, linear between order statistics (R type 7, numpy's default). */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new ResearchInputError('a percentile of an empty sample');
  const h = ((n - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

/** A confidence band: the 5/25/50/75/95th percentiles and the mean of a sample. */
export interface Bands {
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  mean: number;
}

export function bandsOf(values: Float64Array): Bands {
  const s = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of s) sum += v;
  return {
    p5: percentileSorted(s, 5),
    p25: percentileSorted(s, 25),
    p50: percentileSorted(s, 50),
    p75: percentileSorted(s, 75),
    p95: percentileSorted(s, 95),
    mean: sum / s.length,
  };
}
