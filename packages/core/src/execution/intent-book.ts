import { isOpenIntent, type TradeIntent } from './intent';
import type { IntentStore } from './intent-store';

/**
 * The engine's working copies of open intents, written through to the IntentStore. One object
 * per open intent, shared by the placement in flight and the report path, so an execution
 * report that beats the REST response is never overwritten by a stale copy. Settled intents
 * leave the book (the store keeps them), which bounds it by the number of live orders.
 */
export class IntentBook {
  private readonly working = new Map<string, TradeIntent>();

  constructor(private readonly store: IntentStore) {}

  /** Durable when it returns (IntentStore.insert's contract). */
  insert(intent: TradeIntent): void {
    this.store.insert(intent);
    if (isOpenIntent(intent)) this.working.set(intent.id, intent);
  }

  get(id: string): TradeIntent | undefined {
    const cached = this.working.get(id);
    if (cached !== undefined) return cached;
    const stored = this.store.get(id);
    if (stored !== undefined && isOpenIntent(stored)) this.working.set(id, stored);
    return stored;
  }

  /** One commit for an intent's change and what the outcome sink writes for it (IntentStore.atomically). */
  atomically<T>(fn: () => T): T {
    return this.store.atomically ? this.store.atomically(fn) : fn();
  }

  save(intent: TradeIntent): void {
    this.store.update(intent);
    if (isOpenIntent(intent)) this.working.set(intent.id, intent);
    else this.working.delete(intent.id);
  }

  /** Open intents: the working copies, plus any open row the store has that we have not touched yet. */
  open(): TradeIntent[] {
    for (const stored of this.store.listOpen())
      if (!this.working.has(stored.id)) this.working.set(stored.id, stored);
    return [...this.working.values()];
  }

  /** Open intents already in memory, without asking the store (hot path). */
  workingOpen(): IterableIterator<TradeIntent> {
    return this.working.values();
  }

  findByProposalId(proposalId: string): TradeIntent | undefined {
    return this.store.findByProposalId(proposalId);
  }
}
