/**
 * Nearest-rank percentiles: the p-th percentile of n ascending samples is the sample at
 * 1-based rank ceil(p × n / 100) (rank 1 for p = 0). The result is always a real observation,
 * never an interpolation, so "p95 = 812 ms" means some order really took 812 ms. With few
 * samples the high percentiles equal the maximum (n < 20 → p95 is the max), which is the
 * conservative reading for a pause rule.
 */
export function nearestRankPercentile(sorted: ArrayLike<number>, p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within [0, 100], got ${p}`);
  const n = sorted.length;
  if (n === 0) return null;
  // p × n is exact for integer p, so the division cannot push an exact rank over an integer.
  const rank = Math.max(1, Math.ceil((p * n) / 100));
  return sorted[rank - 1] as number;
}

export interface PercentileTriple {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** p50 / p95 / p99 of samples already sorted ascending. */
export function percentileTriple(sorted: ArrayLike<number>): PercentileTriple {
  return {
    p50: nearestRankPercentile(sorted, 50),
    p95: nearestRankPercentile(sorted, 95),
    p99: nearestRankPercentile(sorted, 99),
  };
}
