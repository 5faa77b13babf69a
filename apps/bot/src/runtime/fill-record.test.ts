import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dec, type ExecutionReport } from '@aurora/core';
import { DATABASE_FILE, migrate, openDatabase } from '../store/database';
import { MIGRATIONS } from '../store/migrations';
import { createTradingRepo } from '../store/trading-repo';
import { fillToTradeDto } from '@aurora/engine';

const trade = (symbol: string, orderId: string, tradeId: string): ExecutionReport => ({
  kind: 'executionReport',
  eventTime: 1,
  transactTime: 1,
  symbol,
  clientOrderId: `c-${symbol}`,
  origClientOrderId: null,
  orderId,
  side: 'BUY',
  orderType: 'MARKET',
  timeInForce: null,
  executionType: 'TRADE',
  orderStatus: 'FILLED',
  rejectReason: null,
  price: new Dec(0),
  stopPrice: new Dec(0),
  origQty: new Dec(1),
  lastQty: new Dec(1),
  lastPrice: new Dec(10),
  cumQty: new Dec(1),
  cumQuote: new Dec(10),
  commission: new Dec(0),
  commissionAsset: 'USDT',
  tradeId,
  executionId: '9',
  isMaker: false,
});

describe('fill records (M5)', () => {
  it('stores fills of two symbols that share an order id and a trade id as two fills', () => {
    const repo = createTradingRepo(openDatabase(mkdtempSync(join(tmpdir(), 'aurora-fill-'))));
    const dto = (symbol: string) => fillToTradeDto(trade(symbol, '7', '3'), null, () => null, 'USDT');
    expect(repo.insertFill(dto('BTCUSDT'))).toBe(true);
    expect(repo.insertFill(dto('ETHUSDT'))).toBe(true);
    expect(repo.insertFill(dto('ETHUSDT'))).toBe(false);
    expect(repo.pageFills(undefined, 10, 0).total).toBe(2);
  });

  it('moves fills stored under the old orderId:tradeId key onto the symbol key, so a replay stays one fill', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aurora-fill-'));
    const old = new Database(join(dir, DATABASE_FILE));
    old.exec(MIGRATIONS[0]!.sql);
    old.pragma('user_version = 1');
    const before = fillToTradeDto(trade('BTCUSDT', '7', '3'), null, () => null, 'USDT');
    old
      .prepare(
        'INSERT INTO fills(id, order_id, client_order_id, symbol, position_id, time, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run('7:3', '7', before.client_order_id, 'BTCUSDT', null, 1, JSON.stringify({ ...before, id: '7:3' }));
    expect(migrate(old)).toBe(MIGRATIONS[MIGRATIONS.length - 1]?.version);
    old.close();
    const repo = createTradingRepo(openDatabase(dir));
    expect(repo.insertFill(before)).toBe(false);
    expect(repo.pageFills(undefined, 10, 0).items.map((f) => f.id)).toEqual(['BTCUSDT:7:3']);
  });
});
