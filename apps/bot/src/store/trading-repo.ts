import type { DecisionEnvelope, DecisionQuery, ReconcileResult, TradeDto } from '@aurora/contracts';
import type { PositionRecord } from '@aurora/core';
import type { Db } from './database';

export interface StoredIntentRow {
  id: string;
  proposal_id: string | null;
  position_id: string | null;
  purpose: string;
  symbol: string;
  status: string;
  order_id: string | null;
  created_at: number;
  updated_at: number;
  body: string;
}

/**
 * Rows of the trading history. Engine objects are stored as JSON bodies (decimal strings inside)
 * with the columns we query on beside them. Every write is a synchronous SQLite commit.
 */
export function createTradingRepo(db: Db) {
  const upsertIntentStmt = db.prepare(
    `INSERT INTO intents(id, proposal_id, position_id, purpose, symbol, status, order_id, created_at, updated_at, body)
     VALUES (@id, @proposal_id, @position_id, @purpose, @symbol, @status, @order_id, @created_at, @updated_at, @body)
     ON CONFLICT(id) DO UPDATE SET position_id = excluded.position_id, status = excluded.status,
       order_id = excluded.order_id, updated_at = excluded.updated_at, body = excluded.body`,
  );
  const insertIntentStmt = db.prepare(
    `INSERT INTO intents(id, proposal_id, position_id, purpose, symbol, status, order_id, created_at, updated_at, body)
     VALUES (@id, @proposal_id, @position_id, @purpose, @symbol, @status, @order_id, @created_at, @updated_at, @body)`,
  );
  const intentById = db.prepare<[string], StoredIntentRow>('SELECT * FROM intents WHERE id = ?');
  const intentByProposal = db.prepare<[string], StoredIntentRow>('SELECT * FROM intents WHERE proposal_id = ? LIMIT 1');
  const intentsAll = db.prepare<[], StoredIntentRow>('SELECT * FROM intents ORDER BY created_at');
  const intentsPage = db.prepare<[number, number], StoredIntentRow>('SELECT * FROM intents ORDER BY created_at DESC LIMIT ? OFFSET ?');
  const intentsCount = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM intents');
  const intentsPageSym = db.prepare<[string, number, number], StoredIntentRow>(
    'SELECT * FROM intents WHERE symbol = ? ORDER BY created_at DESC LIMIT ? OFFSET ?',
  );
  const intentsCountSym = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM intents WHERE symbol = ?');
  const intentsByPosition = db.prepare<[string], StoredIntentRow>('SELECT * FROM intents WHERE position_id = ? ORDER BY created_at');

  const upsertPositionStmt = db.prepare(
    `INSERT INTO positions(id, symbol, status, created_at, updated_at, body) VALUES (@id, @symbol, @status, @created_at, @updated_at, @body)
     ON CONFLICT(id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, body = excluded.body`,
  );
  const positionsAll = db.prepare<[], { body: string }>('SELECT body FROM positions ORDER BY created_at');
  const positionById = db.prepare<[string], { body: string }>('SELECT body FROM positions WHERE id = ?');
  const positionsPage = db.prepare<[number, number], { body: string }>(
    'SELECT body FROM positions ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?',
  );
  const positionsCount = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM positions');
  const finishedPage = db.prepare<[number, number], { body: string }>(
    "SELECT body FROM positions WHERE status IN ('Closed', 'Cancelled') ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
  );
  const finishedCount = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM positions WHERE status IN ('Closed', 'Cancelled')");

  const insertFillStmt = db.prepare(
    `INSERT OR IGNORE INTO fills(id, order_id, client_order_id, symbol, position_id, time, body)
     VALUES (@id, @order_id, @client_order_id, @symbol, @position_id, @time, @body)`,
  );
  const fillsPage = db.prepare<[number, number], { body: string }>('SELECT body FROM fills ORDER BY time DESC, rowid DESC LIMIT ? OFFSET ?');
  const fillsPageSym = db.prepare<[string, number, number], { body: string }>(
    'SELECT body FROM fills WHERE symbol = ? ORDER BY time DESC, rowid DESC LIMIT ? OFFSET ?',
  );
  const fillsCount = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM fills');
  const fillsCountSym = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM fills WHERE symbol = ?');
  const fillsByPosition = db.prepare<[string], { body: string }>('SELECT body FROM fills WHERE position_id = ? ORDER BY time');
  const fillsSince = db.prepare<[number], { body: string }>('SELECT body FROM fills WHERE time >= ? ORDER BY time');

  const insertDecisionStmt = db.prepare(
    `INSERT OR REPLACE INTO decisions(id, created_at, symbol, strategy, final_decision, blocking_layer, body)
     VALUES (@id, @created_at, @symbol, @strategy, @final_decision, @blocking_layer, @body)`,
  );
  const decisionById = db.prepare<[string], { body: string }>('SELECT body FROM decisions WHERE id = ?');
  const recentDecisions = db.prepare<[number], { body: string }>('SELECT body FROM decisions ORDER BY created_at DESC, rowid DESC LIMIT ?');

  // OR IGNORE: a reconcile asked for during a pass joins it, and each caller records the one result.
  const insertReconcileStmt = db.prepare('INSERT OR IGNORE INTO reconcile_runs(id, started_at, ok, body) VALUES (?, ?, ?, ?)');
  const lastReconcileStmt = db.prepare<[], { body: string }>('SELECT body FROM reconcile_runs ORDER BY started_at DESC LIMIT 1');

  const idemGet = db.prepare<[string, number], { intent_id: string }>('SELECT intent_id FROM idempotency WHERE key = ? AND expires_at > ?');
  const idemPut = db.prepare('INSERT OR REPLACE INTO idempotency(key, intent_id, expires_at) VALUES (?, ?, ?)');
  const idemPurge = db.prepare('DELETE FROM idempotency WHERE expires_at <= ?');
  const idemAll = db.prepare<[number], { key: string; intent_id: string; expires_at: number }>('SELECT * FROM idempotency WHERE expires_at > ?');

  const getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const setMeta = db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');

  // Group commit for the order path: the intent row, its idempotency claim and its position are
  // written in one transaction that commits (one fsync) right before the request leaves. A unit
  // left open by a path that sends nothing (a duplicate, a block) commits on the next turn.
  let unitOpen = false;
  const commitUnit = (): void => {
    if (unitOpen && db.inTransaction) db.exec('COMMIT');
    unitOpen = false;
  };
  const beginUnit = (): void => {
    if (db.inTransaction) return;
    db.exec('BEGIN IMMEDIATE');
    unitOpen = true;
    setImmediate(commitUnit);
  };

  return {
    beginUnit,
    commitUnit,
    insertIntent: (row: StoredIntentRow) => void insertIntentStmt.run(row),
    upsertIntent: (row: StoredIntentRow) => void upsertIntentStmt.run(row),
    intent: (id: string) => intentById.get(id) ?? null,
    intentByProposal: (proposalId: string) => intentByProposal.get(proposalId) ?? null,
    allIntents: () => intentsAll.all(),
    intentsByStatus: (statuses: readonly string[]): StoredIntentRow[] =>
      statuses.length === 0
        ? []
        : db
            .prepare<string[], StoredIntentRow>(`SELECT * FROM intents WHERE status IN (${statuses.map(() => '?').join(',')}) ORDER BY created_at`)
            .all(...statuses),
    intentsByPosition: (positionId: string) => intentsByPosition.all(positionId),
    pageIntents: (limit: number, offset: number, symbol?: string) =>
      symbol
        ? { items: intentsPageSym.all(symbol, limit, offset), total: intentsCountSym.get(symbol)?.n ?? 0 }
        : { items: intentsPage.all(limit, offset), total: intentsCount.get()?.n ?? 0 },

    /** A PositionRecord (decimals as strings) with the columns we query on beside it. */
    upsertPosition: (rec: PositionRecord) =>
      void upsertPositionStmt.run({
        id: rec.id,
        symbol: rec.symbol,
        status: rec.status,
        created_at: rec.createdAt,
        updated_at: rec.updatedAt,
        body: JSON.stringify(rec),
      }),
    allPositionBodies: () => positionsAll.all().map((r) => r.body),
    positionRecord: (id: string): PositionRecord | null => {
      const row = positionById.get(id);
      return row ? (JSON.parse(row.body) as PositionRecord) : null;
    },
    /** Newest first, paged in SQL: the history grows without bound, a page does not. */
    pagePositionRecords: (which: 'all' | 'finished', limit: number, offset: number): { items: PositionRecord[]; total: number } => ({
      items: (which === 'all' ? positionsPage : finishedPage).all(limit, offset).map((r) => JSON.parse(r.body) as PositionRecord),
      total: (which === 'all' ? positionsCount : finishedCount).get()?.n ?? 0,
    }),

    /** Returns false when the fill was already stored (a replayed report). */
    insertFill: (t: TradeDto): boolean =>
      insertFillStmt.run({
        id: t.id,
        order_id: t.order_id,
        client_order_id: t.client_order_id,
        symbol: t.symbol,
        position_id: t.position_id,
        time: t.time,
        body: JSON.stringify(t),
      }).changes === 1,
    pageFills: (symbol: string | undefined, limit: number, offset: number): { items: TradeDto[]; total: number } => ({
      items: (symbol ? fillsPageSym.all(symbol, limit, offset) : fillsPage.all(limit, offset)).map((r) => JSON.parse(r.body) as TradeDto),
      total: (symbol ? fillsCountSym.get(symbol)?.n : fillsCount.get()?.n) ?? 0,
    }),
    fillsByPosition: (positionId: string) => fillsByPosition.all(positionId).map((r) => JSON.parse(r.body) as TradeDto),
    fillsSince: (t: number) => fillsSince.all(t).map((r) => JSON.parse(r.body) as TradeDto),

    insertDecision: (d: DecisionEnvelope) =>
      void insertDecisionStmt.run({
        id: d.id,
        created_at: d.created_at,
        symbol: d.proposal.symbol,
        strategy: d.strategy,
        final_decision: d.final_decision,
        blocking_layer: d.blocking_layer,
        body: JSON.stringify(d),
      }),
    decision: (id: string) => {
      const row = decisionById.get(id);
      return row ? (JSON.parse(row.body) as DecisionEnvelope) : null;
    },
    recentDecisions: (limit: number) => recentDecisions.all(limit).map((r) => JSON.parse(r.body) as DecisionEnvelope),
    pageDecisions: (q: DecisionQuery): { items: DecisionEnvelope[]; total: number } => {
      const where: string[] = [];
      const args: (string | number)[] = [];
      const filters: [string, string | undefined][] = [
        ['final_decision = ?', q.outcome],
        ['blocking_layer = ?', q.layer],
        ['symbol = ?', q.symbol],
        ['strategy = ?', q.strategy],
      ];
      for (const [sql, value] of filters) {
        if (value === undefined) continue;
        where.push(sql);
        args.push(value);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const items = db
        .prepare<(string | number)[], { body: string }>(`SELECT body FROM decisions ${clause} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`)
        .all(...args, q.limit, q.offset)
        .map((r) => JSON.parse(r.body) as DecisionEnvelope);
      const total = db.prepare<(string | number)[], { n: number }>(`SELECT COUNT(*) AS n FROM decisions ${clause}`).get(...args)?.n ?? 0;
      return { items, total };
    },

    insertReconcile: (r: ReconcileResult) => void insertReconcileStmt.run(r.id, r.started_at, r.ok ? 1 : 0, JSON.stringify(r)),
    lastReconcile: () => {
      const row = lastReconcileStmt.get();
      return row ? (JSON.parse(row.body) as ReconcileResult) : null;
    },

    idempotencyGet: (key: string, now: number) => idemGet.get(key, now)?.intent_id ?? null,
    idempotencyPut: (key: string, intentId: string, expiresAt: number) => void idemPut.run(key, intentId, expiresAt),
    idempotencyPurge: (now: number) => void idemPurge.run(now),
    idempotencyAll: (now: number) => idemAll.all(now),

    getMeta: (key: string) => getMeta.get(key)?.value ?? null,
    setMeta: (key: string, value: string) => void setMeta.run(key, value),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
  };
}
export type TradingRepo = ReturnType<typeof createTradingRepo>;
