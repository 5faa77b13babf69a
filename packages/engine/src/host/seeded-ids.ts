import type { Ids } from '../kernel-deps';

const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/**
 * Ids for a run that must repeat byte for byte (the backtest): UUID-shaped (RFC 4122 version 4
 * layout, 32 hex digits) from a seeded generator, so the same seed gives the same clientOrderIds,
 * reconcile ids and decision ids in the same order. Not for live: those come from randomUUID.
 */
export class SeededIds implements Ids {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: small, fast, and the same on every platform. */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  uuid(): string {
    const h = hex(this.next()) + hex(this.next()) + hex(this.next()) + hex(this.next());
    const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
