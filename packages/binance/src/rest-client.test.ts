import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dec, ExchangeRejected, ExchangeRetryable, UnknownExecutionStatus } from '@aurora/core';
import { hmacSigner } from './signing';
import { BinanceRestClient, type RestClientOptions } from './rest-client';
import { VenueHostNotAllowed, type Venue } from './venue';
import { LoopbackHttp, type RecordedRequest, type ScriptedReply } from './test-support/loopback-http';
import accountJson from './fixtures/account.json';
import bookTickerJson from './fixtures/book-ticker.json';
import cancelAllJson from './fixtures/cancel-open-orders.json';
import cancelJson from './fixtures/cancel-order.json';
import depthJson from './fixtures/depth.json';
import exchangeInfoJson from './fixtures/exchange-info.json';
import klinesJson from './fixtures/klines.json';
import myTradesJson from './fixtures/my-trades.json';
import orderFullJson from './fixtures/order-full.json';
import queryOrderJson from './fixtures/query-order.json';

const API_KEY = 'test-api-key-0123456789';
const SECRET = 'test-secret-abcdefghijklmnopqrstuvwxyz';
const SERVER_SKEW = 3_000;

const ROUTES: Record<string, unknown> = {
  'GET /api/v3/ping': {},
  'GET /api/v3/exchangeInfo': exchangeInfoJson,
  'GET /api/v3/account': accountJson,
  'POST /api/v3/order': orderFullJson,
  'POST /api/v3/order/test': {},
  'DELETE /api/v3/order': cancelJson,
  'DELETE /api/v3/openOrders': cancelAllJson,
  'GET /api/v3/order': queryOrderJson,
  'GET /api/v3/openOrders': [queryOrderJson],
  'GET /api/v3/allOrders': [queryOrderJson],
  'GET /api/v3/myTrades': myTradesJson,
  'GET /api/v3/klines': klinesJson,
  'GET /api/v3/ticker/bookTicker': bookTickerJson,
  'GET /api/v3/depth': depthJson,
  'POST /api/v3/userDataStream': {
    listenKey: 'pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a65a1',
  },
  'PUT /api/v3/userDataStream': {},
};

const docRoutes = (r: RecordedRequest): ScriptedReply => {
  if (r.path === '/api/v3/time') return { body: { serverTime: Date.now() + SERVER_SKEW } };
  const body = ROUTES[`${r.method} ${r.path}`];
  return body === undefined
    ? { status: 404, body: { code: -1, msg: 'no route' } }
    : { body, headers: { 'X-MBX-USED-WEIGHT-1M': '12' } };
};

let server: LoopbackHttp;
let baseUrl: string;
let logs: { obj: Record<string, unknown>; msg: string }[];

const client = (over: Partial<RestClientOptions> = {}) =>
  new BinanceRestClient({
    venue: {
      kind: 'sim',
      restUrl: baseUrl,
      wsApiUrl: 'ws://127.0.0.1:1/ws-api/v3',
      streamUrl: 'ws://127.0.0.1:1',
    },
    credentials: { apiKey: API_KEY, signer: hmacSigner(SECRET) },
    logger: { warn: (obj, msg) => logs.push({ obj, msg }) },
    timeoutMs: 1_000,
    ...over,
  });

const rejectionOf = async (p: Promise<unknown>): Promise<unknown> => {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
};

const limitBuy = {
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  quantity: dec('0.01'),
  price: dec('50000'),
  clientOrderId: 'intent-1',
} as const;

beforeEach(async () => {
  logs = [];
  server = new LoopbackHttp(docRoutes);
  baseUrl = await server.start();
});
afterEach(async () => {
  await server.close();
});

describe('BinanceRestClient against documented payloads', () => {
  it('parses every endpoint into core types with exact decimals', async () => {
    const c = client();
    const info = await c.exchangeInfo(['ETHBTC']);
    expect(info.symbols[0]!.lotSize!.stepSize.toFixed()).toBe('0.001');
    expect(server.requests.at(-1)!.query.get('symbols')).toBe('["ETHBTC"]');

    const acct = await c.account();
    expect(acct.balances[0]!.free.toFixed()).toBe('4723846.89208129');
    expect(acct.commissionRates!.maker.toFixed()).toBe('0.0015');

    const placed = await c.placeOrder(limitBuy);
    expect(placed.orderId).toBe('28');
    expect(placed.fills.map((f) => [f.tradeId, f.price.toFixed(), f.commission.toFixed()])).toEqual([
      ['56', '4000', '4'],
      ['57', '3999', '19.995'],
      ['58', '3998', '7.996'],
      ['59', '3997', '3.997'],
      ['60', '3995', '3.995'],
    ]);
    expect(placed.stopPrice).toBeNull();

    const canceled = await c.cancelOrder({ symbol: 'LTCBTC', clientOrderId: 'myOrder1' });
    expect([canceled.clientOrderId, canceled.status, canceled.time]).toEqual([
      'myOrder1',
      'CANCELED',
      1684804350068,
    ]);

    const all = await c.cancelAllOpenOrders('BTCUSDT');
    expect(all.map((o) => [o.orderId, o.clientOrderId, o.type])).toEqual([
      ['11', 'E6APeyTJvkMvLMYMqu1KQ4', 'LIMIT'],
      ['13', 'A3EF2HCwxgZPFMrfwbgrhv', 'LIMIT'],
      ['20', 'CwOOIPHSmYywx6jZX77TdL', 'STOP_LOSS_LIMIT'],
      ['21', '461cPg51vQjV3zIMOXNz39', 'LIMIT_MAKER'],
    ]);
    expect(all[2]!.stopPrice!.toFixed()).toBe('0.378131');

    const q = await c.getOrder({ symbol: 'LTCBTC', orderId: '1' });
    expect([q!.status, q!.price.toFixed(), q!.time, q!.timeInForce]).toEqual([
      'NEW',
      '0.1',
      1499827319559,
      'GTC',
    ]);
    expect((await c.openOrders()).length).toBe(1);
    expect(server.requests.at(-1)!.query.has('symbol')).toBe(false);
    expect((await c.allOrders('LTCBTC', { limit: 10 }))[0]!.clientOrderId).toBe('myOrder1');

    const trades = await c.myTrades('BNBBTC', { orderId: '100234' });
    expect([trades[0]!.tradeId, trades[0]!.quoteQty.toFixed(), trades[0]!.isBuyer]).toEqual([
      '28457',
      '48.000012',
      true,
    ]);

    const kl = await c.klines('LTCBTC', '1d', { limit: 1 });
    expect([kl[0]!.openTime, kl[0]!.high.toFixed(), kl[0]!.trades, kl[0]!.closed]).toEqual([
      1499040000000,
      '0.8',
      308,
      true,
    ]);

    const bt = await c.bookTicker('LTCBTC');
    expect([bt.askPrice.toFixed(), bt.updateId]).toEqual(['4.000002', 0]);

    const depth = await c.depth('LTCBTC', 5);
    expect(depth.bids[0]!.qty.toFixed()).toBe('431');

    await c.testOrder(limitBuy);
    await c.ping();
    expect(await c.createListenKey()).toMatch(/^pqia/);
    await c.keepAliveListenKey('k');
  });

  it('hands the declared rate limits to the rate limiter and reads the weight header', async () => {
    const c = client();
    await c.exchangeInfo();
    expect(c.rateLimiter.snapshot()).toMatchObject({
      weight_limit_1m: 6000,
      used_weight_1m: 12,
      order_limit_10s: 50,
    });
  });
});

describe('signing on the wire', () => {
  it('signed requests carry the key header, recvWindow, a synced timestamp and a valid HMAC', async () => {
    const c = client({ recvWindowMs: 7_000 });
    await c.start();
    c.stop();
    await c.placeOrder(limitBuy);
    const r = server.requests.at(-1)!;
    expect(r.headers['x-mbx-apikey']).toBe(API_KEY);
    const [payload, signature] = r.rawQuery.split('&signature=') as [string, string];
    expect(createHmac('sha256', SECRET).update(payload).digest('hex')).toBe(signature);
    expect(r.query.get('recvWindow')).toBe('7000');
    expect(r.query.get('newClientOrderId')).toBe('intent-1');
    expect(r.query.get('newOrderRespType')).toBe('FULL');
    expect(Math.abs(Number(r.query.get('timestamp')) - (Date.now() + SERVER_SKEW))).toBeLessThan(500);
  });

  it('public requests carry neither key nor signature', async () => {
    await client().bookTicker('LTCBTC');
    const r = server.requests.at(-1)!;
    expect(r.headers['x-mbx-apikey']).toBeUndefined();
    expect(r.query.has('signature')).toBe(false);
  });

  it('a private call on a keyless client is refused without sending', async () => {
    const c = client({ credentials: undefined });
    expect(await rejectionOf(c.account())).toBeInstanceOf(ExchangeRejected);
    expect(server.requests).toHaveLength(0);
  });
});

describe('failure handling', () => {
  it('getOrder returns null when Binance does not know the order (-2013)', async () => {
    server.setHandler(() => ({ status: 400, body: { code: -2013, msg: 'Order does not exist.' } }));
    expect(await client().getOrder({ symbol: 'BTCUSDT', clientOrderId: 'nope' })).toBeNull();
  });

  it('getOrder throws, never answers null, when the lookup failed (5xx, or refused locally during a 429)', async () => {
    // Phantom recovery may call an order NOT_FOUND only on the venue's -2013, so a failure must
    // never look like one.
    server.setHandler(() => ({ status: 503, body: { code: -1001, msg: 'Internal error' } }));
    const c = client();
    expect(await rejectionOf(c.getOrder({ symbol: 'BTCUSDT', clientOrderId: 'x' }))).toBeInstanceOf(
      ExchangeRetryable,
    );
    server.setHandler(() => ({
      status: 429,
      headers: { 'Retry-After': '30' },
      body: { code: -1003, msg: 'x' },
    }));
    await rejectionOf(c.account());
    const sent = server.requests.length;
    expect(await rejectionOf(c.getOrder({ symbol: 'BTCUSDT', clientOrderId: 'x' }))).toBeInstanceOf(
      ExchangeRetryable,
    );
    expect(server.requests.length).toBe(sent);
  });

  it('-1021 resyncs the clock and resends once with a fresh timestamp', async () => {
    let orderCalls = 0;
    server.setHandler((r) => {
      if (r.path === '/api/v3/time') return { body: { serverTime: Date.now() + SERVER_SKEW } };
      orderCalls++;
      return orderCalls === 1
        ? {
            status: 400,
            body: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' },
          }
        : { body: orderFullJson };
    });
    const c = client();
    const placed = await c.placeOrder(limitBuy);
    expect(placed.orderId).toBe('28');
    expect(orderCalls).toBe(2);
    expect(c.timeSync.lastSyncAt).not.toBeNull();
    expect(Math.abs(c.timeSync.offsetMs - SERVER_SKEW)).toBeLessThan(200);
  });

  it('a second -1021 in a row is retryable after resync, not retried again', async () => {
    server.setHandler((r) =>
      r.path === '/api/v3/time'
        ? { body: { serverTime: Date.now() } }
        : {
            status: 400,
            body: { code: -1021, msg: 'Timestamp for this request was 1000ms ahead of the server time.' },
          },
    );
    const e = await rejectionOf(client().account());
    expect(e).toBeInstanceOf(ExchangeRetryable);
    expect((e as ExchangeRetryable).retry).toBe('after-resync');
    expect(server.requests.filter((r) => r.path === '/api/v3/account')).toHaveLength(2);
  });

  it('429 with Retry-After: the caller gets the wait, and nothing more is sent until it passes', async () => {
    server.setHandler(() => ({
      status: 429,
      headers: { 'Retry-After': '30' },
      body: { code: -1003, msg: 'Too much request weight used' },
    }));
    const c = client();
    const e = await rejectionOf(c.account());
    expect(e).toBeInstanceOf(ExchangeRetryable);
    expect((e as ExchangeRetryable).retryAfterMs).toBe(30_000);
    expect(c.rateLimiter.snapshot().rate_limited).toBe(true);
    const sent = server.requests.length;
    expect(await rejectionOf(c.bookTicker('BTCUSDT'))).toBeInstanceOf(ExchangeRetryable);
    expect(server.requests.length).toBe(sent);
  });

  it('418: silence towards the host until the ban ends, even for orders', async () => {
    server.setHandler(() => ({
      status: 418,
      headers: { 'Retry-After': '600' },
      body: { code: -1003, msg: 'IP banned' },
    }));
    const c = client();
    await rejectionOf(c.account());
    server.setHandler(docRoutes);
    const e = await rejectionOf(c.placeOrder(limitBuy));
    expect(e).toBeInstanceOf(ExchangeRetryable);
    expect((e as ExchangeRetryable).httpStatus).toBe(418);
    expect(server.requests).toHaveLength(1);
    expect(c.rateLimiter.snapshot().banned_until).toBeGreaterThan(Date.now() + 590_000);
  });

  it('a timed-out order is UNKNOWN; a timed-out read is retryable', async () => {
    server.setHandler(() => 'hang');
    const c = client({ timeoutMs: 150 });
    expect(await rejectionOf(c.placeOrder(limitBuy))).toBeInstanceOf(UnknownExecutionStatus);
    expect(await rejectionOf(c.account())).toBeInstanceOf(ExchangeRetryable);
  });

  it('5xx on an order is UNKNOWN, never rejected', async () => {
    server.setHandler(() => ({
      status: 503,
      body: { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' },
    }));
    expect(await rejectionOf(client().placeOrder(limitBuy))).toBeInstanceOf(UnknownExecutionStatus);
  });

  it('a connection dropped mid-order is UNKNOWN', async () => {
    server.setHandler(() => 'destroy');
    expect(await rejectionOf(client().cancelOrder({ symbol: 'BTCUSDT', orderId: '1' }))).toBeInstanceOf(
      UnknownExecutionStatus,
    );
  });

  it('connection refused: nothing was sent, so the order is retryable', async () => {
    await server.close();
    const e = await rejectionOf(client().placeOrder(limitBuy));
    expect(e).toBeInstanceOf(ExchangeRetryable);
  });

  it('a 200 with an unreadable order body is UNKNOWN (the order exists, we cannot read it)', async () => {
    server.setHandler(() => ({ body: { symbol: 'BTCUSDT', orderId: 'not-a-number' } }));
    expect(await rejectionOf(client().placeOrder(limitBuy))).toBeInstanceOf(UnknownExecutionStatus);
  });

  it('-2010 insufficient balance is rejected and logged with status, code and message only', async () => {
    server.setHandler(() => ({
      status: 400,
      body: { code: -2010, msg: 'Account has insufficient balance for requested action.' },
    }));
    const e = await rejectionOf(client().placeOrder(limitBuy));
    expect(e).toBeInstanceOf(ExchangeRejected);
    expect(logs.at(-1)!.obj).toEqual({
      endpoint: 'POST /api/v3/order',
      http_status: 400,
      code: -2010,
      msg: 'Account has insufficient balance for requested action.',
      family: 'rejected',
    });
  });

  it('no log line ever contains the key, the secret, a signature or a signed URL', async () => {
    const replies: ScriptedReply[] = [
      { status: 400, body: { code: -1022, msg: 'Signature for this request is not valid.' } },
      { status: 503, body: {} },
      'destroy',
      { status: 429, headers: { 'Retry-After': '1' }, body: { code: -1003, msg: 'x' } },
    ];
    const c = client();
    for (const reply of replies) {
      server.setHandler(() => reply);
      await rejectionOf(c.placeOrder(limitBuy));
    }
    const text = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThanOrEqual(4);
    for (const secret of [API_KEY, SECRET, 'signature=', 'timestamp=', baseUrl])
      expect(text).not.toContain(secret);
  });
});

describe('host safety', () => {
  it('a client whose venue kind does not match its host cannot be built', () => {
    const live: Venue = {
      kind: 'live',
      restUrl: baseUrl,
      wsApiUrl: 'wss://ws-api.binance.com/ws-api/v3',
      streamUrl: 'wss://stream.binance.com',
    };
    expect(() => client({ venue: live })).toThrow(VenueHostNotAllowed);
    const testnetToLive: Venue = {
      kind: 'testnet',
      restUrl: 'https://api.binance.com',
      wsApiUrl: 'wss://ws-api.testnet.binance.vision/ws-api/v3',
      streamUrl: 'wss://stream.testnet.binance.vision',
    };
    expect(() => client({ venue: testnetToLive })).toThrow(VenueHostNotAllowed);
  });
});

describe('rate-limit pacing', () => {
  it('above the delay threshold the request waits for the window to roll before it is sent', async () => {
    const sleeps: number[] = [];
    server.setHandler((r) => ({
      body: ROUTES[`${r.method} ${r.path}`] ?? {},
      headers: { 'X-MBX-USED-WEIGHT-1M': '5500' },
    }));
    // A fixed clock 40 s into a minute: the window cannot roll between response and next request.
    const c = client({ sleep: async (ms) => void sleeps.push(ms), now: () => 1_700_000_020_000 });
    await c.exchangeInfo();
    await c.bookTicker('LTCBTC');
    expect(sleeps).toEqual([20_000]);
    expect(c.rateLimiter.snapshot().delayed_requests).toBe(1);
  });
});
