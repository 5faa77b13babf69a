import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from './start-server';
import { fixture, shapeDiff } from '../testing/json-shape';
import { signWsParams, TestSocket } from '../testing/sim-client';

let sim: SimServer;
let apiKey: string;
let apiSecret: string;

beforeAll(async () => {
  sim = await startSimServer({ historyCandles: 20, feed: { kind: 'synthetic', tickMs: 60_000 } });
  ({ apiKey, apiSecret } = sim.createAccount());
});
afterAll(() => sim.close());

const logon = (ws: TestSocket, id: number | string = 'logon') =>
  ws.request(id, 'session.logon', signWsParams(apiSecret, { apiKey, timestamp: Date.now() }));

describe('WebSocket API', () => {
  it('answers ping and time with rateLimits, or without when asked', async () => {
    const ws = await TestSocket.open(sim.wsApiUrl);
    const pong = await ws.request(1, 'ping');
    expect(pong).toMatchObject({ id: 1, status: 200, result: {} });
    expect((pong.rateLimits as { rateLimitType: string; limit: number }[])[0]).toMatchObject({
      rateLimitType: 'REQUEST_WEIGHT',
      limit: 6000,
    });
    const time = await ws.request('t', 'time', { returnRateLimits: false });
    expect(Object.keys(time)).toEqual(['id', 'status', 'result']);
    expect(Math.abs((time.result as { serverTime: number }).serverTime - Date.now())).toBeLessThan(2000);
    ws.close();
  });

  it('logs on with HMAC, subscribes, and delivers executionReport events after order.place', async () => {
    const ws = await TestSocket.open(sim.wsApiUrl);
    const session = await logon(ws);
    expect(shapeDiff(session, fixture('ws-api-session-logon.json'), { extra: ['rateLimits'] })).toEqual([]);
    expect(session.result).toMatchObject({ apiKey, userDataStream: false });
    const sub = await ws.request(2, 'userDataStream.subscribe');
    expect(sub).toMatchObject({ status: 200, result: { subscriptionId: 0 } });

    const placed = await ws.request('place-3', 'order.place', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.001',
      price: '30000.00',
      newClientOrderId: 'ws-order-1',
      newOrderRespType: 'RESULT',
      timestamp: Date.now(),
    });
    expect(shapeDiff(placed, fixture('ws-api-order-place-result.json'))).toEqual([]);
    expect((placed.rateLimits as { rateLimitType: string }[]).map((r) => r.rateLimitType)).toEqual([
      'ORDERS',
      'ORDERS',
      'REQUEST_WEIGHT',
    ]);

    const report = await ws.next((m) => (m.event as { e?: string } | undefined)?.e === 'executionReport');
    expect(report.subscriptionId).toBe(0);
    expect(report.event).toMatchObject({ c: 'ws-order-1', x: 'NEW', X: 'NEW', s: 'BTCUSDT' });
    expect(shapeDiff(report, fixture('execution-report.json'), { optional: ['v'] })).toEqual([]);
    const position = await ws.next(
      (m) => (m.event as { e?: string } | undefined)?.e === 'outboundAccountPosition',
    );
    expect(shapeDiff(position, fixture('outbound-account-position.json'))).toEqual([]);

    const status = await ws.request(4, 'order.status', {
      symbol: 'BTCUSDT',
      origClientOrderId: 'ws-order-1',
      timestamp: Date.now(),
    });
    expect(status.result).toMatchObject({ clientOrderId: 'ws-order-1', status: 'NEW' });
    const open = await ws.request(5, 'openOrders.status', { symbol: 'BTCUSDT', timestamp: Date.now() });
    expect((open.result as unknown[]).length).toBe(1);
    const cancelled = await ws.request(6, 'order.cancel', {
      symbol: 'BTCUSDT',
      origClientOrderId: 'ws-order-1',
      timestamp: Date.now(),
    });
    expect(cancelled.result).toMatchObject({ origClientOrderId: 'ws-order-1', status: 'CANCELED' });
    const account = await ws.request(7, 'account.status', { timestamp: Date.now(), omitZeroBalances: true });
    expect((account.result as { balances: { asset: string }[] }).balances.map((b) => b.asset)).toEqual([
      'BNB',
      'BTC',
      'ETH',
      'USDT',
    ]);

    const unsubscribed = await ws.request(8, 'userDataStream.unsubscribe');
    expect(unsubscribed).toMatchObject({ status: 200, result: {} });
    const terminated = await ws.next(
      (m) => (m.event as { e?: string } | undefined)?.e === 'eventStreamTerminated',
    );
    expect(shapeDiff(terminated, fixture('event-stream-terminated.json'))).toEqual([]);
    ws.close();
  });

  it('subscribes by signature without logon, and refuses a second subscription for the same account', async () => {
    const ws = await TestSocket.open(sim.wsApiUrl);
    const params = () => signWsParams(apiSecret, { apiKey, timestamp: Date.now() });
    expect(await ws.request(1, 'userDataStream.subscribe.signature', params())).toMatchObject({
      status: 200,
      result: { subscriptionId: 0 },
    });
    expect(await ws.request(2, 'userDataStream.subscribe.signature', params())).toMatchObject({
      status: 400,
      error: { code: -2035, msg: 'User Data Stream subscription already active.' },
    });
    expect(await ws.request(3, 'session.subscriptions')).toMatchObject({ result: [{ subscriptionId: 0 }] });
    sim.exchange.fund(apiKey, 'USDT', '1');
    const update = await ws.next((m) => (m.event as { e?: string } | undefined)?.e === 'balanceUpdate');
    expect(shapeDiff(update, fixture('balance-update.json'))).toEqual([]);
    ws.close();
  });

  it('signs explicit requests over the sorted params and rejects bad ones', async () => {
    const ws = await TestSocket.open(sim.wsApiUrl);
    const good = await ws.request(
      1,
      'account.status',
      signWsParams(apiSecret, { apiKey, timestamp: Date.now() }),
    );
    expect(good.status).toBe(200);
    const bad = await ws.request(2, 'account.status', {
      ...signWsParams(apiSecret, { apiKey, timestamp: Date.now() }),
      recvWindow: 5000,
    });
    expect(bad).toMatchObject({ status: 400, error: { code: -1022 } });
    const anonymous = await ws.request(3, 'account.status', { timestamp: Date.now() });
    expect(anonymous.error).toEqual({
      code: -1102,
      msg: "Mandatory parameter 'apiKey' was not sent, was empty/null, or malformed.",
    });
    expect(await ws.request(4, 'userDataStream.subscribe')).toMatchObject({
      status: 401,
      error: { code: -1002 },
    });
    expect(await ws.request(5, 'no.such.method')).toMatchObject({ status: 400, error: { code: -1020 } });
    ws.send('{not json');
    expect(await ws.next((m) => m.id === null)).toMatchObject({ status: 400, error: { code: -1135 } });
    ws.close();
  });

  it('returns order rejections in the documented error envelope', async () => {
    const poor = sim.createAccount({ USDT: '10' });
    const ws = await TestSocket.open(sim.wsApiUrl);
    const r = await ws.request(
      'e1',
      'order.place',
      signWsParams(poor.apiSecret, {
        apiKey: poor.apiKey,
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.001',
        price: '30000.00',
        timestamp: Date.now(),
      }),
    );
    expect(shapeDiff(r, fixture('ws-api-error.json'))).toEqual([]);
    expect(r.error).toEqual({ code: -2010, msg: 'Account has insufficient balance for requested action.' });
    ws.close();
  });

  it('session.logout ends the logon subscription with eventStreamTerminated', async () => {
    const ws = await TestSocket.open(sim.wsApiUrl);
    await logon(ws);
    await ws.request(2, 'userDataStream.subscribe');
    const out = await ws.request(3, 'session.logout');
    expect(out.result).toMatchObject({ apiKey: null, authorizedSince: null, userDataStream: false });
    expect(
      await ws.next((m) => (m.event as { e?: string } | undefined)?.e === 'eventStreamTerminated'),
    ).toMatchObject({ subscriptionId: 0 });
    ws.close();
  });
});
