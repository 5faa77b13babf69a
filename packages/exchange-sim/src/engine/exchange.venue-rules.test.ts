import { Dec } from '@aurora/core';
import { describe, expect, it } from 'vitest';
import { harness, rejection } from '../testing/engine-harness';

type Json = Record<string, unknown>;
const asks = (h: ReturnType<typeof harness>) =>
  (h.ex.depth('BTCUSDT', 5).asks as string[][]).map(([p, q]) => ({ price: new Dec(p!), qty: new Dec(q!) }));
const kinds = (events: Json[]) =>
  events.filter((e) => e.e === 'executionReport').map((e) => `${String(e.x)}:${String(e.X)}`);
const limit = (side: 'BUY' | 'SELL', price: string, quantity = '0.001') => ({
  symbol: 'BTCUSDT',
  side,
  type: 'LIMIT' as const,
  timeInForce: 'GTC' as const,
  quantity,
  price,
});

describe('a LIMIT that crosses part of the book', () => {
  it('answers FULL with the fills it got, rests the remainder, and the rest fills later on the stream', () => {
    const h = harness();
    const best = asks(h)[0]!;
    const qty = best.qty.plus('0.01');
    const r = h.ex.placeOrder(h.apiKey, limit('BUY', best.price.toFixed(), qty.toFixed())) as Json;
    expect(r).toMatchObject({
      status: 'PARTIALLY_FILLED',
      executedQty: best.qty.toFixed(8),
      origQty: qty.toFixed(8),
    });
    expect((r.fills as Json[]).map((f) => [f.price, f.qty])).toEqual([
      [best.price.toFixed(8), best.qty.toFixed(8)],
    ]);
    expect(h.ex.openOrders(h.apiKey, 'BTCUSDT').map((o) => o.orderId)).toEqual([r.orderId]);
    expect(kinds(h.take())).toEqual(['NEW:NEW', 'TRADE:PARTIALLY_FILLED']);

    // The market falls through the resting remainder: it fills as maker, reported by stream only.
    h.ex.onPrice('BTCUSDT', best.price.minus(500).toFixed());
    const later = h.take().filter((e) => e.e === 'executionReport');
    expect(later.map((e) => [e.x, e.X, e.l, e.L, e.m])).toEqual([
      ['TRADE', 'FILLED', '0.01000000', best.price.toFixed(8), true],
    ]);
    expect(h.ex.getOrder(h.apiKey, 'BTCUSDT', { orderId: r.orderId as number }).status).toBe('FILLED');
  });
});

describe('STOP_LOSS_LIMIT through a price gap', () => {
  it('triggers when the price gaps through its limit, then rests unfilled; it fills only if the price comes back', () => {
    const h = harness();
    const placed = h.ex.placeOrder(h.apiKey, {
      ...limit('SELL', '49400', '0.01'),
      type: 'STOP_LOSS_LIMIT',
      stopPrice: '49500',
    }) as Json;
    h.take();
    h.ex.onPrice('BTCUSDT', '48000');
    const triggered = h.take().filter((e) => e.e === 'executionReport');
    expect(triggered.map((e) => [e.x, e.X])).toEqual([['NEW', 'NEW']]);
    expect(triggered[0]!.W).toBeTypeOf('number');
    expect(h.ex.getOrder(h.apiKey, 'BTCUSDT', { orderId: placed.orderId as number })).toMatchObject({
      status: 'NEW',
      isWorking: true,
      executedQty: '0.00000000',
    });
    h.ex.step(3);
    expect(h.ex.getOrder(h.apiKey, 'BTCUSDT', { orderId: placed.orderId as number }).executedQty).toBe(
      '0.00000000',
    );

    h.ex.onPrice('BTCUSDT', '49600');
    expect(h.ex.getOrder(h.apiKey, 'BTCUSDT', { orderId: placed.orderId as number })).toMatchObject({
      status: 'FILLED',
      cummulativeQuoteQty: '494.00000000',
    });
  });
});

describe('reference price of PERCENT_PRICE_BY_SIDE and NOTIONAL', () => {
  it('is the 5-minute average price, not the last trade', () => {
    const h = harness();
    const avg = new Dec(h.ex.avgPrice('BTCUSDT').price);
    // One small trade far away: the last price jumps, the volume-weighted average barely moves.
    h.ex.onPrice('BTCUSDT', avg.times(3).toFixed(2));
    const last = new Dec(h.ex.tickerPrice('BTCUSDT').price);
    const avgNow = new Dec(h.ex.avgPrice('BTCUSDT').price);
    expect(avgNow.lt(last.div(2))).toBe(true);

    // 0.3 × avg: inside 0.2×–5× of the average, below 0.2 × last. Accepted.
    const lowBuy = avgNow.times('0.3').toDecimalPlaces(2, Dec.ROUND_UP).toFixed();
    expect((h.ex.placeOrder(h.apiKey, limit('BUY', lowBuy)) as Json).status).toBe('NEW');
    // 5.5 × avg: above 5 × the average, far below 5 × last. Refused.
    const highSell = avgNow.times('5.5').toDecimalPlaces(2).toFixed();
    expect(rejection(() => h.ex.placeOrder(h.apiKey, limit('SELL', highSell)))).toEqual({
      code: -1013,
      msg: 'Filter failure: PERCENT_PRICE_BY_SIDE',
    });
    // A MARKET quantity worth < 5 USDT at the average but > 5 at the last price: NOTIONAL refuses it.
    const qty = new Dec(4).div(avgNow).toNearest('0.00001', Dec.ROUND_UP);
    expect(qty.times(last).gte(5)).toBe(true);
    expect(
      rejection(() =>
        h.ex.placeOrder(h.apiKey, {
          symbol: 'BTCUSDT',
          side: 'SELL',
          type: 'MARKET',
          quantity: qty.toFixed(),
        }),
      ),
    ).toEqual({ code: -1013, msg: 'Filter failure: NOTIONAL' });
  });
});

describe('symbol status', () => {
  it('CANCEL_ONLY: exchangeInfo shows it, new orders get -2010 "Market is closed.", cancels work', () => {
    const h = harness();
    const resting = h.ex.placeOrder(h.apiKey, limit('BUY', '45000')) as Json;
    h.ex.setSymbolStatus('BTCUSDT', 'CANCEL_ONLY');
    expect((h.ex.exchangeInfo(['BTCUSDT']).symbols as Json[])[0]!.status).toBe('CANCEL_ONLY');
    expect(rejection(() => h.ex.placeOrder(h.apiKey, limit('BUY', '45000')))).toEqual({
      code: -2010,
      msg: 'Market is closed.',
    });
    expect(
      rejection(() =>
        h.ex.placeOrder(h.apiKey, { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '20' }),
      ),
    ).toEqual({ code: -2010, msg: 'Market is closed.' });
    expect(
      (h.ex.cancelOrder(h.apiKey, 'BTCUSDT', { orderId: resting.orderId as number }) as Json).status,
    ).toBe('CANCELED');
    // Other symbols trade on.
    expect(
      (h.ex.placeOrder(h.apiKey, { ...limit('BUY', '500', '0.02'), symbol: 'BNBUSDT' }) as Json).status,
    ).toBe('NEW');
  });

  it('HALT: the price moves but resting orders do not fill and stops do not trigger until trading resumes', () => {
    const h = harness();
    const bid = h.ex.placeOrder(h.apiKey, limit('BUY', '49000')) as Json;
    const stop = h.ex.placeOrder(h.apiKey, {
      ...limit('SELL', '47000'),
      type: 'STOP_LOSS_LIMIT',
      stopPrice: '47500',
    }) as Json;
    h.ex.setSymbolStatus('BTCUSDT', 'HALT');
    h.take();
    h.ex.onPrice('BTCUSDT', '47000');
    h.ex.step(2);
    expect(kinds(h.take())).toEqual([]);
    expect(h.ex.getOrder(h.apiKey, 'BTCUSDT', { orderId: bid.orderId as number }).status).toBe('NEW');
    expect(h.ex.getOrder(h.apiKey, 'BTCUSDT', { orderId: stop.orderId as number }).isWorking).toBe(false);
    expect(rejection(() => h.ex.placeOrder(h.apiKey, limit('BUY', '45000'))).msg).toBe('Market is closed.');

    h.ex.setSymbolStatus('BTCUSDT', 'TRADING');
    h.ex.onPrice('BTCUSDT', '47000');
    expect(h.ex.getOrder(h.apiKey, 'BTCUSDT', { orderId: bid.orderId as number }).status).toBe('FILLED');
    expect(h.ex.getOrder(h.apiKey, 'BTCUSDT', { orderId: stop.orderId as number }).isWorking).toBe(true);
  });

  it('BREAK: no market data: the price holds while the feed runs, and cancels still work', () => {
    const h = harness();
    const resting = h.ex.placeOrder(h.apiKey, limit('BUY', '45000')) as Json;
    h.ex.setSymbolStatus('BTCUSDT', 'BREAK');
    const before = h.ex.bookTicker('BTCUSDT');
    h.ex.step(5);
    expect(h.ex.bookTicker('BTCUSDT')).toEqual(before);
    expect(h.ex.tickerPrice('BNBUSDT').price).not.toBe('600.00000000');
    expect(
      (h.ex.cancelOrder(h.apiKey, 'BTCUSDT', { orderId: resting.orderId as number }) as Json).status,
    ).toBe('CANCELED');
  });
});
