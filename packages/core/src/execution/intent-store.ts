import type { IntentStatus } from '@aurora/contracts';
import { isOpenIntent, type TradeIntent } from './intent';

/**
 * Where intents live. The app implements it over SQLite; `insert` MUST be durable when it
 * returns, because the engine sends the order right after it: an order on the exchange must
 * always have a row we can find after a crash.
 */
export interface IntentStore {
  insert(intent: TradeIntent): void;
  update(intent: TradeIntent): void;
  get(id: string): TradeIntent | undefined;
  findByProposalId(proposalId: string): TradeIntent | undefined;
  listByStatus(statuses: readonly IntentStatus[]): TradeIntent[];
  /** Intents that may still have a live order (see isOpenIntent). */
  listOpen(): TradeIntent[];
  /**
   * Runs fn as one commit with what the outcome sink writes inside it (fills, the position):
   * a crash can then not leave an intent that says FILLED beside a position that never got the
   * fill. Stores without transactions leave it out.
   */
  atomically?<T>(fn: () => T): T;
}

export class DuplicateIntentError extends Error {
  constructor(readonly intentId: string) {
    super(`intent ${intentId} already exists`);
    this.name = 'DuplicateIntentError';
  }
}

export class UnknownIntentError extends Error {
  constructor(readonly intentId: string) {
    super(`intent ${intentId} does not exist`);
    this.name = 'UnknownIntentError';
  }
}

export interface InMemoryIntentStoreOptions {
  /**
   * Settled intents kept beyond this count are forgotten oldest first (open intents are never
   * evicted), so a long backtest stays bounded.
   */
  maxSettled?: number;
}

/**
 * IntentStore in memory, for tests and backtests. Stores copies, so a caller mutating its
 * object does not change the stored row until it calls update().
 */
export class InMemoryIntentStore implements IntentStore {
  private readonly byId = new Map<string, TradeIntent>();
  private readonly byProposal = new Map<string, string>();
  private readonly open = new Set<string>();
  private readonly maxSettled: number;

  constructor(opts: InMemoryIntentStoreOptions = {}) {
    this.maxSettled = opts.maxSettled ?? 100_000;
  }

  insert(intent: TradeIntent): void {
    if (this.byId.has(intent.id)) throw new DuplicateIntentError(intent.id);
    this.byId.set(intent.id, { ...intent });
    if (intent.proposalId !== null) this.byProposal.set(intent.proposalId, intent.id);
    this.track(intent);
  }

  update(intent: TradeIntent): void {
    if (!this.byId.has(intent.id)) throw new UnknownIntentError(intent.id);
    this.byId.set(intent.id, { ...intent });
    this.track(intent);
  }

  get(id: string): TradeIntent | undefined {
    const found = this.byId.get(id);
    return found === undefined ? undefined : { ...found };
  }

  findByProposalId(proposalId: string): TradeIntent | undefined {
    const id = this.byProposal.get(proposalId);
    return id === undefined ? undefined : this.get(id);
  }

  listByStatus(statuses: readonly IntentStatus[]): TradeIntent[] {
    const wanted = new Set(statuses);
    const out: TradeIntent[] = [];
    for (const i of this.byId.values()) if (wanted.has(i.status)) out.push({ ...i });
    return out;
  }

  listOpen(): TradeIntent[] {
    const out: TradeIntent[] = [];
    for (const id of this.open) {
      const i = this.byId.get(id);
      if (i !== undefined) out.push({ ...i });
    }
    return out;
  }

  get size(): number {
    return this.byId.size;
  }

  private track(intent: TradeIntent): void {
    if (isOpenIntent(intent)) {
      this.open.add(intent.id);
      return;
    }
    this.open.delete(intent.id);
    this.evict();
  }

  private evict(): void {
    let excess = this.byId.size - this.open.size - this.maxSettled;
    if (excess <= 0) return;
    // Maps iterate in insertion order: the first settled rows met are the oldest.
    for (const [id, i] of this.byId) {
      if (excess <= 0) break;
      if (this.open.has(id)) continue;
      this.byId.delete(id);
      if (i.proposalId !== null && this.byProposal.get(i.proposalId) === id)
        this.byProposal.delete(i.proposalId);
      excess--;
    }
  }
}
