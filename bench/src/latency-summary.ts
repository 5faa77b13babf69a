import { nearestRankPercentile } from '@aurora/core';

/** Exact percentiles of latency samples (nanoseconds in, microseconds out). */
export interface LatencySummary {
  count: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

const toUs = (ns: number): number => Math.round(ns / 10) / 100;

/** Nearest-rank p50 / p99 / max: every figure is a real observation, never an interpolation. */
export function summarizeLatency(samplesNs: readonly number[]): LatencySummary {
  if (samplesNs.length === 0) throw new RangeError('no latency samples to summarize');
  const sorted = Float64Array.from(samplesNs).sort();
  return {
    count: sorted.length,
    p50Us: toUs(nearestRankPercentile(sorted, 50) as number),
    p99Us: toUs(nearestRankPercentile(sorted, 99) as number),
    maxUs: toUs(sorted[sorted.length - 1] as number),
  };
}

/** Nearest-rank median of any values (for shares and ratios that are not latencies). */
export function medianOf(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('no values to take the median of');
  return nearestRankPercentile(Float64Array.from(values).sort(), 50) as number;
}
