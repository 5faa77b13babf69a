import { randomUUID } from 'node:crypto';
import {
  Dec,
  PositionEngine,
  entryOrderKind,
  proposalKey,
  submittingIntent,
  type TradeIntent,
} from '@aurora/core';
import { openDatabase } from '../store/database';
import { createTradingRepo } from '../store/trading-repo';
import { SqliteIntentStore, sqliteIdempotencyPersistence } from '../store/sqlite-intent-store';

/**
 * The database as a bot leaves it when it dies after committing a MARKET entry and before its
 * request reaches the exchange: the intent row SUBMITTING, the proposal's idempotency key claimed
 * and the Pending position row — written by the bot's own store code in one unit and committed,
 * as ExecutionEngine.executeEntry and the runtime do before the order leaves.
 */
export function commitEntryIntentAsIfCrashed(
  dataDir: string,
  order: { symbol: string; side: 'BUY' | 'SELL'; quantity: string; sentAt: number },
): TradeIntent {
  const db = openDatabase(dataDir);
  try {
    const repo = createTradingRepo(db);
    const clock = { now: () => order.sentAt };
    const id = randomUUID();
    const proposalId = randomUUID();
    const positions = new PositionEngine({
      clock,
      quoteAsset: 'USDT',
      tradingDayOffsetMin: 0,
      priceOf: () => null,
    });
    const position = positions.openPosition({
      intentId: id,
      clientOrderId: id,
      symbol: order.symbol,
      side: order.side,
      requestedQty: new Dec(order.quantity),
    });
    const intent = submittingIntent(
      order.sentAt,
      id,
      'ENTRY',
      order.symbol,
      order.side,
      {
        kind: entryOrderKind('MARKET', false),
        quantity: new Dec(order.quantity),
        price: null,
        stopPrice: null,
      },
      { proposalId, decisionId: null, positionId: position.id },
    );
    new SqliteIntentStore(repo).insert(intent);
    sqliteIdempotencyPersistence(repo, clock).save({
      key: proposalKey(proposalId),
      intentId: id,
      expiresAt: order.sentAt + 24 * 3600_000,
    });
    const rec = positions.record(position.id);
    if (!rec) throw new Error('the position engine lost the position it just opened');
    repo.upsertPosition(rec);
    // The order path's group commit: on disk before the request would have left.
    repo.commitUnit();
    return intent;
  } finally {
    db.close();
  }
}
