import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { DecisionEnvelope, ReconcileResult, TradeDto } from '@aurora/contracts';
import type { PositionRecord } from '@aurora/core';
import { MemoryStore, type KernelStore, type StoredIntentRow } from '@aurora/engine';
import { migrate, openDatabase } from './database';
import { createTradingRepo } from './trading-repo';

/**
 * The backtest's MemoryStore must answer like the SQLite repo live runs on: the same rows, the
 * same "newest first" orders, the same duplicate rules, the same rollback of a failed transaction.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let dbNo = 0;
function sqliteStore(): KernelStore {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-parity-'));
  dirs.push(dir);
  const db = openDatabase(dir, `parity-${dbNo++}.sqlite`);
  migrate(db);
  return createTradingRepo(db);
}

const ids = ['a', 'b', 'c', 'd'];
const statuses = ['Pending', 'Open', 'Closed', 'Cancelled'];
const symbols = ['BTCUSDT', 'ETHUSDT'];

type Op =
  | { k: 'position'; id: string; status: string; createdAt: number; v: number }
  | { k: 'intent'; id: string; upsert: boolean; status: string; symbol: string; position: string | null; v: number }
  | { k: 'fill'; id: string; time: number; symbol: string; position: string | null }
  | { k: 'decision'; id: string; createdAt: number; symbol: string; strategy: string; outcome: 'ALLOW' | 'BLOCK'; layer: string | null }
  | { k: 'idem'; key: string; expiresAt: number }
  | { k: 'purge'; now: number }
  | { k: 'meta'; key: string; value: string }
  | { k: 'tx'; ops: Op[]; fail: boolean };

const leaf: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('position' as const), id: fc.constantFrom(...ids), status: fc.constantFrom(...statuses), createdAt: fc.integer({ min: 0, max: 3 }), v: fc.nat(9) }),
  fc.record({
    k: fc.constant('intent' as const),
    id: fc.constantFrom(...ids),
    upsert: fc.boolean(),
    status: fc.constantFrom('NEW', 'ACKED', 'FILLED'),
    symbol: fc.constantFrom(...symbols),
    position: fc.constantFrom(null, ...ids),
    v: fc.nat(9),
  }),
  fc.record({ k: fc.constant('fill' as const), id: fc.constantFrom(...ids, 'e', 'f'), time: fc.integer({ min: 0, max: 3 }), symbol: fc.constantFrom(...symbols), position: fc.constantFrom(null, ...ids) }),
  fc.record({
    k: fc.constant('decision' as const),
    id: fc.constantFrom(...ids),
    createdAt: fc.integer({ min: 0, max: 3 }),
    symbol: fc.constantFrom(...symbols),
    strategy: fc.constantFrom('ensemble', 'ema-cross', 'manual'),
    outcome: fc.constantFrom('ALLOW' as const, 'BLOCK' as const),
    layer: fc.constantFrom(null, 'RISK', 'INSURANCE'),
  }),
  fc.record({ k: fc.constant('idem' as const), key: fc.constantFrom(...ids), expiresAt: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ k: fc.constant('purge' as const), now: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ k: fc.constant('meta' as const), key: fc.constantFrom('x', 'y'), value: fc.string({ maxLength: 3 }) }),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: leaf },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('tx' as const), ops: fc.array(leaf, { maxLength: 5 }), fail: fc.boolean() }) },
);

/** Intents' creation times are distinct (their queries order by created_at alone); a clock counts. */
function apply(s: KernelStore, o: Op, seq: { n: number }): string {
  try {
    switch (o.k) {
      case 'position':
        s.upsertPosition({ id: o.id, symbol: 'BTCUSDT', status: o.status, createdAt: o.createdAt, updatedAt: o.v } as unknown as PositionRecord);
        return 'ok';
      case 'intent': {
        const row: StoredIntentRow = {
          id: o.id,
          proposal_id: `p-${o.id}`,
          position_id: o.position,
          purpose: 'ENTRY',
          symbol: o.symbol,
          status: o.status,
          order_id: null,
          created_at: seq.n++,
          updated_at: o.v,
          body: `{"v":${o.v}}`,
        };
        if (o.upsert) s.upsertIntent(row);
        else s.insertIntent(row);
        return 'ok';
      }
      case 'fill':
        return String(s.insertFill({ id: o.id, time: o.time, symbol: o.symbol, position_id: o.position, order_id: '1', client_order_id: 'c' } as TradeDto));
      case 'decision':
        s.insertDecision({ id: o.id, created_at: o.createdAt, strategy: o.strategy, proposal: { symbol: o.symbol }, final_decision: o.outcome, blocking_layer: o.layer } as unknown as DecisionEnvelope);
        return 'ok';
      case 'idem':
        s.idempotencyPut(o.key, `i-${o.key}`, o.expiresAt);
        return 'ok';
      case 'purge':
        s.idempotencyPurge(o.now);
        return 'ok';
      case 'meta':
        s.setMeta(o.key, o.value);
        return 'ok';
      case 'tx':
        return s.transaction(() => {
          const out = o.ops.map((x) => apply(s, x, seq));
          if (o.fail) throw new Error('rolled back');
          return out.join(',');
        });
    }
  } catch (err) {
    return `threw: ${(err as Error).message.startsWith('UNIQUE') ? 'UNIQUE' : (err as Error).message}`;
  }
}

const byTimeThenId = (a: TradeDto, b: TradeDto) => a.time - b.time || a.id.localeCompare(b.id);

function view(s: KernelStore) {
  return {
    positionsAll: s.pagePositionRecords('all', 10, 0),
    positionsFinished: s.pagePositionRecords('finished', 2, 1),
    positionBodies: s.allPositionBodies(),
    position: ids.map((id) => s.positionRecord(id)),
    intents: s.allIntents(),
    intentsPage: s.pageIntents(2, 1),
    intentsPageSym: s.pageIntents(10, 0, 'ETHUSDT'),
    byStatus: s.intentsByStatus(['NEW', 'FILLED']),
    byPosition: ids.map((id) => s.intentsByPosition(id)),
    byProposal: ids.map((id) => s.intentByProposal(`p-${id}`)),
    fillsPage: s.pageFills(undefined, 10, 0),
    fillsPageSym: s.pageFills('BTCUSDT', 2, 0),
    fillsByPosition: ids.map((id) => s.fillsByPosition(id).sort(byTimeThenId)),
    fillsSince: s.fillsSince(2).sort(byTimeThenId),
    decisions: s.pageDecisions({ limit: 10, offset: 0 }),
    decisionsAllowBtc: s.pageDecisions({ limit: 10, offset: 0, outcome: 'ALLOW', symbol: 'BTCUSDT' }),
    decisionsRisk: s.pageDecisions({ limit: 1, offset: 1, layer: 'RISK' }),
    decisionsEmaCross: s.pageDecisions({ limit: 10, offset: 0, strategy: 'ema-cross' }),
    decision: ids.map((id) => s.decision(id)),
    idem: s.idempotencyAll(2).sort((a, b) => a.key.localeCompare(b.key)),
    meta: [s.getMeta('x'), s.getMeta('y')],
  };
}

describe('MemoryStore answers like the SQLite TradingRepo', () => {
  it('on random sequences of writes and transactions (some failing)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const mem = new MemoryStore();
        const sql = sqliteStore();
        const a = { n: 0 };
        const b = { n: 0 };
        const outMem = ops.map((o) => apply(mem, o, a));
        const outSql = ops.map((o) => apply(sql, o, b));
        expect(outMem).toEqual(outSql);
        expect(view(mem)).toEqual(view(sql));
      }),
      { numRuns: 60 },
    );
  });

  it('keeps reconcile runs and answers the latest', () => {
    for (const s of [new MemoryStore(), sqliteStore()]) {
      expect(s.lastReconcile()).toBeNull();
      s.insertReconcile({ id: 'r1', started_at: 5, ok: true } as ReconcileResult);
      s.insertReconcile({ id: 'r2', started_at: 9, ok: false } as ReconcileResult);
      s.insertReconcile({ id: 'r3', started_at: 7, ok: true } as ReconcileResult);
      expect(s.lastReconcile()?.id).toBe('r2');
    }
  });
});
