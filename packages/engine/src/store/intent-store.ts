import type { IntentStatus } from '@aurora/contracts';
import { Dec, isOpenIntent, type IdempotencyPersistence, type IdempotencyRecord, type IntentStore, type TradeIntent } from '@aurora/core';
import type { KernelStore, StoredIntentRow } from '../kernel-deps';

const DECIMAL_FIELDS = ['quantity', 'price', 'stopPrice', 'filledQty', 'cumQuote'] as const;
/** Read-back intents remembered at most (see StoreIntentStore.readBack). */
const READ_BACK_MAX = 4096;

function toRow(i: TradeIntent): StoredIntentRow {
  const body: Record<string, unknown> = { ...i };
  for (const f of DECIMAL_FIELDS) body[f] = i[f] === null ? null : i[f].toFixed();
  return {
    id: i.id,
    proposal_id: i.proposalId,
    position_id: i.positionId,
    purpose: i.purpose,
    symbol: i.symbol,
    status: i.status,
    order_id: i.orderId,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    body: JSON.stringify(body),
  };
}

function fromRow(row: StoredIntentRow): TradeIntent {
  const raw = JSON.parse(row.body) as Record<string, unknown>;
  for (const f of DECIMAL_FIELDS) raw[f] = raw[f] === null || raw[f] === undefined ? null : new Dec(raw[f] as string);
  return raw as unknown as TradeIntent;
}

/**
 * IntentStore over the kernel's store. On SQLite the insert opens the order's unit of work,
 * committed (on disk) right before the request leaves — the engine sends the order only after
 * that. Open intents are also kept in memory, so the hot path never scans the table.
 */
export class StoreIntentStore implements IntentStore {
  private readonly open = new Map<string, TradeIntent>();
  /**
   * Intents read back from the store, by id, with the body they were read from: the books audit
   * reads the same finished intents after every reconcile, and a body seen before needs no
   * second JSON parse and Decimal rebuild. A row whose body changed is read afresh. Every
   * answer is a copy (the fields are primitives and immutable Decimals, as in `open`).
   */
  private readonly readBack = new Map<string, { body: string; intent: TradeIntent }>();

  constructor(private readonly repo: KernelStore) {
    for (const row of repo.allIntents()) {
      const intent = fromRow(row);
      if (isOpenIntent(intent)) this.open.set(intent.id, intent);
    }
  }

  /** Opens the order's unit of work; it is committed before the request leaves (commitUnit). */
  insert(intent: TradeIntent): void {
    this.repo.beginUnit();
    this.repo.insertIntent(toRow(intent));
    this.track(intent);
  }

  update(intent: TradeIntent): void {
    this.repo.upsertIntent(toRow(intent));
    this.track(intent);
  }

  atomically<T>(fn: () => T): T {
    return this.repo.transaction(fn);
  }

  get(id: string): TradeIntent | undefined {
    const cached = this.open.get(id);
    if (cached) return { ...cached };
    const row = this.repo.intent(id);
    return row ? this.read(row) : undefined;
  }

  findByProposalId(proposalId: string): TradeIntent | undefined {
    const row = this.repo.intentByProposal(proposalId);
    return row ? this.read(row) : undefined;
  }

  listByStatus(statuses: readonly IntentStatus[]): TradeIntent[] {
    return this.repo.intentsByStatus(statuses).map((r) => this.read(r));
  }

  listOpen(): TradeIntent[] {
    return [...this.open.values()].map((i) => ({ ...i }));
  }

  /** Newest first, for the API. */
  page(limit: number, offset: number, symbol?: string): { items: TradeIntent[]; total: number } {
    const { items, total } = this.repo.pageIntents(limit, offset, symbol);
    return { items: items.map((r) => this.read(r)), total };
  }

  byPosition(positionId: string): TradeIntent[] {
    return this.repo.intentsByPosition(positionId).map((r) => this.read(r));
  }

  private read(row: StoredIntentRow): TradeIntent {
    const seen = this.readBack.get(row.id);
    if (seen !== undefined && seen.body === row.body) return { ...seen.intent };
    const intent = fromRow(row);
    if (this.readBack.size >= READ_BACK_MAX) this.readBack.clear();
    this.readBack.set(row.id, { body: row.body, intent: { ...intent } });
    return intent;
  }

  private track(intent: TradeIntent): void {
    if (isOpenIntent(intent)) this.open.set(intent.id, { ...intent });
    else this.open.delete(intent.id);
  }
}

export function storeIdempotencyPersistence(repo: KernelStore, clock: { now(): number }): IdempotencyPersistence {
  return {
    load: (): IdempotencyRecord[] =>
      repo.idempotencyAll(clock.now()).map((r) => ({ key: r.key, intentId: r.intent_id, expiresAt: r.expires_at })),
    save: (r) => repo.idempotencyPut(r.key, r.intentId, r.expiresAt),
    remove: () => repo.idempotencyPurge(clock.now()),
  };
}
