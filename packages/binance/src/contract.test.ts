/**
 * Contract suite: the adapter against @aurora/exchange-sim over real HTTP and WebSocket on
 * loopback (port 0). Every REST method round-trips, orders show up on the user stream, and the
 * simulator's faults drive the failure paths (reconnect, -1021, 429, 418, UNKNOWN).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer } from '@aurora/exchange-sim';
import {
  dec,
  ExchangeRejected,
  ExchangeRetryable,
  UnknownExecutionStatus,
  type PlaceOrderRequest,
  type UserStreamEvent,
} from '@aurora/core';
import { BinanceAdapter } from './binance-adapter';
import { BinanceExchange } from './binance-exchange';
import { MarketStream, type MarketStreamEvent } from './market-stream';
import { BinanceRestClient, type RestClientOptions } from './rest-client';
import { hmacSigner } from './signing';
import { UserStream, type UserStreamOptions } from './user-stream';
import type { Venue } from './venue';
import { until } from './test-support/loopback-ws';

type Sim = Awaited<ReturnType<typeof startSimServer>>;

let sim: Sim;
let venue: Venue;
let counter = 0;
const stoppers: (() => Promise<void> | void)[] = [];

const newId = () => `ct-${Date.now().toString(36)}-${++counter}`;

const account = (balances?: Record<string, string>) => {
  const { apiKey, apiSecret } = sim.createAccount(balances);
  return { apiKey, signer: hmacSigner(apiSecret) };
};

const restFor = (credentials = account(), over: Partial<RestClientOptions> = {}) =>
  new BinanceRestClient({ venue, credentials, timeoutMs: 3_000, ...over });

const userStream = (
  rest: BinanceRestClient,
  credentials: ReturnType<typeof account>,
  over: Partial<UserStreamOptions> = {},
) => {
  const events: UserStreamEvent[] = [];
  const s = new UserStream({ venue, credentials, rest, backoff: { initialMs: 20, maxMs: 200 }, ...over });
  s.onEvent((e) => events.push(e));
  s.start();
  stoppers.push(() => s.stop());
  return { stream: s, events };
};

const rejectionOf = async (p: Promise<unknown>): Promise<unknown> => {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
};

/** A resting BUY well below the market: it stays NEW. */
const restingBuy = async (rest: BinanceRestClient, symbol = 'BTCUSDT'): Promise<PlaceOrderRequest> => {
  const book = await rest.bookTicker(symbol);
  const tick = (await rest.exchangeInfo([symbol])).symbols[0]!.priceFilter!.tickSize;
  return {
    symbol,
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: dec('0.001'),
    price: book.bidPrice.mul(0.95).toNearest(tick),
    clientOrderId: newId(),
  };
};

beforeAll(async () => {
  sim = await startSimServer({
    port: 0,
    seed: 11,
    symbols: ['BTCUSDT', 'ETHUSDT'],
    feed: { kind: 'synthetic', tickMs: 100 },
  });
  venue = { kind: 'sim', restUrl: sim.restUrl, wsApiUrl: sim.wsApiUrl, streamUrl: sim.streamUrl };
});

afterEach(async () => {
  sim.faults.clear();
  while (stoppers.length > 0) await stoppers.pop()!();
});

afterAll(async () => {
  await sim.close();
});

describe('REST round trips', () => {
  it('time, exchange info, market data and account', async () => {
    const rest = restFor();
    const state = await rest.timeSync.sync();
    expect(Math.abs(state.offsetMs)).toBeLessThan(1_000);

    const info = await rest.exchangeInfo(['BTCUSDT', 'ETHUSDT']);
    const btc = info.symbols.find((s) => s.symbol === 'BTCUSDT')!;
    expect(btc.priceFilter!.tickSize.gt(0)).toBe(true);
    expect(btc.lotSize!.stepSize.gt(0)).toBe(true);
    expect(info.rateLimits.some((r) => r.rateLimitType === 'REQUEST_WEIGHT')).toBe(true);
    expect(rest.rateLimiter.snapshot().used_weight_1m).toBeGreaterThan(0);

    const book = await rest.bookTicker('BTCUSDT');
    expect(book.askPrice.gte(book.bidPrice)).toBe(true);
    const klines = await rest.klines('BTCUSDT', '1m', { limit: 5 });
    expect(klines).toHaveLength(5);
    expect(klines[1]!.openTime - klines[0]!.openTime).toBe(60_000);
    const depth = await rest.depth('BTCUSDT', 5);
    expect(depth.bids.length).toBeGreaterThan(0);

    const acct = await rest.account();
    const usdt = acct.balances.find((b) => b.asset === 'USDT')!;
    expect(usdt.free.toFixed()).toBe('10000');
  });

  it('limit order lifecycle: place, query by id and clientOrderId, list, cancel', async () => {
    const rest = restFor();
    const ex = new BinanceExchange(rest);
    const req = await restingBuy(rest);
    const placed = await ex.placeOrder(req);
    expect([placed.status, placed.clientOrderId, placed.type]).toEqual(['NEW', req.clientOrderId, 'LIMIT']);
    expect(placed.price.eq(req.price!)).toBe(true);

    expect((await ex.getOrder({ symbol: 'BTCUSDT', clientOrderId: req.clientOrderId }))!.orderId).toBe(
      placed.orderId,
    );
    expect((await ex.getOrder({ symbol: 'BTCUSDT', orderId: placed.orderId }))!.clientOrderId).toBe(
      req.clientOrderId,
    );
    expect((await ex.getOpenOrders('BTCUSDT')).map((o) => o.orderId)).toContain(placed.orderId);
    expect((await ex.getOpenOrders()).map((o) => o.orderId)).toContain(placed.orderId);

    const canceled = await ex.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: req.clientOrderId });
    expect([canceled.status, canceled.clientOrderId, canceled.orderId]).toEqual([
      'CANCELED',
      req.clientOrderId,
      placed.orderId,
    ]);
    expect(await ex.getOrder({ symbol: 'BTCUSDT', clientOrderId: 'never-placed' })).toBeNull();
    expect((await ex.getAllOrders('BTCUSDT')).map((o) => o.orderId)).toContain(placed.orderId);
  });

  it('market orders by quantity and by quote amount fill, with fills and trades', async () => {
    const rest = restFor();
    const ex = new BinanceExchange(rest);
    const byQty = await ex.placeOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: dec('0.002'),
      clientOrderId: newId(),
    });
    expect(byQty.status).toBe('FILLED');
    expect(byQty.executedQty.toFixed()).toBe('0.002');
    expect(byQty.fills.length).toBeGreaterThan(0);
    const fillQty = byQty.fills.reduce((s, f) => s.add(f.qty), dec(0));
    expect(fillQty.eq(byQty.executedQty)).toBe(true);

    const byQuote = await ex.placeOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quoteOrderQty: dec('50'),
      clientOrderId: newId(),
    });
    expect(byQuote.status).toBe('FILLED');
    expect(byQuote.cumulativeQuoteQty.lte(50)).toBe(true);

    const trades = await ex.getMyTrades('BTCUSDT', { orderId: byQty.orderId });
    expect(trades.map((t) => t.tradeId).sort()).toEqual(byQty.fills.map((f) => f.tradeId).sort());
    expect(trades.every((t) => t.isBuyer)).toBe(true);
  });

  it('stop-limit, take-profit-limit, test orders and cancel-all', async () => {
    const rest = restFor();
    const ex = new BinanceExchange(rest);
    const book = await rest.bookTicker('BTCUSDT');
    const tick = (await rest.exchangeInfo(['BTCUSDT'])).symbols[0]!.priceFilter!.tickSize;
    const px = (f: number) => book.bidPrice.mul(f).toNearest(tick);
    // Sell-side protective orders need base asset: buy some first.
    await ex.placeOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: dec('0.004'),
      clientOrderId: newId(),
    });
    const sl = await ex.placeOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      quantity: dec('0.001'),
      price: px(0.9),
      stopPrice: px(0.91),
      clientOrderId: newId(),
    });
    expect([sl.type, sl.status]).toEqual(['STOP_LOSS_LIMIT', 'NEW']);
    const tp = await ex.placeOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'TAKE_PROFIT_LIMIT',
      timeInForce: 'GTC',
      quantity: dec('0.001'),
      price: px(1.1),
      stopPrice: px(1.09),
      clientOrderId: newId(),
    });
    expect([tp.type, tp.status]).toEqual(['TAKE_PROFIT_LIMIT', 'NEW']);
    await rest.testOrder(await restingBuy(rest));
    const canceled = await ex.cancelAllOpenOrders('BTCUSDT');
    expect(canceled.map((o) => o.orderId).sort()).toEqual([sl.orderId, tp.orderId].sort());
    expect(canceled.every((o) => o.status === 'CANCELED')).toBe(true);
    expect(await ex.getOpenOrders('BTCUSDT')).toEqual([]);
  });

  it("Binance's rejections arrive as never-retried ExchangeRejected with their codes", async () => {
    const rest = restFor(account({ USDT: '20' }));
    const ex = new BinanceExchange(rest);
    const req = await restingBuy(rest);

    const poor = (await rejectionOf(ex.placeOrder({ ...req, quantity: dec('1') }))) as ExchangeRejected;
    expect(poor).toBeInstanceOf(ExchangeRejected);
    expect(poor.code).toBe(-2010);

    const lot = (await rejectionOf(
      ex.placeOrder({ ...req, clientOrderId: newId(), quantity: dec('0.0000001') }),
    )) as ExchangeRejected;
    expect(lot).toBeInstanceOf(ExchangeRejected);
    expect(lot.code).toBe(-1013);

    const book = await rest.bookTicker('BTCUSDT');
    const maker = (await rejectionOf(
      ex.placeOrder({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT_MAKER',
        quantity: dec('0.0001'),
        price: book.askPrice.mul(1.001).toDecimalPlaces(2),
        clientOrderId: newId(),
      }),
    )) as ExchangeRejected;
    expect(maker).toBeInstanceOf(ExchangeRejected);
    expect(maker.code).toBe(-2010);

    const cancelUnknown = (await rejectionOf(
      ex.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: 'no-such-order' }),
    )) as ExchangeRejected;
    expect(cancelUnknown).toBeInstanceOf(ExchangeRejected);
    expect(cancelUnknown.code).toBe(-2011);
  });

  it('a duplicate clientOrderId of an open order is rejected: a retry can never create a second order', async () => {
    const rest = restFor();
    const req = await restingBuy(rest);
    await rest.placeOrder(req);
    const dup = (await rejectionOf(rest.placeOrder(req))) as ExchangeRejected;
    expect(dup).toBeInstanceOf(ExchangeRejected);
    expect(dup.code).toBe(-2010);
    expect(
      (await rest.openOrders('BTCUSDT')).filter((o) => o.clientOrderId === req.clientOrderId),
    ).toHaveLength(1);
  });

  it('a wrong secret is rejected with -1022', async () => {
    const { apiKey } = account();
    const rest = restFor({ apiKey, signer: hmacSigner('not-the-secret') });
    const e = (await rejectionOf(rest.account())) as ExchangeRejected;
    expect(e).toBeInstanceOf(ExchangeRejected);
    expect(e.code).toBe(-1022);
  });
});

describe('user data stream', () => {
  const placeAndExpectReport = async (
    mode: UserStreamOptions['mode'],
    wsApiAuth?: UserStreamOptions['wsApiAuth'],
  ) => {
    const creds = account();
    const rest = restFor(creds);
    const { stream, events } = userStream(rest, creds, { mode, wsApiAuth });
    await until(() => stream.connected, 5_000);
    const req = await restingBuy(rest);
    const placed = await rest.placeOrder(req);
    await until(
      () => events.some((e) => e.kind === 'executionReport' && e.clientOrderId === req.clientOrderId),
      5_000,
    );
    const report = events.find((e) => e.kind === 'executionReport')!;
    expect(report).toMatchObject({
      kind: 'executionReport',
      orderId: placed.orderId,
      executionType: 'NEW',
      orderStatus: 'NEW',
      symbol: 'BTCUSDT',
    });
    await until(() => events.some((e) => e.kind === 'outboundAccountPosition'), 5_000);
    expect(stream.lastEventAt).not.toBeNull();
    expect(stream.stats()).toMatchObject({ malformed: 0, unknown: 0 });
    return { rest, stream, events };
  };

  it('WS-API signature subscription delivers executionReport after order placement', async () => {
    await placeAndExpectReport('ws-api', 'signature');
  });

  it('WS-API session.logon + subscribe delivers executionReport', async () => {
    await placeAndExpectReport('ws-api', 'logon');
  });

  it('listenKey fallback delivers executionReport', async () => {
    await placeAndExpectReport('listen-key');
  });

  it('a fill reports trade id, last price and commission', async () => {
    const creds = account();
    const rest = restFor(creds);
    const { stream, events } = userStream(rest, creds);
    await until(() => stream.connected, 5_000);
    const id = newId();
    await rest.placeOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: dec('0.001'),
      clientOrderId: id,
    });
    await until(
      () =>
        events.some(
          (e) => e.kind === 'executionReport' && e.clientOrderId === id && e.orderStatus === 'FILLED',
        ),
      5_000,
    );
    const fill = events.find((e) => e.kind === 'executionReport' && e.executionType === 'TRADE');
    expect(fill).toBeDefined();
    if (fill?.kind !== 'executionReport') throw new Error('no fill');
    expect(fill.tradeId).not.toBeNull();
    expect(fill.lastQty.gt(0)).toBe(true);
    expect(fill.commission.gte(0)).toBe(true);
  });

  it('dropStreams: reconnects, resubscribes, emits resynced and keeps delivering', async () => {
    const creds = account();
    const rest = restFor(creds);
    const { stream, events } = userStream(rest, creds);
    await until(() => stream.connected, 5_000);
    sim.faults.set({ dropStreams: true });
    await until(() => events.some((e) => e.kind === 'resynced'), 5_000);
    sim.faults.clear();
    await until(() => stream.connected, 5_000);
    const req = await restingBuy(rest);
    await rest.placeOrder(req);
    await until(
      () => events.some((e) => e.kind === 'executionReport' && e.clientOrderId === req.clientOrderId),
      5_000,
    );
    expect(stream.stats().reconnects).toBeGreaterThanOrEqual(1);
  });
});

describe('market stream', () => {
  it('delivers klines and book tickers, and resyncs after dropStreams', async () => {
    const events: MarketStreamEvent[] = [];
    const ms = new MarketStream({
      venue,
      symbols: ['BTCUSDT', 'ETHUSDT'],
      backoff: { initialMs: 20, maxMs: 200 },
    });
    ms.subscribe((e) => events.push(e));
    ms.start();
    stoppers.push(() => ms.stop());
    await until(
      () => events.some((e) => e.kind === 'kline') && events.some((e) => e.kind === 'bookTicker'),
      8_000,
    );
    const k = events.find((e) => e.kind === 'kline');
    if (k?.kind !== 'kline') throw new Error('no kline');
    expect(k.kline.interval).toBe('1m');
    expect(['BTCUSDT', 'ETHUSDT']).toContain(k.kline.symbol);
    expect(ms.stats()).toMatchObject({ malformed: 0, unknown: 0 });
    sim.faults.set({ dropStreams: true });
    await until(() => events.some((e) => e.kind === 'resynced'), 5_000);
    sim.faults.clear();
    const before = events.length;
    await until(() => events.length > before + 2, 5_000);
    expect(ms.lastMessageAt).not.toBeNull();
  });
});

describe('BinanceAdapter wiring', () => {
  it('starts clock, rules and both streams; health reflects them; an order reaches its user stream', async () => {
    const credentials = account();
    const adapter = new BinanceAdapter({ venue, credentials, symbols: ['BTCUSDT'] });
    const events: UserStreamEvent[] = [];
    adapter.userStream!.onEvent((e) => events.push(e));
    expect(adapter.health()).toMatchObject({
      clock_offset_ms: null,
      exchange_info_loaded_at: null,
      user_stream_connected: false,
    });
    await adapter.start();
    stoppers.push(() => adapter.stop());
    await until(
      () => adapter.health().user_stream_connected && adapter.health().market_data_last_message_at !== null,
      8_000,
    );
    const h = adapter.health();
    expect(h.market_stream_connected).toBe(true);
    expect(h.clock_offset_ms).not.toBeNull();
    expect(h.last_time_sync_at).not.toBeNull();
    expect(h.exchange_info_loaded_at).not.toBeNull();
    expect(adapter.exchangeInfo.get('BTCUSDT')?.lotSize).toBeDefined();
    const req = await restingBuy(adapter.rest);
    await adapter.exchange.placeOrder(req);
    await until(
      () => events.some((e) => e.kind === 'executionReport' && e.clientOrderId === req.clientOrderId),
      5_000,
    );
    expect(adapter.health().user_stream_last_event_at).not.toBeNull();
    expect(adapter.rateLimits().used_weight_1m).toBeGreaterThan(0);
  });
});

describe('fault injection', () => {
  it('clock skew: -1021 is recovered by resyncing the clock and resending once', async () => {
    const codes: unknown[] = [];
    const rest = restFor(account(), { logger: { warn: (o) => void codes.push(o.code) } });
    await rest.timeSync.sync();
    sim.faults.set({ clockSkewMs: 30_000 });
    const acct = await rest.account();
    expect(acct.balances.length).toBeGreaterThan(0);
    expect(codes).toContain(-1021);
    // Whichever way the simulator skews its clock, the new offset absorbs the 30 s.
    expect(Math.abs(Math.abs(rest.timeSync.offsetMs) - 30_000)).toBeLessThan(1_000);
  });

  it('429: the caller gets a retryable error and the client stops sending until Retry-After passes', async () => {
    let sent = 0;
    const rest = restFor(account(), { fetchImpl: (input, init) => (sent++, fetch(input, init)) });
    sim.faults.set({
      forceError: {
        code: -1003,
        msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE.',
        httpStatus: 429,
        count: 1,
      },
    });
    const e = (await rejectionOf(rest.account())) as ExchangeRetryable;
    expect(e).toBeInstanceOf(ExchangeRetryable);
    expect(e.retry).toBe('after-backoff');
    expect(rest.rateLimiter.snapshot().rate_limited).toBe(true);
    const after = sent;
    expect(await rejectionOf(rest.bookTicker('BTCUSDT'))).toBeInstanceOf(ExchangeRetryable);
    expect(sent).toBe(after);
  });

  it("the venue's real weight limit: pacing holds requests near it, a 429's Retry-After is honoured, no 418 follows", async () => {
    const small = await startSimServer({
      port: 0,
      seed: 3,
      symbols: ['BTCUSDT'],
      rateLimits: { requestWeightPerMinute: 60, banAfterViolations: 1 },
    });
    stoppers.push(() => small.close());
    let sent = 0;
    const sleeps: number[] = [];
    const rest = new BinanceRestClient({
      venue: { kind: 'sim', restUrl: small.restUrl, wsApiUrl: small.wsApiUrl, streamUrl: small.streamUrl },
      // A sleep that does not wait, so the client runs into the venue's limit.
      sleep: async (ms) => void sleeps.push(ms),
      fetchImpl: (input, init) => (sent++, fetch(input, init)),
    });
    await rest.exchangeInfo(['BTCUSDT']);
    expect(rest.rateLimiter.snapshot().weight_limit_1m).toBe(60);
    let limited: unknown = null;
    for (let i = 0; i < 80 && limited === null; i++)
      limited = await rest.bookTicker('BTCUSDT').then(
        () => null,
        (e: unknown) => e,
      );
    expect(limited).toBeInstanceOf(ExchangeRetryable);
    expect((limited as ExchangeRetryable).httpStatus).toBe(429);
    expect((limited as ExchangeRetryable).retryAfterMs).toBeGreaterThan(0);
    expect((limited as ExchangeRetryable).retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(sleeps.length).toBeGreaterThan(0);
    const sentAt429 = sent;
    for (let i = 0; i < 5; i++)
      expect(await rejectionOf(rest.bookTicker('BTCUSDT'))).toBeInstanceOf(ExchangeRetryable);
    // One more request would have earned a ban (banAfterViolations: 1); none was sent.
    expect(sent).toBe(sentAt429);
    expect(rest.rateLimiter.snapshot()).toMatchObject({ rate_limited: true, banned_until: null });
  });

  it('418: silence towards the venue until the ban ends', async () => {
    let sent = 0;
    const rest = restFor(account(), { fetchImpl: (input, init) => (sent++, fetch(input, init)) });
    sim.faults.set({
      forceError: {
        code: -1003,
        msg: 'Way too much request weight used; IP banned.',
        httpStatus: 418,
        count: 1,
      },
    });
    await rejectionOf(rest.account());
    sim.faults.clear();
    const e = (await rejectionOf(rest.placeOrder(await restingBuy(restFor())))) as ExchangeRetryable;
    expect(e).toBeInstanceOf(ExchangeRetryable);
    expect(e.httpStatus).toBe(418);
    expect(sent).toBe(1);
    expect(rest.rateLimiter.snapshot().banned_until).not.toBeNull();
  });

  it('an order accepted but never answered is UNKNOWN, and the order is found by its clientOrderId', async () => {
    const rest = restFor(account(), { timeoutMs: 500 });
    const req = await restingBuy(rest);
    sim.faults.set({ timeoutNextOrders: 1 });
    expect(await rejectionOf(rest.placeOrder(req))).toBeInstanceOf(UnknownExecutionStatus);
    sim.faults.clear();
    const found = await rest.getOrder({ symbol: 'BTCUSDT', clientOrderId: req.clientOrderId });
    expect(found?.clientOrderId).toBe(req.clientOrderId);
  });

  it("Binance's unknown-status 5xx on an order is UNKNOWN", async () => {
    const rest = restFor();
    const req = await restingBuy(rest);
    sim.faults.set({ unknownStatusNext: 1 });
    expect(await rejectionOf(rest.placeOrder(req))).toBeInstanceOf(UnknownExecutionStatus);
  });

  it('a forced -2010 is rejected, not retried', async () => {
    const rest = restFor();
    const req = await restingBuy(rest);
    sim.faults.set({
      forceError: {
        code: -2010,
        msg: 'Account has insufficient balance for requested action.',
        httpStatus: 400,
        count: 1,
      },
    });
    const e = (await rejectionOf(rest.placeOrder(req))) as ExchangeRejected;
    expect(e).toBeInstanceOf(ExchangeRejected);
    expect(e.code).toBe(-2010);
  });
});
