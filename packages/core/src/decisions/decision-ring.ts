import type { DecisionEnvelope } from '@aurora/contracts';

/** The last `capacity` decision envelopes, oldest overwritten first. */
export class DecisionRing {
  private readonly slots: (DecisionEnvelope | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.slots = new Array<DecisionEnvelope | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(envelope: DecisionEnvelope): void {
    this.slots[this.next] = envelope;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** Newest first, at most `limit`. */
  recent(limit = this.capacity): DecisionEnvelope[] {
    const n = Math.min(limit, this.count);
    const out: DecisionEnvelope[] = [];
    for (let i = 1; i <= n; i++) {
      const e = this.slots[(this.next - i + this.capacity) % this.capacity];
      if (e !== undefined) out.push(e);
    }
    return out;
  }

  find(id: string): DecisionEnvelope | undefined {
    for (let i = 1; i <= this.count; i++) {
      const e = this.slots[(this.next - i + this.capacity) % this.capacity];
      if (e?.id === id) return e;
    }
    return undefined;
  }
}
