import type { DecisionEnvelope, DecisionQuery, ReconcileResult, TradeDto } from '@aurora/contracts';
import type { PositionRecord } from '@aurora/core';
import type { KernelStore, Page, StoredIntentRow } from '../kernel-deps';

interface Row<T> {
  /** Insertion order, as SQLite's rowid: the tie-break of every "newest first". */
  rowid: number;
  value: T;
}

interface PositionRow {
  id: string;
  status: string;
  createdAt: number;
  body: string;
}

interface DecisionRow {
  id: string;
  createdAt: number;
  symbol: string;
  strategy: string;
  finalDecision: string;
  blockingLayer: string | null;
  body: string;
}

interface FillRow {
  time: number;
  symbol: string;
  positionId: string | null;
  body: string;
}

const FINISHED = new Set(['Closed', 'Cancelled']);

/**
 * The kernel's store in memory (the backtest's): the same answers, orders and duplicate rules as
 * apps/bot's SQLite TradingRepo, and the same atomicity — a transaction that throws leaves
 * nothing behind (nested ones roll back to their own start, like savepoints). Bodies are kept as
 * JSON, as the database keeps them, so a caller never shares an object with the store.
 */
export class MemoryStore implements KernelStore {
  private rowid = 0;
  private readonly intents = new Map<string, Row<StoredIntentRow>>();
  private readonly positions = new Map<string, Row<PositionRow>>();
  private readonly fills = new Map<string, Row<FillRow>>();
  private readonly decisions = new Map<string, Row<DecisionRow>>();
  private readonly reconciles: Row<{ id: string; startedAt: number; body: string }>[] = [];
  /** The reconcile ids held (the UNIQUE check, without a scan of every run: one every 30 s). */
  private readonly reconcileIds = new Set<string>();
  /** The row lastReconcile answers (latest startedAt, the later row on a tie); null: scan. */
  private latestReconcile: Row<{ startedAt: number; body: string }> | null = null;
  private readonly idempotency = new Map<string, { intentId: string; expiresAt: number }>();
  private readonly meta = new Map<string, string>();
  /** Undo steps of the open transaction(s), newest last; null outside any transaction. */
  private undo: (() => void)[] | null = null;

  beginUnit(): void {
    // Nothing to group: every write is already where it will stay.
  }

  commitUnit(): void {
    // See beginUnit.
  }

  transaction<T>(fn: () => T): T {
    const outer = this.undo === null;
    if (outer) this.undo = [];
    const mark = this.undo!.length;
    try {
      const result = fn();
      if (outer) this.undo = null;
      return result;
    } catch (err) {
      const steps = this.undo!.splice(mark);
      for (let i = steps.length - 1; i >= 0; i--) steps[i]!();
      if (outer) this.undo = null;
      throw err;
    }
  }

  /** Set a key of a map, remembering how to put back what was there. */
  private put<K, V>(map: Map<K, V>, key: K, value: V): void {
    if (this.undo) {
      const had = map.has(key);
      const before = map.get(key);
      this.undo.push(() => (had ? map.set(key, before as V) : map.delete(key)));
    }
    map.set(key, value);
  }

  private del<K, V>(map: Map<K, V>, key: K): void {
    if (!map.has(key)) return;
    if (this.undo) {
      const before = map.get(key) as V;
      this.undo.push(() => map.set(key, before));
    }
    map.delete(key);
  }

  // ─── intents ───────────────────────────────────────────────────────────

  insertIntent(row: StoredIntentRow): void {
    if (this.intents.has(row.id)) throw new Error(`UNIQUE constraint failed: intents.id (${row.id})`);
    this.put(this.intents, row.id, { rowid: this.rowid++, value: { ...row } });
  }

  upsertIntent(row: StoredIntentRow): void {
    const existing = this.intents.get(row.id);
    if (!existing) return this.insertIntent(row);
    // As the SQL upsert: proposal, purpose, symbol and creation time stay as first written.
    const v = existing.value;
    this.put(this.intents, row.id, {
      rowid: existing.rowid,
      value: { ...v, position_id: row.position_id, status: row.status, order_id: row.order_id, updated_at: row.updated_at, body: row.body },
    });
  }

  intent(id: string): StoredIntentRow | null {
    const r = this.intents.get(id);
    return r ? { ...r.value } : null;
  }

  intentByProposal(proposalId: string): StoredIntentRow | null {
    for (const r of this.intents.values()) if (r.value.proposal_id === proposalId) return { ...r.value };
    return null;
  }

  allIntents(): StoredIntentRow[] {
    return this.intentsOldestFirst((_) => true);
  }

  intentsByStatus(statuses: readonly string[]): StoredIntentRow[] {
    const wanted = new Set(statuses);
    return this.intentsOldestFirst((i) => wanted.has(i.status));
  }

  intentsByPosition(positionId: string): StoredIntentRow[] {
    return this.intentsOldestFirst((i) => i.position_id === positionId);
  }

  pageIntents(limit: number, offset: number, symbol?: string): Page<StoredIntentRow> {
    const all = this.intentsOldestFirst((i) => !symbol || i.symbol === symbol).reverse();
    return { items: all.slice(offset, offset + limit), total: all.length };
  }

  private intentsOldestFirst(keep: (i: StoredIntentRow) => boolean): StoredIntentRow[] {
    return [...this.intents.values()]
      .filter((r) => keep(r.value))
      .sort((a, b) => a.value.created_at - b.value.created_at || a.rowid - b.rowid)
      .map((r) => ({ ...r.value }));
  }

  // ─── positions ─────────────────────────────────────────────────────────

  upsertPosition(rec: PositionRecord): void {
    const existing = this.positions.get(rec.id);
    this.put(this.positions, rec.id, {
      rowid: existing?.rowid ?? this.rowid++,
      // created_at is the first write's (the SQL upsert leaves it).
      value: { id: rec.id, status: rec.status, createdAt: existing?.value.createdAt ?? rec.createdAt, body: JSON.stringify(rec) },
    });
  }

  allPositionBodies(): string[] {
    return this.positionsNewestFirst((_) => true)
      .reverse()
      .map((p) => p.body);
  }

  positionRecord(id: string): PositionRecord | null {
    const r = this.positions.get(id);
    return r ? (JSON.parse(r.value.body) as PositionRecord) : null;
  }

  pagePositionRecords(which: 'all' | 'finished', limit: number, offset: number): Page<PositionRecord> {
    const all = this.positionsNewestFirst((p) => which === 'all' || FINISHED.has(p.status));
    return { items: all.slice(offset, offset + limit).map((p) => JSON.parse(p.body) as PositionRecord), total: all.length };
  }

  private positionsNewestFirst(keep: (p: PositionRow) => boolean): PositionRow[] {
    return [...this.positions.values()]
      .filter((r) => keep(r.value))
      .sort((a, b) => b.value.createdAt - a.value.createdAt || b.rowid - a.rowid)
      .map((r) => r.value);
  }

  // ─── fills ─────────────────────────────────────────────────────────────

  insertFill(t: TradeDto): boolean {
    if (this.fills.has(t.id)) return false;
    this.put(this.fills, t.id, { rowid: this.rowid++, value: { time: t.time, symbol: t.symbol, positionId: t.position_id, body: JSON.stringify(t) } });
    return true;
  }

  pageFills(symbol: string | undefined, limit: number, offset: number): Page<TradeDto> {
    const all = this.fillsOldestFirst((f) => !symbol || f.symbol === symbol).reverse();
    return { items: all.slice(offset, offset + limit), total: all.length };
  }

  fillsByPosition(positionId: string): TradeDto[] {
    return this.fillsOldestFirst((f) => f.positionId === positionId);
  }

  fillsSince(t: number): TradeDto[] {
    return this.fillsOldestFirst((f) => f.time >= t);
  }

  private fillsOldestFirst(keep: (f: FillRow) => boolean): TradeDto[] {
    return [...this.fills.values()]
      .filter((r) => keep(r.value))
      .sort((a, b) => a.value.time - b.value.time || a.rowid - b.rowid)
      .map((r) => JSON.parse(r.value.body) as TradeDto);
  }

  // ─── decisions ─────────────────────────────────────────────────────────

  insertDecision(d: DecisionEnvelope): void {
    // INSERT OR REPLACE: a replaced row is a new row (a new rowid).
    this.put(this.decisions, d.id, {
      rowid: this.rowid++,
      value: {
        id: d.id,
        createdAt: d.created_at,
        symbol: d.proposal.symbol,
        strategy: d.strategy,
        finalDecision: d.final_decision,
        blockingLayer: d.blocking_layer,
        body: JSON.stringify(d),
      },
    });
  }

  decision(id: string): DecisionEnvelope | null {
    const r = this.decisions.get(id);
    return r ? (JSON.parse(r.value.body) as DecisionEnvelope) : null;
  }

  pageDecisions(q: DecisionQuery): Page<DecisionEnvelope> {
    const all = [...this.decisions.values()]
      .filter(
        ({ value: v }) =>
          (q.outcome === undefined || v.finalDecision === q.outcome) &&
          (q.layer === undefined || v.blockingLayer === q.layer) &&
          (q.symbol === undefined || v.symbol === q.symbol) &&
          (q.strategy === undefined || v.strategy === q.strategy),
      )
      .sort((a, b) => b.value.createdAt - a.value.createdAt || b.rowid - a.rowid);
    return {
      items: all.slice(q.offset, q.offset + q.limit).map((r) => JSON.parse(r.value.body) as DecisionEnvelope),
      total: all.length,
    };
  }

  // ─── reconcile runs, idempotency, meta ─────────────────────────────────

  insertReconcile(r: ReconcileResult): void {
    if (this.reconcileIds.has(r.id)) throw new Error(`UNIQUE constraint failed: reconcile_runs.id (${r.id})`);
    const row = { rowid: this.rowid++, value: { id: r.id, startedAt: r.started_at, body: JSON.stringify(r) } };
    this.reconciles.push(row);
    this.reconcileIds.add(r.id);
    const latest = this.latestReconcile;
    if (latest !== null && row.value.startedAt >= latest.value.startedAt) this.latestReconcile = row;
    this.undo?.push(() => {
      this.reconciles.splice(this.reconciles.indexOf(row), 1);
      this.reconcileIds.delete(r.id);
      this.latestReconcile = null;
    });
  }

  lastReconcile(): ReconcileResult | null {
    let last = this.latestReconcile;
    if (last === null) {
      for (const r of this.reconciles) if (!last || r.value.startedAt >= last.value.startedAt) last = r;
      this.latestReconcile = last;
    }
    return last ? (JSON.parse(last.value.body) as ReconcileResult) : null;
  }

  idempotencyAll(now: number): { key: string; intent_id: string; expires_at: number }[] {
    return [...this.idempotency.entries()]
      .filter(([, v]) => v.expiresAt > now)
      .map(([key, v]) => ({ key, intent_id: v.intentId, expires_at: v.expiresAt }));
  }

  idempotencyPut(key: string, intentId: string, expiresAt: number): void {
    this.put(this.idempotency, key, { intentId, expiresAt });
  }

  idempotencyPurge(now: number): void {
    for (const [key, v] of [...this.idempotency.entries()]) if (v.expiresAt <= now) this.del(this.idempotency, key);
  }

  getMeta(key: string): string | null {
    return this.meta.get(key) ?? null;
  }

  setMeta(key: string, value: string): void {
    this.put(this.meta, key, value);
  }
}
