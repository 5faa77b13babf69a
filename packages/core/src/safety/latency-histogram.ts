/**
 * A fixed-bucket histogram (Prometheus semantics: a value v lands in the first bucket whose
 * upper bound `le` satisfies v ≤ le, plus an implicit +Inf bucket). Memory is fixed at
 * construction whatever the number of observations, so it suits the tick-to-order hot path
 * and the benchmark. Unit-agnostic: bounds and values share whatever unit the caller picks.
 */
export interface HistogramBucket {
  /** Upper bound; the last bucket is +Infinity. */
  le: number;
  /** Cumulative count of observations ≤ le, as Prometheus exposes it. */
  count: number;
}

export class LatencyHistogram {
  private readonly bounds: Float64Array;
  /** Per-bucket (non-cumulative) counts; the last slot is the +Inf bucket. */
  private readonly counts: Float64Array;
  private total = 0;
  private sumOfValues = 0;
  private minValue = Number.POSITIVE_INFINITY;
  private maxValue = Number.NEGATIVE_INFINITY;
  private rejectedCount = 0;

  constructor(upperBounds: readonly number[]) {
    if (upperBounds.length === 0) throw new RangeError('a histogram needs at least one bucket bound');
    for (let i = 0; i < upperBounds.length; i += 1) {
      const bound = upperBounds[i] as number;
      if (!Number.isFinite(bound)) throw new RangeError(`bucket bound ${bound} is not finite`);
      if (i > 0 && bound <= (upperBounds[i - 1] as number)) {
        throw new RangeError('bucket bounds must be strictly ascending');
      }
    }
    this.bounds = Float64Array.from(upperBounds);
    this.counts = new Float64Array(upperBounds.length + 1);
  }

  /** Bounds start, start×factor, … (count of them), e.g. exponential(0.05, 2, 16) for ms. */
  static exponential(start: number, factor: number, count: number): LatencyHistogram {
    if (!(start > 0) || !(factor > 1) || !Number.isInteger(count) || count < 1) {
      throw new RangeError('exponential buckets need start > 0, factor > 1 and an integer count ≥ 1');
    }
    return new LatencyHistogram(Array.from({ length: count }, (_, i) => start * factor ** i));
  }

  /** Bounds start, start+width, … (count of them). */
  static linear(start: number, width: number, count: number): LatencyHistogram {
    if (!(width > 0) || !Number.isInteger(count) || count < 1) {
      throw new RangeError('linear buckets need width > 0 and an integer count ≥ 1');
    }
    return new LatencyHistogram(Array.from({ length: count }, (_, i) => start + width * i));
  }

  /** Record one value; a negative or non-finite value is refused (returns false) and counted. */
  observe(value: number): boolean {
    if (!Number.isFinite(value) || value < 0) {
      this.rejectedCount += 1;
      return false;
    }
    const slot = this.bucketIndex(value);
    this.counts[slot] = (this.counts[slot] as number) + 1;
    this.total += 1;
    this.sumOfValues += value;
    if (value < this.minValue) this.minValue = value;
    if (value > this.maxValue) this.maxValue = value;
    return true;
  }

  get count(): number {
    return this.total;
  }
  get sum(): number {
    return this.sumOfValues;
  }
  get min(): number | null {
    return this.total === 0 ? null : this.minValue;
  }
  get max(): number | null {
    return this.total === 0 ? null : this.maxValue;
  }
  get rejected(): number {
    return this.rejectedCount;
  }

  /**
   * Estimated p-th percentile: find the bucket holding the nearest-rank observation
   * (rank ceil(p × n / 100)) and interpolate linearly inside it, clamped to the observed
   * [min, max]. The error is at most that bucket's width; the first bucket starts at min
   * and the +Inf bucket ends at max, so neither end is unbounded.
   */
  percentile(p: number): number | null {
    if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within [0, 100], got ${p}`);
    if (this.total === 0) return null;
    const rank = Math.max(1, Math.ceil((p * this.total) / 100));
    let before = 0;
    for (let i = 0; i < this.counts.length; i += 1) {
      const inBucket = this.counts[i] as number;
      if (before + inBucket >= rank) {
        const lower = i === 0 ? this.minValue : Math.max(this.bounds[i - 1] as number, this.minValue);
        const upper =
          i < this.bounds.length ? Math.min(this.bounds[i] as number, this.maxValue) : this.maxValue;
        const estimate = lower + ((upper - lower) * (rank - before)) / inBucket;
        return Math.min(this.maxValue, Math.max(this.minValue, estimate));
      }
      before += inBucket;
    }
    return this.maxValue;
  }

  /** Cumulative buckets ending with +Inf, ready for a Prometheus exposition. */
  buckets(): HistogramBucket[] {
    const out: HistogramBucket[] = [];
    let cumulative = 0;
    for (let i = 0; i < this.counts.length; i += 1) {
      cumulative += this.counts[i] as number;
      out.push({
        le: i < this.bounds.length ? (this.bounds[i] as number) : Number.POSITIVE_INFINITY,
        count: cumulative,
      });
    }
    return out;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sumOfValues = 0;
    this.minValue = Number.POSITIVE_INFINITY;
    this.maxValue = Number.NEGATIVE_INFINITY;
    this.rejectedCount = 0;
  }

  /** First bucket whose bound is ≥ value (binary search); bounds.length means +Inf. */
  private bucketIndex(value: number): number {
    let lo = 0;
    let hi = this.bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.bounds[mid] as number) >= value) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
