import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from './start-server';
import { rest, signWsParams, TestSocket } from '../testing/sim-client';

let sim: SimServer;
let apiKey: string;
let apiSecret: string;

beforeAll(async () => {
  sim = await startSimServer({ historyCandles: 10, feed: { kind: 'synthetic', tickMs: 100 } });
  ({ apiKey, apiSecret } = sim.createAccount());
});
afterEach(() => sim.faults.clear());
afterAll(() => sim.close());

const order = (clientId: string, signal?: AbortSignal) =>
  rest(sim.restUrl, '/api/v3/order', {
    method: 'POST',
    apiKey,
    secret: apiSecret,
    signal,
    params: {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.001',
      price: '30000.00',
      newClientOrderId: clientId,
    },
  });
const lookup = (clientId: string) =>
  rest(sim.restUrl, '/api/v3/order', {
    apiKey,
    secret: apiSecret,
    params: { symbol: 'BTCUSDT', origClientOrderId: clientId },
  });

describe('fault injection', () => {
  it('latencyMs delays REST and WebSocket API answers', async () => {
    sim.faults.set({ latencyMs: 150 });
    let t = Date.now();
    await rest(sim.restUrl, '/api/v3/ping');
    expect(Date.now() - t).toBeGreaterThanOrEqual(145);
    const ws = await TestSocket.open(sim.wsApiUrl);
    t = Date.now();
    await ws.request(1, 'ping');
    expect(Date.now() - t).toBeGreaterThanOrEqual(145);
    ws.close();
  });

  it('dropStreams closes market stream and WebSocket API sockets at once', async () => {
    const market = await TestSocket.open(`${sim.streamUrl}/ws/btcusdt@trade`);
    const api = await TestSocket.open(sim.wsApiUrl);
    sim.faults.set({ dropStreams: true });
    await Promise.all([market.closed, api.closed]);
    expect(sim.faults.get().latencyMs).toBe(0);
  });

  it('timeoutNextOrders places the order but never answers: a phantom order', async () => {
    sim.faults.set({ timeoutNextOrders: 1, timeoutHoldMs: 5000 });
    await expect(order('phantom-1', AbortSignal.timeout(300))).rejects.toThrow();
    expect((await lookup('phantom-1')).body).toMatchObject({ clientOrderId: 'phantom-1', status: 'NEW' });
    expect((await order('after-phantom')).status).toBe(200);
    expect(sim.faults.get().timeoutNextOrders).toBe(0);
  });

  it('timeoutNextOrders on the WebSocket API: no answer, but the executionReport still arrives', async () => {
    const ws = await TestSocket.open(sim.wsApiUrl);
    await ws.request(
      's',
      'userDataStream.subscribe.signature',
      signWsParams(apiSecret, { apiKey, timestamp: Date.now() }),
    );
    sim.faults.set({ timeoutNextOrders: 1 });
    ws.send({
      id: 'lost',
      method: 'order.place',
      params: signWsParams(apiSecret, {
        apiKey,
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.001',
        price: '30000.00',
        newClientOrderId: 'ws-phantom',
        timestamp: Date.now(),
      }),
    });
    expect(await ws.next((m) => (m.event as { c?: string } | undefined)?.c === 'ws-phantom')).toMatchObject({
      event: { x: 'NEW' },
    });
    await expect(ws.next((m) => m.id === 'lost', 300)).rejects.toThrow(/no matching message/);
    ws.close();
  });

  it('unknownStatusNext answers 503 / -1007 after placing the order (or without placing it)', async () => {
    sim.faults.set({ unknownStatusNext: 1 });
    const placed = await order('unknown-1');
    expect(placed.status).toBe(503);
    expect(placed.body).toEqual({
      code: -1007,
      msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
    });
    expect((await lookup('unknown-1')).body).toMatchObject({ status: 'NEW' });

    sim.faults.set({ unknownStatusNext: 1, placeBeforeUnknown: false });
    expect((await order('unknown-2')).status).toBe(503);
    expect((await lookup('unknown-2')).body).toEqual({ code: -2013, msg: 'Order does not exist.' });
  });

  it('clockSkewMs shifts server time: stale clients get -1021 until they resync', async () => {
    sim.faults.set({ clockSkewMs: 10_000 });
    expect((await rest(sim.restUrl, '/api/v3/account', { apiKey, secret: apiSecret })).body).toMatchObject({
      code: -1021,
    });
    const { body } = await rest<{ serverTime: number }>(sim.restUrl, '/api/v3/time');
    expect(body.serverTime - Date.now()).toBeGreaterThan(9000);
    const resynced = await rest(sim.restUrl, '/api/v3/account', {
      apiKey,
      secret: apiSecret,
      timestamp: body.serverTime,
    });
    expect(resynced.status).toBe(200);
  });

  it('forceError answers the next `count` requests with the given error, then recovers', async () => {
    sim.faults.set({
      forceError: {
        code: -1001,
        msg: 'Internal error; unable to process your request. Please try again.',
        httpStatus: 500,
        count: 2,
      },
    });
    for (let i = 0; i < 2; i++) {
      const r = await rest(sim.restUrl, '/api/v3/ping');
      expect(r.status).toBe(500);
      expect(r.body).toEqual({
        code: -1001,
        msg: 'Internal error; unable to process your request. Please try again.',
      });
    }
    expect((await rest(sim.restUrl, '/api/v3/ping')).status).toBe(200);
  });

  it('stallUserStream loses user events while the socket stays open, and ends with the stall', async () => {
    const ws = await TestSocket.open(sim.wsApiUrl);
    await ws.request(
      's',
      'userDataStream.subscribe.signature',
      signWsParams(apiSecret, { apiKey, timestamp: Date.now() }),
    );
    const reportOf = (cid: string) => (m: Record<string, unknown>) =>
      (m.event as { c?: string } | undefined)?.c === cid;
    sim.faults.set({ stallUserStream: true });
    expect((await order('stalled-1')).status).toBe(200);
    await expect(ws.next(reportOf('stalled-1'), 600)).rejects.toThrow(/no matching message/);
    // Connected all along: the socket still answers requests.
    expect(await ws.request('p', 'ping')).toMatchObject({ status: 200 });
    sim.faults.set({ stallUserStream: false });
    expect((await order('after-stall')).status).toBe(200);
    expect(await ws.next(reportOf('after-stall'))).toMatchObject({ event: { x: 'NEW' } });
    // The stalled event is gone for good, not delivered late.
    expect(ws.messages.some(reportOf('stalled-1'))).toBe(false);
    ws.close();
  });

  it('failOrderLookups answers order lookups 503 / -1008 while on; placements still work', async () => {
    expect((await order('lookup-1')).status).toBe(200);
    sim.faults.set({ failOrderLookups: true });
    expect(await lookup('lookup-1')).toMatchObject({ status: 503, body: { code: -1008 } });
    expect((await order('lookup-2')).status).toBe(200);
    sim.faults.set({ failOrderLookups: false });
    expect(await lookup('lookup-2')).toMatchObject({ status: 200, body: { clientOrderId: 'lookup-2' } });
  });

  it('rateLimitNext 429 answers -1003 with Retry-After, then the venue answers again', async () => {
    sim.faults.set({ rateLimitNext: { status: 429, retryAfterS: 7 } });
    const limited = await rest(sim.restUrl, '/api/v3/time');
    expect(limited).toMatchObject({ status: 429, body: { code: -1003 } });
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await rest(sim.restUrl, '/api/v3/time')).status).toBe(200);
  });

  it('rateLimitNext 418 bans the IP for retryAfterS: every request refused until then', async () => {
    sim.faults.set({ rateLimitNext: { status: 418, retryAfterS: 1 } });
    const banned = await rest(sim.restUrl, '/api/v3/time');
    expect(banned).toMatchObject({ status: 418, body: { code: -1003 } });
    expect(Number(banned.headers.get('retry-after'))).toBe(1);
    // The fault was counted once, the ban holds on its own.
    expect(sim.faults.get().rateLimitNext).toBeNull();
    expect((await rest(sim.restUrl, '/api/v3/time')).status).toBe(418);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await rest(sim.restUrl, '/api/v3/time')).status).toBe(200);
  });

  it('wafBlockNext answers 403 with an HTML page, not a Binance error body', async () => {
    sim.faults.set({ wafBlockNext: 1 });
    const res = await fetch(`${sim.restUrl}/api/v3/time`);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/403 Forbidden/);
    expect((await rest(sim.restUrl, '/api/v3/time')).status).toBe(200);
  });

  it('marketStreamsDown closes market-stream sockets and refuses new ones until it is lifted', async () => {
    const market = await TestSocket.open(`${sim.streamUrl}/ws/btcusdt@trade`);
    const api = await TestSocket.open(sim.wsApiUrl);
    sim.faults.set({ marketStreamsDown: true });
    await market.closed;
    await expect(TestSocket.open(`${sim.streamUrl}/ws/btcusdt@trade`)).rejects.toThrow(/503/);
    // The WebSocket API (orders, the user stream) stays up.
    expect(await api.request('p', 'ping')).toMatchObject({ status: 200 });
    sim.faults.set({ marketStreamsDown: false });
    const again = await TestSocket.open(`${sim.streamUrl}/ws/btcusdt@trade`);
    again.close();
    api.close();
  });

  it('the admin API reads, sets, validates and clears faults', async () => {
    const post = (body: unknown) =>
      fetch(`${sim.adminUrl}/faults`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'Content-Type': 'application/json' },
      });
    const set = await post({ latencyMs: 5, forceError: { code: -1003, msg: 'Too many requests queued.' } });
    expect(await set.json()).toMatchObject({
      latencyMs: 5,
      forceError: { code: -1003, httpStatus: 400, count: 1 },
    });
    expect(await (await fetch(`${sim.adminUrl}/faults`)).json()).toMatchObject({ latencyMs: 5 });
    const bad = await post({ latencyMs: -1 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: expect.stringContaining('latencyMs') });
    expect((await post({ nonsense: 1 })).status).toBe(400);
    expect(await (await fetch(`${sim.adminUrl}/faults`, { method: 'DELETE' })).json()).toMatchObject({
      latencyMs: 0,
      forceError: null,
    });
  });
});
