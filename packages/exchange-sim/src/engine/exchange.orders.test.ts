import { Dec } from '@aurora/core';
import { describe, expect, it } from 'vitest';
import { balanceOf, harness, rejection } from '../testing/engine-harness';

type Json = Record<string, unknown>;
const levels = (h: ReturnType<typeof harness>, side: 'bids' | 'asks', n = 5) =>
  (h.ex.depth('BTCUSDT', n)[side] as string[][]).map(([p, q]) => ({ price: new Dec(p!), qty: new Dec(q!) }));
const fx8 = (d: Dec) => d.toFixed(8);

describe('MARKET orders', () => {
  it('a quantity BUY takes the best asks level by level and pays taker commission in the base asset', () => {
    const h = harness();
    const asks = levels(h, 'asks');
    const qty = asks[0]!.qty.plus('0.01');
    const r = h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: qty.toFixed(),
    }) as Json;
    const fills = r.fills as Json[];
    expect(r.status).toBe('FILLED');
    expect(fills.map((f) => [f.price, f.qty])).toEqual([
      [fx8(asks[0]!.price), fx8(asks[0]!.qty)],
      [fx8(asks[1]!.price), '0.01000000'],
    ]);
    const cost = asks[0]!.price.times(asks[0]!.qty).plus(asks[1]!.price.times('0.01'));
    expect(r.cummulativeQuoteQty).toBe(fx8(cost));
    expect(fills.map((f) => f.commissionAsset)).toEqual(['BTC', 'BTC']);
    expect(fills[0]!.commission).toBe(fx8(asks[0]!.qty.times('0.001')));
    const commission = qty.times('0.001');
    expect(balanceOf(h.ex, h.apiKey, 'BTC').free).toBe(fx8(new Dec('0.1').plus(qty).minus(commission)));
    expect(balanceOf(h.ex, h.apiKey, 'USDT').free).toBe(fx8(new Dec(10000).minus(cost)));
    expect(h.take().map((e) => `${e.e}:${e.x ?? ''}:${e.X ?? ''}`)).toEqual([
      'executionReport:NEW:NEW',
      'executionReport:TRADE:PARTIALLY_FILLED',
      'executionReport:TRADE:FILLED',
      'outboundAccountPosition::',
    ]);
  });

  it('a quoteOrderQty BUY spends at most the amount, in whole steps, and reports the bought quantity as origQty', () => {
    const h = harness();
    const ask = levels(h, 'asks')[0]!;
    const r = h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quoteOrderQty: '1000',
    }) as Json;
    const expectedQty = new Dec(1000).div(ask.price).toNearest('0.00001', Dec.ROUND_DOWN);
    expect(r).toMatchObject({
      status: 'FILLED',
      origQty: fx8(expectedQty),
      executedQty: fx8(expectedQty),
      origQuoteOrderQty: '1000.00000000',
      cummulativeQuoteQty: fx8(expectedQty.times(ask.price)),
    });
  });

  it('a quoteOrderQty SELL sells what is needed to receive the amount', () => {
    const h = harness();
    const bid = levels(h, 'bids')[0]!;
    const r = h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'MARKET',
      quoteOrderQty: '500',
    }) as Json;
    const qty = new Dec(500).div(bid.price).toNearest('0.00001', Dec.ROUND_DOWN);
    expect(r).toMatchObject({
      status: 'FILLED',
      executedQty: fx8(qty),
      cummulativeQuoteQty: fx8(qty.times(bid.price)),
    });
    expect((r.fills as Json[])[0]).toMatchObject({
      commissionAsset: 'USDT',
      commission: fx8(qty.times(bid.price).times('0.001').toDecimalPlaces(8, Dec.ROUND_UP)),
    });
  });

  it('is refused as a whole when the balance cannot pay for it', () => {
    const h = harness({ balances: { USDT: '100' } });
    expect(
      rejection(() =>
        h.ex.placeOrder(h.apiKey, { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' }),
      ),
    ).toEqual({
      code: -2010,
      msg: 'Account has insufficient balance for requested action.',
    });
    expect(h.take()).toEqual([]);
    expect(balanceOf(h.ex, h.apiKey, 'USDT')).toEqual({ free: '100.00000000', locked: '0.00000000' });
  });
});

describe('LIMIT orders', () => {
  it('a GTC BUY below the market rests, locks price × qty and becomes the best bid', () => {
    const h = harness();
    const r = h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '49999.00',
    }) as Json;
    expect(r).toMatchObject({ status: 'NEW', executedQty: '0.00000000', fills: [] });
    expect(balanceOf(h.ex, h.apiKey, 'USDT')).toEqual({ free: '9500.01000000', locked: '499.99000000' });
    expect(h.ex.bookTicker('BTCUSDT')).toMatchObject({ bidPrice: '49999.00000000', bidQty: '0.01000000' });
    expect(h.ex.openOrders(h.apiKey, 'BTCUSDT').map((o) => o.orderId)).toEqual([r.orderId]);
    const events = h.take();
    expect(events[0]).toMatchObject({
      e: 'executionReport',
      x: 'NEW',
      X: 'NEW',
      w: true,
      p: '49999.00000000',
    });
    expect(events[1]).toMatchObject({
      e: 'outboundAccountPosition',
      B: [{ a: 'USDT', f: '9500.01000000', l: '499.99000000' }],
    });
  });

  it('a marketable GTC BUY fills what the book offers up to its price, refunds the improvement and rests the rest', () => {
    const h = harness();
    const asks = levels(h, 'asks');
    const limit = asks[1]!.price; // takes levels 0 and 1, not level 2
    const qty = asks[0]!.qty.plus(asks[1]!.qty).plus('0.05');
    const r = h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: qty.toFixed(),
      price: limit.toFixed(),
    }) as Json;
    const spent = asks[0]!.price.times(asks[0]!.qty).plus(asks[1]!.price.times(asks[1]!.qty));
    expect(r).toMatchObject({
      status: 'PARTIALLY_FILLED',
      executedQty: fx8(qty.minus('0.05')),
      cummulativeQuoteQty: fx8(spent),
    });
    const stillLocked = limit.times('0.05');
    expect(balanceOf(h.ex, h.apiKey, 'USDT')).toEqual({
      free: fx8(new Dec(10000).minus(spent).minus(stillLocked)),
      locked: fx8(stillLocked),
    });
    expect(h.ex.getOrder(h.apiKey, 'BTCUSDT', { orderId: r.orderId as number })).toMatchObject({
      status: 'PARTIALLY_FILLED',
    });
  });

  it('IOC fills what it can and expires the rest (UNFILLED_IOC_QUANTITY_EXPIRED), unlocking it', () => {
    const h = harness();
    const ask = levels(h, 'asks')[0]!;
    const r = h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'IOC',
      quantity: ask.qty.plus('0.01').toFixed(),
      price: ask.price.toFixed(),
    }) as Json;
    expect(r).toMatchObject({
      status: 'EXPIRED',
      executedQty: fx8(ask.qty),
      expiryReason: 'UNFILLED_IOC_QUANTITY_EXPIRED',
    });
    expect(balanceOf(h.ex, h.apiKey, 'USDT')).toEqual({
      free: fx8(new Dec(10000).minus(ask.price.times(ask.qty))),
      locked: '0.00000000',
    });
    const reports = h.take().filter((e) => e.e === 'executionReport');
    expect(reports.map((e) => e.x)).toEqual(['NEW', 'TRADE', 'EXPIRED']);
    expect(reports[2]).toMatchObject({ X: 'EXPIRED', eR: 'UNFILLED_IOC_QUANTITY_EXPIRED' });
  });

  it('FOK expires without any trade when the book cannot fill it all', () => {
    const h = harness();
    const ask = levels(h, 'asks')[0]!;
    const r = h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'FOK',
      quantity: ask.qty.plus('0.01').toFixed(),
      price: ask.price.toFixed(),
    }) as Json;
    expect(r).toMatchObject({
      status: 'EXPIRED',
      executedQty: '0.00000000',
      fills: [],
      expiryReason: 'UNFILLED_FOK_ORDER_EXPIRED',
    });
    expect(balanceOf(h.ex, h.apiKey, 'USDT')).toEqual({ free: '10000.00000000', locked: '0.00000000' });
  });

  it('FOK fills completely when the book can', () => {
    const h = harness();
    const ask = levels(h, 'asks')[0]!;
    const r = h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'FOK',
      quantity: '0.01',
      price: ask.price.toFixed(),
    }) as Json;
    expect(r).toMatchObject({ status: 'FILLED', executedQty: '0.01000000' });
  });

  it('LIMIT_MAKER that would take is rejected with -2010, one that would not rests', () => {
    const h = harness();
    const ask = levels(h, 'asks')[0]!;
    expect(
      rejection(() =>
        h.ex.placeOrder(h.apiKey, {
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'LIMIT_MAKER',
          quantity: '0.01',
          price: ask.price.toFixed(),
        }),
      ),
    ).toEqual({ code: -2010, msg: 'Order would immediately match and take.' });
    const ok = h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT_MAKER',
      quantity: '0.01',
      price: '49990.00',
    });
    // LIMIT_MAKER answers ACK by default (only MARKET and LIMIT default to FULL).
    expect(Object.keys(ok)).toEqual(['symbol', 'orderId', 'orderListId', 'clientOrderId', 'transactTime']);
    expect(h.ex.openOrders(h.apiKey).map((o) => o.type)).toEqual(['LIMIT_MAKER']);
  });

  it('a resting order fills as maker when the market moves through it, paying maker commission', () => {
    const h = harness({ commissionRate: '0.002' });
    h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '50100.00',
    });
    h.take();
    h.ex.onPrice('BTCUSDT', '50200');
    const trade = h.take().find((e) => e.x === 'TRADE')!;
    expect(trade).toMatchObject({
      X: 'FILLED',
      m: true,
      L: '50100.00000000',
      l: '0.01000000',
      n: '1.00200000',
      N: 'USDT',
    });
    expect(balanceOf(h.ex, h.apiKey, 'BTC')).toEqual({ free: '0.09000000', locked: '0.00000000' });
    expect(balanceOf(h.ex, h.apiKey, 'USDT').free).toBe(fx8(new Dec(10000).plus('501').minus('1.002')));
  });
});

describe('price-time priority', () => {
  it('fills the better price first, then the earlier order at the same price', () => {
    const h = harness();
    const second = h.ex.createAccount().apiKey;
    const place = (key: string, price: string, id: string) =>
      h.ex.placeOrder(key, {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.01',
        price,
        newClientOrderId: id,
      });
    place(h.apiKey, '49999.00', 'early');
    place(second, '49999.00', 'late');
    place(second, '49999.50', 'better');
    const seller = h.ex.createAccount().apiKey;
    const r = h.ex.placeOrder(seller, {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'MARKET',
      quantity: '0.015',
    }) as Json;
    expect((r.fills as Json[]).map((f) => [f.price, f.qty])).toEqual([
      ['49999.50000000', '0.01000000'],
      ['49999.00000000', '0.00500000'],
    ]);
    expect(h.ex.getOrder(h.apiKey, 'BTCUSDT', { origClientOrderId: 'early' })).toMatchObject({
      status: 'PARTIALLY_FILLED',
      executedQty: '0.00500000',
    });
    expect(h.ex.getOrder(second, 'BTCUSDT', { origClientOrderId: 'late' })).toMatchObject({ status: 'NEW' });
    expect(h.ex.getOrder(second, 'BTCUSDT', { origClientOrderId: 'better' })).toMatchObject({
      status: 'FILLED',
    });
  });
});

describe('stop orders', () => {
  it('a STOP_LOSS_LIMIT SELL that would trigger at once is rejected', () => {
    const h = harness();
    expect(
      rejection(() =>
        h.ex.placeOrder(h.apiKey, {
          symbol: 'BTCUSDT',
          side: 'SELL',
          type: 'STOP_LOSS_LIMIT',
          timeInForce: 'GTC',
          quantity: '0.01',
          price: '50100.00',
          stopPrice: '50100.00',
        }),
      ),
    ).toEqual({ code: -2010, msg: 'Order would trigger immediately.' });
  });

  it('a STOP_LOSS_LIMIT SELL waits off the book, then triggers when the last price falls to its stop and sells', () => {
    const h = harness();
    const r = h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '49000.00',
      stopPrice: '49500.00',
    }) as Json;
    expect(Object.keys(r)).toEqual(['symbol', 'orderId', 'orderListId', 'clientOrderId', 'transactTime']);
    expect(h.ex.getOrder(h.apiKey, 'BTCUSDT', { orderId: r.orderId as number })).toMatchObject({
      status: 'NEW',
      isWorking: false,
      workingTime: -1,
      stopPrice: '49500.00000000',
    });
    expect(balanceOf(h.ex, h.apiKey, 'BTC').locked).toBe('0.01000000');
    h.ex.onPrice('BTCUSDT', '49600');
    expect(h.ex.getOrder(h.apiKey, 'BTCUSDT', { orderId: r.orderId as number })).toMatchObject({
      isWorking: false,
    });
    h.take();
    h.ex.onPrice('BTCUSDT', '49400');
    const reports = h.take().filter((e) => e.e === 'executionReport');
    expect(reports.map((e) => `${e.x}:${e.X}`)).toEqual(['NEW:NEW', 'TRADE:FILLED']);
    expect(reports[0]!.W).toBe(h.clock.now());
    expect(Number(reports[1]!.L)).toBeGreaterThanOrEqual(49000);
    expect(balanceOf(h.ex, h.apiKey, 'BTC')).toEqual({ free: '0.09000000', locked: '0.00000000' });
  });

  it('a TAKE_PROFIT_LIMIT SELL triggers when the price rises to its stop', () => {
    const h = harness();
    const r = h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'TAKE_PROFIT_LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '50400.00',
      stopPrice: '50500.00',
    }) as Json;
    h.ex.onPrice('BTCUSDT', '50600');
    expect(h.ex.getOrder(h.apiKey, 'BTCUSDT', { orderId: r.orderId as number })).toMatchObject({
      status: 'FILLED',
      isWorking: true,
    });
  });
});

describe('identifiers, lookups and cancels', () => {
  it('rejects a duplicate clientOrderId among open orders and accepts it again once the first is closed', () => {
    const h = harness();
    const p = {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '49000.00',
      newClientOrderId: 'intent-1',
    };
    h.ex.placeOrder(h.apiKey, p);
    expect(rejection(() => h.ex.placeOrder(h.apiKey, p))).toEqual({
      code: -2010,
      msg: 'Duplicate order sent.',
    });
    h.ex.cancelOrder(h.apiKey, 'BTCUSDT', { origClientOrderId: 'intent-1' });
    expect(h.ex.placeOrder(h.apiKey, p)).toMatchObject({ clientOrderId: 'intent-1', status: 'NEW' });
  });

  it('answers -2013 for an unknown order and -2011 for cancelling an unknown or closed one', () => {
    const h = harness();
    expect(rejection(() => h.ex.getOrder(h.apiKey, 'BTCUSDT', { orderId: 999 }))).toEqual({
      code: -2013,
      msg: 'Order does not exist.',
    });
    expect(rejection(() => h.ex.cancelOrder(h.apiKey, 'BTCUSDT', { origClientOrderId: 'nope' }))).toEqual({
      code: -2011,
      msg: 'Unknown order sent.',
    });
    const filled = h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.001',
    }) as Json;
    expect(
      rejection(() => h.ex.cancelOrder(h.apiKey, 'BTCUSDT', { orderId: filled.orderId as number })),
    ).toEqual({ code: -2011, msg: 'Unknown order sent.' });
    expect(rejection(() => h.ex.getOrder(h.apiKey, 'BTCUSDT', {}))).toEqual({
      code: -1102,
      msg: "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!",
    });
  });

  it('a cancel unlocks the reservation and reports the cancel id in c and the order id in C', () => {
    const h = harness();
    h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '49000.00',
      newClientOrderId: 'o1',
    });
    h.take();
    const r = h.ex.cancelOrder(h.apiKey, 'BTCUSDT', {
      origClientOrderId: 'o1',
      newClientOrderId: 'cancel-o1',
    });
    expect(r).toMatchObject({ origClientOrderId: 'o1', clientOrderId: 'cancel-o1', status: 'CANCELED' });
    expect(h.take()[0]).toMatchObject({ x: 'CANCELED', X: 'CANCELED', c: 'cancel-o1', C: 'o1' });
    expect(balanceOf(h.ex, h.apiKey, 'USDT')).toEqual({ free: '10000.00000000', locked: '0.00000000' });
    expect(h.ex.getOrder(h.apiKey, 'BTCUSDT', { origClientOrderId: 'o1' })).toMatchObject({
      status: 'CANCELED',
      clientOrderId: 'o1',
    });
  });

  it('cancelOpenOrders cancels every open order of the symbol; with none it answers -2011', () => {
    const h = harness();
    for (const price of ['49000.00', '49100.00']) {
      h.ex.placeOrder(h.apiKey, {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.01',
        price,
      });
    }
    expect(h.ex.cancelOpenOrders(h.apiKey, 'BTCUSDT').map((o) => o.status)).toEqual(['CANCELED', 'CANCELED']);
    expect(rejection(() => h.ex.cancelOpenOrders(h.apiKey, 'BTCUSDT'))).toEqual({
      code: -2011,
      msg: 'Unknown order sent.',
    });
  });

  it('order ids, trade ids and execution ids only increase', () => {
    const h = harness();
    const ids: number[] = [];
    const trades: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = h.ex.placeOrder(h.apiKey, {
        symbol: 'BTCUSDT',
        side: i % 2 ? 'SELL' : 'BUY',
        type: 'MARKET',
        quantity: '0.001',
      }) as Json;
      ids.push(r.orderId as number);
      trades.push(...(r.fills as Json[]).map((f) => f.tradeId as number));
    }
    const executionIds = h.events.filter((e) => e.e === 'executionReport').map((e) => e.I as number);
    for (const list of [ids, trades, executionIds]) expect([...list].sort((a, b) => a - b)).toEqual(list);
    expect(new Set(executionIds).size).toBe(executionIds.length);
    expect(h.ex.myTrades(h.apiKey, 'BTCUSDT').map((t) => t.id)).toEqual(trades);
  });
});

describe('commission in BNB', () => {
  it('pays the discounted commission in BNB at the BNBUSDT price when enabled and affordable', () => {
    const h = harness({ bnbBurn: true });
    const ask = levels(h, 'asks')[0]!;
    const bnbPrice = new Dec(h.ex.tickerPrice('BNBUSDT').price);
    const r = h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.01',
    }) as Json;
    const quote = ask.price.times('0.01');
    const expected = quote.times('0.001').times('0.75').div(bnbPrice).toDecimalPlaces(8, Dec.ROUND_UP);
    expect((r.fills as Json[])[0]).toMatchObject({ commissionAsset: 'BNB', commission: fx8(expected) });
    expect(balanceOf(h.ex, h.apiKey, 'BNB').free).toBe(fx8(new Dec(5).minus(expected)));
    expect(balanceOf(h.ex, h.apiKey, 'BTC').free).toBe('0.11000000');
  });

  it('falls back to the standard commission when the BNB balance cannot pay', () => {
    const h = harness({ bnbBurn: true, balances: { USDT: '10000', BNB: '0' } });
    const r = h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.01',
    }) as Json;
    expect((r.fills as Json[])[0]).toMatchObject({ commissionAsset: 'BTC', commission: '0.00001000' });
  });
});

describe('funding', () => {
  it('deposits and withdrawals emit balanceUpdate then outboundAccountPosition; overdrafts are refused', () => {
    const h = harness();
    h.ex.fund(h.apiKey, 'USDT', '250.5');
    h.ex.fund(h.apiKey, 'USDT', '-50');
    expect(h.take().map((e) => [e.e, e.d ?? (e.B as Json[])[0]!.f])).toEqual([
      ['balanceUpdate', '250.50000000'],
      ['outboundAccountPosition', '10250.50000000'],
      ['balanceUpdate', '-50.00000000'],
      ['outboundAccountPosition', '10200.50000000'],
    ]);
    expect(rejection(() => h.ex.fund(h.apiKey, 'USDT', '-20000')).code).toBe(-2010);
  });
});
