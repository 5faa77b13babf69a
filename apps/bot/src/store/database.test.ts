import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dec, createIntent } from '@aurora/core';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';
import { DATABASE_FILE, migrate, openDatabase } from './database';
import { createAppStateRepo } from './app-state-repo';
import { createTradingRepo } from './trading-repo';
import { SqliteIntentStore } from './sqlite-intent-store';

const dir = () => mkdtempSync(join(tmpdir(), 'aurora-db-'));

describe('SQLite store', () => {
  it('opens in WAL mode with every migration applied, and migrating again is a no-op', () => {
    const db = openDatabase(dir());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1]?.version);
    expect(migrate(db)).toBe(MIGRATIONS[MIGRATIONS.length - 1]?.version);
    db.close();
  });

  it('keeps intents, control actions and the state-version mark across a restart', () => {
    const d = dir();
    let db = openDatabase(d);
    const repo = createTradingRepo(db);
    const store = new SqliteIntentStore(repo);
    const intent = createIntent(
      { id: 'i-1', purpose: 'ENTRY', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: new Dec('0.00123'), price: new Dec('65000.01') },
      1000,
    );
    store.insert(intent);
    repo.commitUnit(); // as the order path does right before the request leaves
    const app = createAppStateRepo(db);
    app.insertControlAction({ id: 'a-1', at: 5, action: 'pause', source: 'test', before: 'RUNNING', after: 'PAUSED', detail: null });
    app.saveHighWaterMark(4000);
    db.close();

    db = openDatabase(d);
    const reopened = new SqliteIntentStore(createTradingRepo(db));
    const back = reopened.get('i-1');
    expect(back?.quantity.toFixed()).toBe('0.00123');
    expect(back?.price?.toFixed()).toBe('65000.01');
    expect(back?.status).toBe('CREATED');
    expect(reopened.listOpen().map((i) => i.id)).toEqual(['i-1']);
    const app2 = createAppStateRepo(db);
    expect(app2.recentControlActions(10)).toEqual([{ id: 'a-1', at: 5, action: 'pause', source: 'test', before: 'RUNNING', after: 'PAUSED', detail: null }]);
    expect(app2.loadHighWaterMark()).toBe(4000);
    db.close();
  });

  it('refuses a second intent with the same id (one order per intent)', () => {
    const db = openDatabase(dir());
    const store = new SqliteIntentStore(createTradingRepo(db));
    const intent = createIntent({ id: 'dup', purpose: 'ENTRY', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: new Dec(1) }, 1);
    store.insert(intent);
    expect(() => store.insert(intent)).toThrow();
    db.close();
  });

  it('stores a replayed fill once', () => {
    const db = openDatabase(dir());
    const repo = createTradingRepo(db);
    const fill = {
      id: '1:7', symbol: 'BTCUSDT', order_id: '1', client_order_id: 'c', trade_id: '7', side: 'BUY' as const, price: '1', qty: '1',
      quote_qty: '1', commission: '0', commission_asset: 'USDT', commission_quote: '0', commission_approximate: false, is_maker: false,
      position_id: null, strategy: null, time: 1,
    };
    expect(repo.insertFill(fill)).toBe(true);
    expect(repo.insertFill(fill)).toBe(false);
    expect(repo.pageFills(undefined, 10, 0).total).toBe(1);
    db.close();
  });

  it('pages the position history in SQL, newest first, with the finished filter', () => {
    const repo = createTradingRepo(openDatabase(dir()));
    const rec = (id: string, status: string, createdAt: number) =>
      ({ id, symbol: 'BTCUSDT', status, createdAt, updatedAt: createdAt }) as unknown as Parameters<typeof repo.upsertPosition>[0];
    repo.upsertPosition(rec('a', 'Closed', 1));
    repo.upsertPosition(rec('b', 'Open', 2));
    repo.upsertPosition(rec('c', 'Cancelled', 3));
    repo.upsertPosition(rec('d', 'Error', 4));
    const all = repo.pagePositionRecords('all', 2, 0);
    expect(all.total).toBe(4);
    expect(all.items.map((r) => r.id)).toEqual(['d', 'c']);
    expect(repo.pagePositionRecords('all', 2, 2).items.map((r) => r.id)).toEqual(['b', 'a']);
    const finished = repo.pagePositionRecords('finished', 10, 0);
    expect(finished).toMatchObject({ total: 2 });
    expect(finished.items.map((r) => r.id)).toEqual(['c', 'a']);
    expect(repo.positionRecord('b')?.status).toBe('Open');
    expect(repo.positionRecord('zz')).toBeNull();
  });

  it('tags decisions stored before they named their strategy, and filters decisions by strategy', () => {
    const d = dir();
    const old = new Database(join(d, DATABASE_FILE));
    for (const m of MIGRATIONS.filter((x) => x.version <= 2)) old.exec(m.sql);
    old.pragma('user_version = 2');
    const body = (id: string, source: 'STRATEGY' | 'MANUAL', intentId: string | null) =>
      JSON.stringify({ id, proposal: { symbol: 'BTCUSDT', source }, final_decision: 'ALLOW', blocking_layer: null, intent_id: intentId, created_at: 1 });
    const insert = old.prepare('INSERT INTO decisions(id, created_at, symbol, final_decision, blocking_layer, body) VALUES (?, 1, ?, ?, NULL, ?)');
    insert.run('d-manual', 'BTCUSDT', 'ALLOW', body('d-manual', 'MANUAL', 'i-1'));
    insert.run('d-opened', 'BTCUSDT', 'ALLOW', body('d-opened', 'STRATEGY', 'i-2'));
    insert.run('d-blocked', 'BTCUSDT', 'BLOCK', body('d-blocked', 'STRATEGY', null));
    old
      .prepare("INSERT INTO intents(id, position_id, purpose, symbol, status, created_at, updated_at, body) VALUES ('i-2', 'pos-2', 'ENTRY', 'BTCUSDT', 'FILLED', 1, 1, '{}')")
      .run();
    old
      .prepare("INSERT INTO positions(id, symbol, status, created_at, updated_at, body) VALUES ('pos-2', 'BTCUSDT', 'Open', 1, 1, ?)")
      .run(JSON.stringify({ tags: { strategy: 'ema-cross', params_id: '0123456789ab' } }));
    old
      .prepare("INSERT INTO fills(id, order_id, client_order_id, symbol, position_id, time, body) VALUES ('BTCUSDT:1:1', '1', 'c', 'BTCUSDT', 'pos-2', 1, ?)")
      .run(JSON.stringify({ id: 'BTCUSDT:1:1', position_id: 'pos-2' }));
    old.close();
    const repo = createTradingRepo(openDatabase(d));
    const tagOf = (id: string) => {
      const e = repo.decision(id);
      return [e?.strategy, e?.params_id];
    };
    expect(tagOf('d-manual')).toEqual(['manual', null]);
    expect(tagOf('d-opened')).toEqual(['ema-cross', '0123456789ab']);
    expect(tagOf('d-blocked')).toEqual(['unknown', null]);
    expect(repo.fillsByPosition('pos-2').map((f) => f.strategy)).toEqual(['ema-cross']);
    expect(repo.pageDecisions({ limit: 10, offset: 0, strategy: 'ema-cross' }).items.map((e) => e.id)).toEqual(['d-opened']);
    repo.insertDecision({ ...repo.decision('d-opened')!, id: 'd-new', strategy: 'rsi-reversion', params_id: 'ffffffffffff' });
    expect(repo.pageDecisions({ limit: 10, offset: 0, strategy: 'rsi-reversion' }).total).toBe(1);
    expect(repo.pageDecisions({ limit: 10, offset: 0, strategy: 'manual' }).items.map((e) => e.id)).toEqual(['d-manual']);
  });
});
