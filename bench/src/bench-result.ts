/** One figure of the benchmark suite: reported, never asserted. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The same measurement on a trivial workload in the same run, so machines compare. */
  baseline?: { name: string; value: number };
  /** value / baseline.value. */
  ratio?: number;
  /** A goal for this figure and whether this run met it (printed PASS / MISS). */
  target?: { text: string; met: boolean };
  note?: string;
}

/** A result with its baseline and ratio filled in; a zero baseline leaves the ratio out. */
export function withBaseline(
  r: Omit<BenchResult, 'baseline' | 'ratio'>,
  baselineName: string,
  baselineValue: number,
): BenchResult {
  return {
    ...r,
    baseline: { name: baselineName, value: baselineValue },
    ...(baselineValue !== 0 ? { ratio: r.value / baselineValue } : {}),
  };
}
