import { ResearchInputError } from '../errors';
import { extensiveObjective, objectiveScore } from '../objective';
import type { Objective, TrialMetrics } from '../trial';

export interface WalkForwardResult {
  /** The best in-sample trial's metrics on the in window, and the same parameters on the out window. */
  in: TrialMetrics;
  out: TrialMetrics;
  /** Window lengths: needed to compare a profit over 90 days with one over 30. */
  inMs?: number;
  outMs?: number;
}

export interface WindowScore {
  index: number;
  inScore: number;
  outScore: number;
  /**
   * out / in (per unit of time for profit). 1 means the edge held out of sample, 0.5 that half
   * of it did, below 0 that it reversed. Null when the in-sample score is not positive.
   */
  degradation: number | null;
}

export interface WalkForwardSummary {
  windows: WindowScore[];
  meanInScore: number;
  meanOutScore: number;
  /** Walk-forward efficiency: mean out / mean in (rates for profit); null when the mean in-sample score is not positive. */
  efficiency: number | null;
  /** Median of the defined per-window degradations; null when none is. */
  medianDegradation: number | null;
  /** Share (0..1) of windows whose out-of-sample score is positive. */
  positiveOutShare: number;
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export function walkForwardSummary(results: readonly WalkForwardResult[], objective: Objective): WalkForwardSummary {
  if (results.length === 0) throw new ResearchInputError('a walk-forward summary needs at least one window');
  const perTime = extensiveObjective(objective);
  const rates: { inRate: number; outRate: number }[] = [];
  const windows = results.map((r, index) => {
    const inScore = objectiveScore(r.in, objective);
    const outScore = objectiveScore(r.out, objective);
    let inRate = inScore;
    let outRate = outScore;
    if (perTime) {
      if (!(r.inMs && r.inMs > 0 && r.outMs && r.outMs > 0)) throw new ResearchInputError(`window ${index}: the profit objective needs inMs and outMs to compare windows of different lengths`, `${index}`);
      inRate = inScore / r.inMs;
      outRate = outScore / r.outMs;
    }
    rates.push({ inRate, outRate });
    return { index, inScore, outScore, degradation: inRate > 0 && Number.isFinite(outRate) ? outRate / inRate : null };
  });
  const mean = (xs: number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;
  const meanInRate = mean(rates.map((r) => r.inRate));
  const meanOutRate = mean(rates.map((r) => r.outRate));
  return {
    windows,
    meanInScore: mean(windows.map((w) => w.inScore)),
    meanOutScore: mean(windows.map((w) => w.outScore)),
    efficiency: meanInRate > 0 ? meanOutRate / meanInRate : null,
    medianDegradation: median(windows.flatMap((w) => (w.degradation === null ? [] : [w.degradation]))),
    positiveOutShare: windows.filter((w) => w.outScore > 0).length / windows.length,
  };
}
