import { describe, expect, it } from 'vitest';
import { harness } from '../testing/engine-harness';

type Json = Record<string, unknown>;
const rest = (h: ReturnType<typeof harness>, symbol: string, clientId: string) =>
  h.ex.placeOrder(h.apiKey, {
    symbol,
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.01',
    price: symbol === 'BTCUSDT' ? '40000' : '500',
    newClientOrderId: clientId,
  }) as Json;
const buy = (h: ReturnType<typeof harness>, symbol: string) =>
  h.ex.placeOrder(h.apiKey, { symbol, side: 'BUY', type: 'MARKET', quoteOrderQty: '20' }) as Json;
const tradeIds = (r: Json) => (r.fills as { tradeId: number }[]).map((f) => f.tradeId);

describe('order and trade ids', () => {
  it('global scope (default): one order-id counter across symbols', () => {
    const h = harness();
    expect([rest(h, 'BTCUSDT', 'a').orderId, rest(h, 'BNBUSDT', 'b').orderId]).toEqual([1, 2]);
  });

  it('per-symbol scope: each symbol counts its own orders, so two symbols share ids, and lookups need the symbol', () => {
    const h = harness({ orderIdScope: 'per-symbol' });
    expect([
      rest(h, 'BTCUSDT', 'a').orderId,
      rest(h, 'BNBUSDT', 'b').orderId,
      rest(h, 'BTCUSDT', 'c').orderId,
    ]).toEqual([1, 1, 2]);
    expect(h.ex.getOrder(h.apiKey, 'BTCUSDT', { orderId: 1 }).clientOrderId).toBe('a');
    expect(h.ex.getOrder(h.apiKey, 'BNBUSDT', { orderId: 1 }).clientOrderId).toBe('b');
    expect((h.ex.cancelOrder(h.apiKey, 'BNBUSDT', { orderId: 1 }) as Json).origClientOrderId).toBe('b');
    expect(h.ex.getOrder(h.apiKey, 'BTCUSDT', { orderId: 1 }).status).toBe('NEW');
    expect(h.ex.allOrders(h.apiKey, 'BTCUSDT').map((o) => o.clientOrderId)).toEqual(['a', 'c']);
    expect(h.ex.openOrders(h.apiKey).map((o) => o.clientOrderId)).toEqual(['a', 'c']);
  });

  it('switching scope mid-run never reuses an id within a symbol', () => {
    const h = harness();
    rest(h, 'BTCUSDT', 'g1'); // 1
    rest(h, 'BNBUSDT', 'g2'); // 2
    h.ex.setOrderIdScope('per-symbol');
    expect(rest(h, 'BTCUSDT', 'p1').orderId).toBe(2);
    expect(rest(h, 'BNBUSDT', 'p2').orderId).toBe(3);
    h.ex.setOrderIdScope('global');
    expect(rest(h, 'BTCUSDT', 'g3').orderId).toBe(4);
  });

  it('trade ids are counted per symbol in every scope: two symbols print the same trade ids', () => {
    const h = harness();
    const btc = tradeIds(buy(h, 'BTCUSDT'));
    const bnb = tradeIds(buy(h, 'BNBUSDT'));
    // Each symbol's tape counts from its own start (the harness printed one trade per symbol).
    expect(btc[0]).toBe(2);
    expect(bnb[0]).toBe(2);
  });
});
