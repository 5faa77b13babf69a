import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaceOrderRequest } from '@aurora/core';
import { DATABASE_FILE } from '../store/database';
import { startTestBot, type TestBot } from '../testing/bot-harness';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
  await waitReady(bot);
});
afterAll(async () => {
  await bot.close();
});

async function waitReady(b: TestBot): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!b.ctx.state.ready) {
    if (Date.now() > deadline) throw new Error('bot not ready');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the order path', () => {
  it('has the intent, its claim and its position on disk — seen by another connection — before the order leaves', async () => {
    const exchange = bot.runtime.venue!.adapter.exchange;
    const original = exchange.placeOrder.bind(exchange);
    const seen: { intent: unknown; position: unknown; claim: unknown }[] = [];
    exchange.placeOrder = async (req: PlaceOrderRequest) => {
      const other = new Database(join(bot.dataDir, DATABASE_FILE), { readonly: true });
      try {
        seen.push({
          intent: other.prepare('SELECT status FROM intents WHERE id = ?').get(req.clientOrderId),
          position: other.prepare('SELECT status FROM positions WHERE id = ?').get(`pos-${req.clientOrderId}`),
          claim: other.prepare('SELECT intent_id FROM idempotency WHERE intent_id = ?').get(req.clientOrderId),
        });
      } finally {
        other.close();
      }
      return original(req);
    };
    try {
      const res = await bot.api('/api/v1/proposals', {
        method: 'POST',
        json: { symbol: 'BTCUSDT', side: 'BUY', order_type: 'MARKET', quantity: '0.001' },
      });
      expect(res.status).toBe(200);
    } finally {
      exchange.placeOrder = original;
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual({ intent: { status: 'SUBMITTING' }, position: { status: 'Pending' }, claim: { intent_id: expect.any(String) } });
  });
});
