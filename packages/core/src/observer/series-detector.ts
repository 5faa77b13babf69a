import type { AnomalyDetector, ObserverReference, SeriesPoint } from '@aurora/contracts';
import { BoundedSeries } from './bounded-series';
import { TwoSidedCusum, type CusumSettings } from './cusum';
import { fixedZ, sortedMedian, sortedMedianAbsoluteDeviation, sortedRobustZ, type RobustZ } from './robust-stats';

export type Direction = 'UP' | 'DOWN' | 'BOTH';

export interface SeriesDetectorConfig {
  /** Reference window: the last `window` values before the new one (bounded memory). */
  window: number;
  /** Values the window needs before anything is judged (warm-up). */
  minSamples: number;
  /** Point rule: |z| > zThreshold (in the allowed direction) is an anomaly. */
  zThreshold: number;
  /** Level-shift rule; null: this series has none (e.g. price returns, where a trend is not a fault). */
  cusum: CusumSettings | null;
  /** Resolution floor of the scale, in the series' unit. Must be > 0. */
  floor: number;
  /** Which way is trouble: latency UP, fill ratio DOWN, price jumps BOTH. */
  direction: Direction;
  /** After a detection, the same detector stays quiet for this many samples (no alert floods). */
  cooldownSamples: number;
  /** Points carried as evidence with an anomaly (the newest ones, the firing value last). */
  evidencePoints: number;
}

/** A fixed reference (the backtest's distribution) instead of the rolling window. */
export interface FixedReference {
  median: number;
  mad: number;
  samples: number;
}

export interface Detection {
  detector: AnomalyDetector;
  statistic: number;
  threshold: number;
  at: number;
  value: number;
  reference: ObserverReference;
  median: number;
  mad: number;
  scale: number;
  /** Values the median and MAD were taken over (the backtest's trades for a fixed reference). */
  referenceSize: number;
  points: SeriesPoint[];
}

/** What a series looks like now, for the snapshot. */
export interface SeriesState {
  samples: number;
  last: SeriesPoint | null;
  median: number | null;
  mad: number | null;
  lastZ: number | null;
  cusumUp: number;
  cusumDown: number;
  warmingUp: boolean;
  lastDetectionAt: number | null;
}

export function validateDetectorConfig(c: SeriesDetectorConfig): void {
  const ints: Array<[string, number]> = [
    ['window', c.window],
    ['minSamples', c.minSamples],
    ['cooldownSamples', c.cooldownSamples],
    ['evidencePoints', c.evidencePoints],
  ];
  for (const [name, v] of ints)
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be an integer ≥ 0`);
  if (c.window < 1 || c.window > 5000) throw new RangeError('window must be in 1..5000');
  if (c.minSamples < 1 || c.minSamples > c.window) throw new RangeError('minSamples must be in 1..window');
  if (!(c.zThreshold > 0)) throw new RangeError('zThreshold must be > 0');
  if (!(c.floor > 0)) throw new RangeError('floor must be > 0');
}

const allows = (direction: Direction, z: number): boolean =>
  direction === 'BOTH' || (direction === 'UP' ? z > 0 : z < 0);

/**
 * One series' streaming detector. Each new value is judged against the window *before* it joins:
 *
 *   point rule      |z| > zThreshold, z = (v − median(window)) / max(1.4826·MAD(window), floor)
 *   level shift     two-sided CUSUM over the same z (clipped), see cusum.ts
 *
 * With a fixed reference the median and MAD come from it (the backtest), and the window serves
 * only as evidence. Every value joins the window, outliers included: the median and MAD shrug
 * off single outliers, and a real change of level becomes the new normal once it fills half the
 * window, so the detector reports the change once instead of forever.
 */
export class SeriesDetector {
  private readonly window: BoundedSeries;
  private readonly cusum: TwoSidedCusum | null;
  private fixed: FixedReference | null;
  private lastZ: number | null = null;
  private quietUntil: Partial<Record<AnomalyDetector, number>> = {};
  private seen = 0;
  private lastDetectionAt: number | null = null;
  /** The snapshot reads state() on every push; it changes only with a new value. */
  private cachedState: SeriesState | null = null;
  /**
   * The reference window (the last `config.window` values) kept sorted ascending as values come
   * and go, ties in arrival order — what sorting a copy of it would give — so judging a value
   * costs a binary search and a walk, not a copy and a sort of the whole window.
   */
  private readonly sorted: number[] = [];

  constructor(
    readonly config: SeriesDetectorConfig,
    fixed: FixedReference | null = null,
  ) {
    validateDetectorConfig(config);
    this.window = new BoundedSeries(Math.max(config.window, config.evidencePoints, 1));
    this.cusum = config.cusum === null ? null : new TwoSidedCusum(config.cusum);
    this.fixed = fixed;
  }

  get reference(): ObserverReference {
    return this.fixed === null ? 'ROLLING' : 'BACKTEST';
  }

  /** Judge one value (non-finite values are the caller's to refuse) and add it to the window. */
  observe(at: number, value: number): Detection[] {
    this.seen += 1;
    this.cachedState = null;
    const reference = this.sorted;
    const rz = this.zOf(value, reference);
    const referenceSize = this.fixed?.samples ?? reference.length;
    const detections: Detection[] = [];
    this.join(value);
    this.window.push(at, value);
    if (rz === null) {
      this.lastZ = null;
      return detections;
    }
    this.lastZ = rz.z;
    const c = this.config;
    if (Math.abs(rz.z) > c.zThreshold && allows(c.direction, rz.z)) {
      this.maybe(detections, 'ROBUST_Z', rz.z, c.zThreshold, at, value, rz, referenceSize);
    }
    if (this.cusum !== null) {
      const step = this.cusum.update(rz.z);
      if (step.fired !== null && allows(c.direction, step.fired === 'UP' ? 1 : -1)) {
        const kind = step.fired === 'UP' ? 'CUSUM_UP' : 'CUSUM_DOWN';
        this.maybe(detections, kind, step.statistic, this.cusum.settings.h, at, value, rz, referenceSize);
      }
    }
    return detections;
  }

  setFixedReference(fixed: FixedReference | null): void {
    this.fixed = fixed;
    this.cusum?.reset();
    this.cachedState = null;
  }

  state(): SeriesState {
    if (this.cachedState !== null) return this.cachedState;
    const values = this.sorted;
    const med = this.fixed?.median ?? sortedMedian(values);
    const mad =
      this.fixed !== null ? this.fixed.mad : med === null ? null : sortedMedianAbsoluteDeviation(values, med);
    const sums = this.cusum?.sums ?? { up: 0, down: 0 };
    this.cachedState = {
      samples: this.seen,
      last: this.window.last(),
      median: med,
      mad,
      lastZ: this.lastZ,
      cusumUp: sums.up,
      cusumDown: sums.down,
      warmingUp: this.fixed === null && values.length < this.config.minSamples,
      lastDetectionAt: this.lastDetectionAt,
    };
    return this.cachedState;
  }

  points(limit: number): SeriesPoint[] {
    return this.window.points(limit);
  }

  /** Values held, for tests of the memory bound. */
  get held(): number {
    return this.window.size;
  }

  /** `value` joins the sorted reference; the one it pushes out of the reference window leaves. */
  private join(value: number): void {
    const sorted = this.sorted;
    const size = this.window.size;
    if (size >= this.config.window) {
      const out = this.window.valueAt(size - this.config.window);
      // The oldest of equal values is the first of them.
      sorted.splice(bound(sorted, out, false), 1);
    }
    sorted.splice(bound(sorted, value, true), 0, value);
  }

  private zOf(value: number, reference: readonly number[]): RobustZ | null {
    if (this.fixed !== null) return fixedZ(value, this.fixed, this.config.floor);
    if (reference.length < this.config.minSamples) return null;
    return sortedRobustZ(value, reference, this.config.floor);
  }

  private maybe(
    out: Detection[],
    detector: AnomalyDetector,
    statistic: number,
    threshold: number,
    at: number,
    value: number,
    rz: RobustZ,
    referenceSize: number,
  ): void {
    const quiet = this.quietUntil[detector];
    if (quiet !== undefined && this.seen <= quiet) return;
    this.quietUntil[detector] = this.seen + this.config.cooldownSamples;
    this.lastDetectionAt = at;
    out.push({
      detector,
      statistic,
      threshold,
      at,
      value,
      reference: this.reference,
      median: rz.median,
      mad: rz.mad,
      scale: rz.scale,
      referenceSize,
      points: this.window.points(this.config.evidencePoints),
    });
  }
}

/** First index whose value is above `v` (after = true) or not below it (after = false), as `a - b` orders. */
function bound(sorted: readonly number[], v: number, after: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const d = (sorted[mid] as number) - v;
    if (d < 0 || (after && d === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
