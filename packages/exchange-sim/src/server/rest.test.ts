import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from './start-server';
import { fixture, shapeDiff } from '../testing/json-shape';
import { awayFromMinuteBoundary, rest, sign } from '../testing/sim-client';

let sim: SimServer;
let apiKey: string;
let apiSecret: string;

beforeAll(async () => {
  sim = await startSimServer({ historyCandles: 60, feed: { kind: 'synthetic', tickMs: 60_000 } });
  ({ apiKey, apiSecret } = sim.createAccount());
});
afterAll(() => sim.close());

const signed = (path: string, params: Record<string, string> = {}, method = 'GET') =>
  rest(sim.restUrl, path, { method, params, apiKey, secret: apiSecret });

describe('REST authentication', () => {
  it('accepts a correctly signed request', async () => {
    const r = await signed('/api/v3/account');
    expect(r.status).toBe(200);
    expect((r.body as { balances: unknown[] }).balances.length).toBeGreaterThan(0);
  });

  it('rejects a wrong signature with -1022', async () => {
    const r = await rest(sim.restUrl, '/api/v3/account', { apiKey, secret: 'x'.repeat(64) });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ code: -1022, msg: 'Signature for this request is not valid.' });
  });

  it('rejects a missing or malformed key with -2014 and an unknown key with -2015', async () => {
    expect((await rest(sim.restUrl, '/api/v3/account', { secret: apiSecret })).body).toEqual({
      code: -2014,
      msg: 'API-key format invalid.',
    });
    expect(
      (await rest(sim.restUrl, '/api/v3/account', { secret: apiSecret, apiKey: 'short' })).body,
    ).toMatchObject({ code: -2014 });
    const r = await rest(sim.restUrl, '/api/v3/account', { secret: apiSecret, apiKey: 'A'.repeat(64) });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' });
  });

  it('enforces the timestamp window with -1021, including the 1 s-ahead rule', async () => {
    const old = await rest(sim.restUrl, '/api/v3/account', {
      apiKey,
      secret: apiSecret,
      timestamp: Date.now() - 6000,
    });
    expect(old.body).toEqual({
      code: -1021,
      msg: 'Timestamp for this request is outside of the recvWindow.',
    });
    const ahead = await rest(sim.restUrl, '/api/v3/account', {
      apiKey,
      secret: apiSecret,
      timestamp: Date.now() + 1500,
    });
    expect(ahead.body).toEqual({
      code: -1021,
      msg: "Timestamp for this request was 1000ms ahead of the server's time.",
    });
    const wide = await rest(sim.restUrl, '/api/v3/account', {
      apiKey,
      secret: apiSecret,
      timestamp: Date.now() - 6000,
      params: { recvWindow: '10000' },
    });
    expect(wide.status).toBe(200);
  });

  it('requires timestamp and signature on SIGNED endpoints (-1102)', async () => {
    const r = await rest(sim.restUrl, '/api/v3/account', { apiKey });
    expect(r.body).toEqual({
      code: -1102,
      msg: "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.",
    });
    const noSig = await rest(sim.restUrl, '/api/v3/account', {
      apiKey,
      params: { timestamp: String(Date.now()) },
    });
    expect(noSig.body).toMatchObject({ code: -1102, msg: expect.stringContaining("'signature'") });
  });

  it('signs query string and form body together, query string winning on duplicates', async () => {
    const ts = Date.now();
    const query = `symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC`;
    const body = `quantity=0.001&price=30000.00&timestamp=${ts}`;
    const signature = sign(apiSecret, query + body);
    const res = await fetch(`${sim.restUrl}/api/v3/order?${query}`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': apiKey, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `${body}&signature=${signature}`,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ symbol: 'BTCUSDT', price: '30000.00000000', status: 'NEW' });
  });

  it('refuses parameters an endpoint does not read (-1104) and repeated ones (-1101)', async () => {
    const r = await signed('/api/v3/account', { foo: 'bar' });
    expect(r.body).toEqual({
      code: -1104,
      msg: "Not all sent parameters were read; read '2' parameter(s) but was sent '3'.",
    });
    const dup = await fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&symbol=ETHUSDT`);
    expect(await dup.json()).toEqual({ code: -1101, msg: 'Duplicate values for a parameter detected.' });
  });

  it('answers -1121 for an unknown symbol and 404 for an unknown endpoint', async () => {
    expect((await rest(sim.restUrl, '/api/v3/depth', { params: { symbol: 'NOPEUSDT' } })).body).toEqual({
      code: -1121,
      msg: 'Invalid symbol.',
    });
    expect((await rest(sim.restUrl, '/api/v3/nothing')).status).toBe(404);
  });
});

describe('REST weights and headers', () => {
  it('reports X-MBX-USED-WEIGHT-1M on every response, growing by each endpoint weight', async () => {
    await awayFromMinuteBoundary();
    const weight = async (path: string, params?: Record<string, string>) =>
      Number((await rest(sim.restUrl, path, { params })).headers.get('x-mbx-used-weight-1m'));
    const before = await weight('/api/v3/ping');
    expect(await weight('/api/v3/exchangeInfo')).toBe(before + 20);
    expect(await weight('/api/v3/depth', { symbol: 'BTCUSDT', limit: '500' })).toBe(before + 45);
    expect(await weight('/api/v3/klines', { symbol: 'BTCUSDT', interval: '1m' })).toBe(before + 47);
  });

  it('sends order counts on placement; a successful placement weighs 0, a rejected one 1', async () => {
    await awayFromMinuteBoundary();
    const w0 = Number((await rest(sim.restUrl, '/api/v3/ping')).headers.get('x-mbx-used-weight-1m'));
    const ok = await signed(
      '/api/v3/order',
      { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.0002' },
      'POST',
    );
    expect(ok.status).toBe(200);
    expect(Number(ok.headers.get('x-mbx-used-weight-1m'))).toBe(w0);
    expect(Number(ok.headers.get('x-mbx-order-count-10s'))).toBeGreaterThanOrEqual(1);
    expect(Number(ok.headers.get('x-mbx-order-count-1d'))).toBeGreaterThanOrEqual(1);
    const bad = await signed(
      '/api/v3/order',
      { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.00001' },
      'POST',
    );
    expect(bad.body).toEqual({ code: -1013, msg: 'Filter failure: NOTIONAL' });
    expect(Number(bad.headers.get('x-mbx-used-weight-1m'))).toBe(w0 + 1);
  });
});

describe('REST payloads match Binance examples field by field', () => {
  it('order placement ACK / RESULT / FULL, query, cancel', async () => {
    const place = (respType: string, extra: Record<string, string> = {}) =>
      signed(
        '/api/v3/order',
        {
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'MARKET',
          quantity: '0.0002',
          newOrderRespType: respType,
          ...extra,
        },
        'POST',
      );
    expect(shapeDiff((await place('ACK')).body, fixture('rest-order-ack.json'))).toEqual([]);
    expect(shapeDiff((await place('RESULT')).body, fixture('rest-order-result.json'))).toEqual([]);
    const full = await place('FULL');
    expect(shapeDiff(full.body, fixture('rest-order-full.json'))).toEqual([]);
    const orderId = String((full.body as { orderId: number }).orderId);
    expect(
      shapeDiff(
        (await signed('/api/v3/order', { symbol: 'BTCUSDT', orderId })).body,
        fixture('rest-query-order.json'),
      ),
    ).toEqual([]);
    const resting = await signed(
      '/api/v3/order',
      {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.001',
        price: '30000.00',
      },
      'POST',
    );
    const id = String((resting.body as { orderId: number }).orderId);
    const cancel = await signed('/api/v3/order', { symbol: 'BTCUSDT', orderId: id }, 'DELETE');
    expect(shapeDiff(cancel.body, fixture('rest-cancel-order.json'))).toEqual([]);
    expect((await signed('/api/v3/openOrders', { symbol: 'BTCUSDT' })).body).toBeInstanceOf(Array);
  });

  it('account, myTrades and the order rate limit', async () => {
    expect(shapeDiff((await signed('/api/v3/account')).body, fixture('rest-account.json'))).toEqual([]);
    expect(
      shapeDiff(
        (await signed('/api/v3/myTrades', { symbol: 'BTCUSDT' })).body,
        fixture('rest-my-trades.json'),
      ),
    ).toEqual([]);
    expect(
      shapeDiff((await signed('/api/v3/rateLimit/order')).body, fixture('rest-rate-limit-order.json')),
    ).toEqual([]);
  });

  it('market data: time, depth, trades, klines, avgPrice, tickers, exchangeInfo', async () => {
    const get = async (path: string, params?: Record<string, string>): Promise<unknown> =>
      (await rest(sim.restUrl, path, { params })).body;
    expect(shapeDiff(await get('/api/v3/time'), fixture('rest-time.json'))).toEqual([]);
    expect(
      shapeDiff(await get('/api/v3/depth', { symbol: 'BTCUSDT', limit: '5' }), fixture('rest-depth.json')),
    ).toEqual([]);
    expect(
      shapeDiff(await get('/api/v3/trades', { symbol: 'BTCUSDT', limit: '3' }), fixture('rest-trades.json')),
    ).toEqual([]);
    const klines = (await get('/api/v3/klines', {
      symbol: 'BTCUSDT',
      interval: '1m',
      limit: '3',
    })) as unknown[];
    expect(klines).toHaveLength(3);
    expect(shapeDiff(klines, fixture('rest-klines.json'))).toEqual([]);
    expect(
      shapeDiff(await get('/api/v3/avgPrice', { symbol: 'BTCUSDT' }), fixture('rest-avg-price.json')),
    ).toEqual([]);
    expect(
      shapeDiff(
        await get('/api/v3/ticker/bookTicker', { symbol: 'BTCUSDT' }),
        fixture('rest-book-ticker.json'),
      ),
    ).toEqual([]);
    expect(
      shapeDiff(await get('/api/v3/ticker/price', { symbol: 'BTCUSDT' }), fixture('rest-ticker-price.json')),
    ).toEqual([]);
    const all = (await get('/api/v3/ticker/price')) as { symbol: string }[];
    expect(all.map((t) => t.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'BNBUSDT']);
    const two = (await get('/api/v3/ticker/bookTicker', { symbols: '["ETHUSDT","BNBUSDT"]' })) as {
      symbol: string;
    }[];
    expect(two.map((t) => t.symbol)).toEqual(['ETHUSDT', 'BNBUSDT']);
    const info = (await get('/api/v3/exchangeInfo', { symbol: 'BTCUSDT' })) as {
      symbols: { filters: { filterType: string }[] }[];
    };
    // The documented rateLimits entry is a placeholder ({}); enums.md gives the entry's fields.
    const rateLimitFields = ['rateLimitType', 'interval', 'intervalNum', 'limit'];
    expect(
      shapeDiff(info, fixture('rest-exchange-info.json'), { optional: ['sors'], extra: rateLimitFields }),
    ).toEqual([]);
    expect(Object.keys((info as unknown as { rateLimits: object[] }).rateLimits[0]!)).toEqual(
      rateLimitFields,
    );
    const documented = fixture<Record<string, unknown>>('exchange-info-filters.json');
    for (const f of info.symbols[0]!.filters) {
      expect(shapeDiff(f, documented[f.filterType]), f.filterType).toEqual([]);
    }
  });

  it('klines returns exactly the requested window of history', async () => {
    const rows = (
      await rest<unknown[][]>(sim.restUrl, '/api/v3/klines', {
        params: { symbol: 'ETHUSDT', interval: '1m', limit: '1000' },
      })
    ).body;
    // 60 candles of history + the open one, plus one more if a minute closed since start-up.
    expect([61, 62]).toContain(rows.length);
    for (let i = 1; i < rows.length; i++)
      expect((rows[i]![0] as number) - (rows[i - 1]![0] as number)).toBe(60_000);
    const fiveMin = (
      await rest<unknown[][]>(sim.restUrl, '/api/v3/klines', {
        params: { symbol: 'ETHUSDT', interval: '5m', limit: '2' },
      })
    ).body;
    expect((fiveMin[1]![0] as number) % 300_000).toBe(0);
    expect(
      (await rest(sim.restUrl, '/api/v3/klines', { params: { symbol: 'ETHUSDT', interval: '7m' } })).body,
    ).toEqual({
      code: -1120,
      msg: 'Invalid interval.',
    });
  });
});

describe('listenKey endpoints', () => {
  it('creates, keeps alive and deletes a listenKey with the API key header only', async () => {
    const created = await rest<{ listenKey: string }>(sim.restUrl, '/api/v3/userDataStream', {
      method: 'POST',
      apiKey,
    });
    expect(created.body.listenKey).toMatch(/^[A-Za-z0-9]{60}$/);
    const again = await rest<{ listenKey: string }>(sim.restUrl, '/api/v3/userDataStream', {
      method: 'POST',
      apiKey,
    });
    expect(again.body.listenKey).toBe(created.body.listenKey);
    const put = await rest(sim.restUrl, '/api/v3/userDataStream', {
      method: 'PUT',
      apiKey,
      params: { listenKey: created.body.listenKey },
    });
    expect(put.body).toEqual({});
    await rest(sim.restUrl, '/api/v3/userDataStream', {
      method: 'DELETE',
      apiKey,
      params: { listenKey: created.body.listenKey },
    });
    const gone = await rest(sim.restUrl, '/api/v3/userDataStream', {
      method: 'PUT',
      apiKey,
      params: { listenKey: created.body.listenKey },
    });
    expect(gone.body).toEqual({ code: -1125, msg: 'This listenKey does not exist.' });
  });
});
