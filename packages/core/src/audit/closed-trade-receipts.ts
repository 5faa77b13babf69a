/**
 * Which closed positions reached the risk engine, and how often (A4 of the books audit: every
 * closed position is counted by risk exactly once). Kept with the risk state, bounded: when the
 * oldest receipts are forgotten, `horizon` moves past them, so the auditor never mistakes a
 * forgotten receipt for a close that risk never heard of.
 */
export interface ClosedTradeReceiptsSnapshot {
  /** Closes before this time (ms) are outside the record: the record started, or forgot them, later. */
  horizon: number;
  /** [positionId, times risk was told, when it was first told], oldest first. */
  receipts: [string, number, number][];
}

export const DEFAULT_MAX_RECEIPTS = 5_000;

export class ClosedTradeReceipts {
  private readonly receipts = new Map<string, { count: number; at: number }>();

  constructor(
    private horizonAt: number,
    private readonly max = DEFAULT_MAX_RECEIPTS,
  ) {}

  /** A record that did not exist before `now` (fresh install, or a snapshot from before receipts). */
  static restore(
    snapshot: ClosedTradeReceiptsSnapshot | undefined,
    now: number,
    max = DEFAULT_MAX_RECEIPTS,
  ): ClosedTradeReceipts {
    if (snapshot === undefined) return new ClosedTradeReceipts(now, max);
    const r = new ClosedTradeReceipts(snapshot.horizon, max);
    for (const [id, count, at] of snapshot.receipts) r.receipts.set(id, { count, at });
    r.trim();
    return r;
  }

  get horizon(): number {
    return this.horizonAt;
  }

  record(positionId: string, at: number): void {
    const known = this.receipts.get(positionId);
    if (known) known.count++;
    else this.receipts.set(positionId, { count: 1, at });
    this.trim();
  }

  count(positionId: string): number {
    return this.receipts.get(positionId)?.count ?? 0;
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [id, r] of this.receipts) out[id] = r.count;
    return out;
  }

  toJSON(): ClosedTradeReceiptsSnapshot {
    return {
      horizon: this.horizonAt,
      receipts: [...this.receipts].map(([id, r]) => [id, r.count, r.at]),
    };
  }

  private trim(): void {
    while (this.receipts.size > this.max) {
      const [oldestId, oldest] = this.receipts.entries().next().value as [string, { at: number }];
      this.receipts.delete(oldestId);
      // A close at the forgotten receipt's time or before can no longer be judged.
      this.horizonAt = Math.max(this.horizonAt, oldest.at + 1);
    }
  }
}

/** Shape check of a persisted record; undefined when absent (a snapshot from before receipts). */
export function parseClosedTradeReceipts(raw: unknown): ClosedTradeReceiptsSnapshot | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object') throw new TypeError('closedTrades must be an object');
  const s = raw as Record<string, unknown>;
  if (typeof s.horizon !== 'number' || !Number.isInteger(s.horizon) || s.horizon < 0)
    throw new TypeError('closedTrades.horizon must be a time in ms');
  if (!Array.isArray(s.receipts)) throw new TypeError('closedTrades.receipts must be a list');
  const receipts: [string, number, number][] = [];
  for (const r of s.receipts as unknown[]) {
    if (
      !Array.isArray(r) ||
      typeof r[0] !== 'string' ||
      !Number.isInteger(r[1]) ||
      (r[1] as number) < 1 ||
      !Number.isInteger(r[2])
    )
      throw new TypeError('closedTrades.receipts holds a malformed entry');
    receipts.push([r[0], r[1] as number, r[2] as number]);
  }
  return { horizon: s.horizon, receipts };
}
