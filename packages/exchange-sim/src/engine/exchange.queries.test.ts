import { describe, expect, it } from 'vitest';
import { balanceOf, harness } from '../testing/engine-harness';

type Json = Record<string, unknown>;

describe('order and trade history', () => {
  it('allOrders returns the most recent orders, or those from an orderId on, oldest first', () => {
    const h = harness();
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = h.ex.placeOrder(h.apiKey, {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'MARKET',
        quantity: '0.0002',
      }) as Json;
      ids.push(r.orderId as number);
    }
    expect(h.ex.allOrders(h.apiKey, 'BTCUSDT', { limit: 2 }).map((o) => o.orderId)).toEqual(ids.slice(-2));
    expect(h.ex.allOrders(h.apiKey, 'BTCUSDT', { orderId: ids[2], limit: 2 }).map((o) => o.orderId)).toEqual(
      ids.slice(2, 4),
    );
    expect(h.ex.allOrders(h.apiKey, 'BNBUSDT')).toEqual([]);
  });

  it('myTrades filters by orderId and fromId', () => {
    const h = harness();
    const a = h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.0002',
    }) as Json;
    const b = h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'MARKET',
      quantity: '0.0002',
    }) as Json;
    const tradeOfB = (b.fills as Json[])[0]!.tradeId as number;
    expect(
      h.ex.myTrades(h.apiKey, 'BTCUSDT', { orderId: a.orderId as number }).map((t) => t.orderId),
    ).toEqual([a.orderId]);
    expect(h.ex.myTrades(h.apiKey, 'BTCUSDT', { fromId: tradeOfB }).map((t) => [t.id, t.isBuyer])).toEqual([
      [tradeOfB, false],
    ]);
  });
});

describe('market-type stops', () => {
  it('a STOP_LOSS SELL becomes a MARKET order when the price falls to its stop', () => {
    const h = harness();
    const r = h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_LOSS',
      quantity: '0.01',
      stopPrice: '49000.00',
    }) as Json;
    expect(balanceOf(h.ex, h.apiKey, 'BTC').locked).toBe('0.01000000');
    h.ex.onPrice('BTCUSDT', '48900');
    const order = h.ex.getOrder(h.apiKey, 'BTCUSDT', { orderId: r.orderId as number });
    expect(order).toMatchObject({
      status: 'FILLED',
      type: 'STOP_LOSS',
      executedQty: '0.01000000',
      isWorking: true,
    });
    expect(balanceOf(h.ex, h.apiKey, 'BTC')).toEqual({ free: '0.09000000', locked: '0.00000000' });
  });

  it('a TAKE_PROFIT BUY reserves stop × qty and buys when the price falls to its stop', () => {
    const h = harness();
    h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'TAKE_PROFIT',
      quantity: '0.01',
      stopPrice: '49000.00',
    });
    expect(balanceOf(h.ex, h.apiKey, 'USDT').locked).toBe('490.00000000');
    h.ex.onPrice('BTCUSDT', '48950');
    expect(balanceOf(h.ex, h.apiKey, 'USDT').locked).toBe('0.00000000');
    expect(balanceOf(h.ex, h.apiKey, 'BTC').free).toBe('0.10999000');
  });
});
