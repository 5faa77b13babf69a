/**
 * Running sum and sum of squares over the last `period` values, O(1) per update. The sums are
 * kept relative to a reference value (shifted data) and rebuilt exactly from the buffer every
 * `REBUILD_EVERY` updates, so float cancellation cannot build up over a long-running feed.
 */
export class SlidingMoments {
  private readonly values: Float64Array;
  private next = 0;
  private count = 0;
  private shift = 0;
  private sum = 0;
  private sumSq = 0;
  private sinceRebuild = 0;
  private static readonly REBUILD_EVERY = 1024;

  constructor(readonly period: number) {
    this.values = new Float64Array(period);
  }

  get full(): boolean {
    return this.count === this.period;
  }

  push(x: number): void {
    if (this.count === 0) this.shift = x;
    const d = x - this.shift;
    if (this.count === this.period) {
      const old = (this.values[this.next] as number) - this.shift;
      this.sum -= old;
      this.sumSq -= old * old;
    } else {
      this.count++;
    }
    this.values[this.next] = x;
    this.next = (this.next + 1) % this.period;
    this.sum += d;
    this.sumSq += d * d;
    if (++this.sinceRebuild >= SlidingMoments.REBUILD_EVERY) this.rebuild();
  }

  mean(): number {
    return this.shift + this.sum / this.count;
  }

  /** Population variance (Bollinger's definition), never negative. */
  variance(): number {
    const m = this.sum / this.count;
    const v = this.sumSq / this.count - m * m;
    return v > 0 ? v : 0;
  }

  private rebuild(): void {
    this.sinceRebuild = 0;
    let total = 0;
    for (let i = 0; i < this.count; i++) total += this.values[i] as number;
    this.shift = total / this.count;
    this.sum = 0;
    this.sumSq = 0;
    for (let i = 0; i < this.count; i++) {
      const d = (this.values[i] as number) - this.shift;
      this.sum += d;
      this.sumSq += d * d;
    }
  }
}
