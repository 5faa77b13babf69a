import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from './start-server';
import { rest, TestSocket } from '../testing/sim-client';

let sim: SimServer;
let apiKey: string;
let apiSecret: string;

beforeAll(async () => {
  sim = await startSimServer({ historyCandles: 10, feed: { kind: 'synthetic', tickMs: 60_000 } });
  ({ apiKey, apiSecret } = sim.createAccount());
});
afterEach(() => {
  sim.behaviour.clear();
  for (const s of sim.exchange.symbols) sim.exchange.setSymbolStatus(s, 'TRADING');
});
afterAll(() => sim.close());

const admin = async (path: string, body: unknown) => {
  const r = await fetch(`${sim.adminUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const order = (method: 'POST' | 'DELETE', params: Record<string, string>) =>
  rest<Record<string, unknown>>(sim.restUrl, '/api/v3/order', { method, apiKey, secret: apiSecret, params });
const buy = (id: string) =>
  order('POST', {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.001',
    price: '30000.00',
    newClientOrderId: id,
  });
const info = (params: Record<string, string>) =>
  rest<{ symbols?: { symbol: string; status: string }[]; code?: number }>(
    sim.restUrl,
    '/api/v3/exchangeInfo',
    {
      params,
    },
  );

describe('symbol status (admin POST /sim/v1/symbol-status)', () => {
  it('CANCEL_ONLY shows in exchangeInfo, refuses new orders with -2010 "Market is closed." and lets cancels through', async () => {
    expect((await buy('before-halt')).status).toBe(200);
    expect(await admin('/symbol-status', { symbol: 'BTCUSDT', status: 'CANCEL_ONLY' })).toEqual({
      status: 200,
      body: { symbol: 'BTCUSDT', status: 'CANCEL_ONLY' },
    });
    expect((await info({ symbol: 'BTCUSDT' })).body.symbols![0]!.status).toBe('CANCEL_ONLY');
    const refused = await buy('during-halt');
    expect(refused).toMatchObject({ status: 400, body: { code: -2010, msg: 'Market is closed.' } });
    const cancelled = await order('DELETE', { symbol: 'BTCUSDT', origClientOrderId: 'before-halt' });
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'CANCELED' } });
  });

  it('exchangeInfo symbolStatus filters the list, and a single-symbol mismatch is -1220', async () => {
    await admin('/symbol-status', { symbol: 'ETHUSDT', status: 'HALT' });
    expect((await info({ symbolStatus: 'HALT' })).body.symbols!.map((s) => s.symbol)).toEqual(['ETHUSDT']);
    expect((await info({ symbolStatus: 'TRADING' })).body.symbols!.map((s) => s.symbol)).toEqual([
      'BTCUSDT',
      'BNBUSDT',
    ]);
    expect((await info({ symbol: 'BTCUSDT', symbolStatus: 'HALT' })).body).toEqual({
      code: -1220,
      msg: "The symbol's status does not match the requested symbolStatus.",
    });
  });

  it('refuses an unknown status or symbol', async () => {
    expect((await admin('/symbol-status', { symbol: 'BTCUSDT', status: 'CLOSED' })).status).toBe(400);
    expect((await admin('/symbol-status', { symbol: 'NOPEUSDT', status: 'HALT' })).status).toBe(400);
  });
});

describe('listenKey endpoints', () => {
  const listenKeyCall = (method: string, params?: Record<string, string>) =>
    rest(sim.restUrl, '/api/v3/userDataStream', { method, apiKey, params });

  it('retired (listenKeyRetired): POST/PUT/DELETE answer HTTP 410 -1016, the WS API methods too', async () => {
    sim.behaviour.set({ listenKeyRetired: true });
    const gone = { code: -1016, msg: 'This service is no longer available.' };
    expect(await listenKeyCall('POST')).toMatchObject({ status: 410, body: gone });
    expect(await listenKeyCall('PUT', { listenKey: 'x' })).toMatchObject({ status: 410, body: gone });
    expect(await listenKeyCall('DELETE', { listenKey: 'x' })).toMatchObject({ status: 410, body: gone });
    const ws = await TestSocket.open(sim.wsApiUrl);
    for (const method of ['userDataStream.start', 'userDataStream.ping', 'userDataStream.stop']) {
      expect(await ws.request(method, method, { apiKey })).toMatchObject({ status: 410, error: gone });
    }
    ws.close();
  });

  it('not retired: the WS API userDataStream.start/ping/stop serve a listenKey with the apiKey alone', async () => {
    const ws = await TestSocket.open(sim.wsApiUrl);
    const started = await ws.request(1, 'userDataStream.start', { apiKey });
    expect(started).toMatchObject({
      status: 200,
      result: { listenKey: expect.stringMatching(/^[A-Za-z0-9]{60}$/) },
    });
    const listenKey = (started.result as { listenKey: string }).listenKey;
    expect(await ws.request(2, 'userDataStream.ping', { apiKey, listenKey })).toMatchObject({
      status: 200,
      result: {},
    });
    expect(await ws.request(3, 'userDataStream.stop', { apiKey, listenKey })).toMatchObject({
      status: 200,
      result: {},
    });
    expect(await ws.request(4, 'userDataStream.ping', { apiKey, listenKey })).toMatchObject({
      status: 400,
      error: { code: -1125 },
    });
    ws.close();
  });

  it('retiring listenKeys ends the streams of keys handed out before with eventStreamTerminated', async () => {
    const { body } = await listenKeyCall('POST');
    const stream = await TestSocket.open(`${sim.streamUrl}/ws/${(body as { listenKey: string }).listenKey}`);
    const res = await fetch(`${sim.adminUrl}/behaviour`, {
      method: 'POST',
      body: JSON.stringify({ listenKeyRetired: true }),
    });
    expect(await res.json()).toMatchObject({ listenKeyRetired: true });
    expect(await stream.next((m) => m.e === 'eventStreamTerminated')).toMatchObject({
      e: 'eventStreamTerminated',
    });
    stream.close();
  });
});
