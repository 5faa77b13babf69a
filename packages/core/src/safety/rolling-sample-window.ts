/**
 * A fixed-capacity ring buffer of numbers: the newest `capacity` samples, oldest dropped first.
 * Backed by a Float64Array so pushing never allocates, which matters on the execution-report path.
 */
export class RollingSampleWindow {
  private buffer: Float64Array;
  /** Index the next sample is written to. */
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    this.buffer = new Float64Array(RollingSampleWindow.checkedCapacity(capacity));
  }

  get capacity(): number {
    return this.buffer.length;
  }

  get size(): number {
    return this.count;
  }

  push(value: number): void {
    this.buffer[this.head] = value;
    this.head = (this.head + 1) % this.buffer.length;
    if (this.count < this.buffer.length) this.count += 1;
  }

  /** Samples oldest first (a copy). */
  values(): number[] {
    const out = new Array<number>(this.count);
    const start = (this.head - this.count + this.buffer.length) % this.buffer.length;
    for (let i = 0; i < this.count; i += 1) out[i] = this.buffer[(start + i) % this.buffer.length] as number;
    return out;
  }

  /** Samples in ascending order (a copy), the input percentiles need. */
  sorted(): Float64Array {
    // Float64Array sorts numerically (not as strings) and the copy leaves the ring intact.
    return this.filled().sort();
  }

  mean(): number | null {
    if (this.count === 0) return null;
    let sum = 0;
    for (let i = 0; i < this.count; i += 1) sum += this.buffer[i] as number;
    return sum / this.count;
  }

  /** Change the capacity, keeping the newest samples that fit. */
  resize(capacity: number): void {
    const next = new Float64Array(RollingSampleWindow.checkedCapacity(capacity));
    const kept = this.values().slice(-next.length);
    next.set(kept);
    this.buffer = next;
    this.count = kept.length;
    this.head = kept.length % next.length;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  /** The occupied slots in storage order; order is irrelevant to sort and mean. */
  private filled(): Float64Array {
    return this.buffer.slice(0, this.count);
  }

  private static checkedCapacity(capacity: number): number {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`RollingSampleWindow capacity must be a positive integer, got ${capacity}`);
    }
    return capacity;
  }
}
