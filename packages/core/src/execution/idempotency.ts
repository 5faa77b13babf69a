import type { Clock } from '../clock';

/** One remembered claim: this key already produced this intent. */
export interface IdempotencyRecord {
  key: string;
  intentId: string;
  /** Epoch ms after which the claim is forgotten. */
  expiresAt: number;
}

/**
 * Where claims survive a restart (the app keeps them in SQLite). `save` is called before the
 * order leaves, so it must be durable when it returns, like IntentStore.insert.
 */
export interface IdempotencyPersistence {
  load(): Iterable<IdempotencyRecord>;
  save(record: IdempotencyRecord): void;
  /** Optional: drop rows the store has forgotten (expired or evicted). */
  remove?(keys: readonly string[]): void;
}

export type ClaimResult = { claimed: true } | { claimed: false; intentId: string };

export interface IdempotencyStoreOptions {
  clock: Clock;
  persistence?: IdempotencyPersistence;
  /** Default 24 h. */
  ttlMs?: number;
  /** Default 100 000 keys; the oldest claim is forgotten first beyond it. */
  maxEntries?: number;
}

export const proposalKey = (proposalId: string): string => `proposal:${proposalId}`;
export const intentKey = (intentId: string): string => `intent:${intentId}`;

/**
 * key → intent id, so the same proposal (or the same caller request) never produces a second
 * order. Claims expire after the TTL measured on the injected clock; memory is bounded.
 */
export class IdempotencyStore {
  private readonly clock: Clock;
  private readonly persistence: IdempotencyPersistence | undefined;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  /** Insertion order = claim order, and every claim has the same TTL: the first entry expires first. */
  private readonly entries = new Map<string, IdempotencyRecord>();

  constructor(opts: IdempotencyStoreOptions) {
    this.clock = opts.clock;
    this.persistence = opts.persistence;
    this.ttlMs = opts.ttlMs ?? 24 * 60 * 60 * 1000;
    this.maxEntries = opts.maxEntries ?? 100_000;
    if (this.persistence !== undefined) this.restore(this.persistence.load());
  }

  /** The intent id claimed under `key`, unless the claim expired. */
  get(key: string): string | undefined {
    const rec = this.entries.get(key);
    if (rec === undefined) return undefined;
    if (rec.expiresAt <= this.clock.now()) {
      this.forget([key]);
      return undefined;
    }
    return rec.intentId;
  }

  /**
   * Claim `key` for `intentId`. A live claim by another intent wins and is returned; claiming
   * again for the same intent is a no-op success.
   */
  claim(key: string, intentId: string): ClaimResult {
    const existing = this.get(key);
    if (existing !== undefined)
      return existing === intentId ? { claimed: true } : { claimed: false, intentId: existing };
    const rec: IdempotencyRecord = { key, intentId, expiresAt: this.clock.now() + this.ttlMs };
    this.persistence?.save(rec);
    this.entries.set(key, rec);
    this.prune();
    return { claimed: true };
  }

  get size(): number {
    return this.entries.size;
  }

  /** Forget expired claims, and the oldest ones beyond maxEntries. */
  prune(): void {
    const now = this.clock.now();
    const dropped: string[] = [];
    for (const [key, rec] of this.entries) {
      if (rec.expiresAt > now && this.entries.size - dropped.length <= this.maxEntries) break;
      dropped.push(key);
    }
    if (dropped.length > 0) this.forget(dropped);
  }

  private restore(records: Iterable<IdempotencyRecord>): void {
    const now = this.clock.now();
    const all = [...records];
    const live = all.filter((r) => r.expiresAt > now);
    const expired = all.filter((r) => r.expiresAt <= now).map((r) => r.key);
    if (expired.length > 0) this.persistence?.remove?.(expired);
    live.sort((a, b) => a.expiresAt - b.expiresAt);
    for (const r of live) this.entries.set(r.key, { ...r });
    this.prune();
  }

  private forget(keys: readonly string[]): void {
    for (const k of keys) this.entries.delete(k);
    this.persistence?.remove?.(keys);
  }
}
