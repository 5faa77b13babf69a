import type { SeriesPoint } from '@aurora/contracts';

/** The last `capacity` points of a series, oldest first; memory never grows past capacity. */
export class BoundedSeries {
  private readonly ts: number[];
  private readonly vs: number[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be an integer ≥ 1');
    this.ts = new Array<number>(capacity);
    this.vs = new Array<number>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(t: number, v: number): void {
    const at = (this.start + this.count) % this.capacity;
    this.ts[at] = t;
    this.vs[at] = v;
    if (this.count < this.capacity) this.count += 1;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** The value `i` places from the oldest (0 ≤ i < size). */
  valueAt(i: number): number {
    return this.vs[(this.start + i) % this.capacity] as number;
  }

  values(): number[] {
    const out = new Array<number>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.vs[(this.start + i) % this.capacity] as number;
    return out;
  }

  /** The newest `limit` points (all by default), oldest first. */
  points(limit: number = this.count): SeriesPoint[] {
    const n = Math.min(limit, this.count);
    const out: SeriesPoint[] = [];
    for (let i = this.count - n; i < this.count; i++) {
      const at = (this.start + i) % this.capacity;
      out.push({ t: this.ts[at] as number, v: this.vs[at] as number });
    }
    return out;
  }

  last(): SeriesPoint | null {
    if (this.count === 0) return null;
    const at = (this.start + this.count - 1) % this.capacity;
    return { t: this.ts[at] as number, v: this.vs[at] as number };
  }
}
