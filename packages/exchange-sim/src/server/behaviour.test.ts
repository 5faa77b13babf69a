import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from './start-server';
import { rest, signWsParams, TestSocket } from '../testing/sim-client';

let sim: SimServer;
let apiKey: string;
let apiSecret: string;
let ws: TestSocket;

// A slow feed: prices move only when a test moves them, so events come from the tests' orders.
beforeAll(async () => {
  sim = await startSimServer({ historyCandles: 10, seed: 7, feed: { kind: 'synthetic', tickMs: 60_000 } });
  ({ apiKey, apiSecret } = sim.createAccount({ USDT: '100000', BTC: '1', ETH: '10' }));
  ws = await TestSocket.open(sim.wsApiUrl);
  await ws.request(
    'sub',
    'userDataStream.subscribe.signature',
    signWsParams(apiSecret, { apiKey, timestamp: Date.now() }),
  );
});
afterEach(() => {
  sim.behaviour.clear();
  ws.messages.length = 0;
});
afterAll(async () => {
  ws.close();
  await sim.close();
});

type Report = { e: string; x?: string; X?: string; c?: string; i?: number; s?: string };
const reportsOf = (clientId: string): Report[] =>
  ws.messages.map((m) => m.event as Report).filter((e) => e?.e === 'executionReport' && e.c === clientId);

const marketBuy = (clientId: string, symbol = 'BTCUSDT') =>
  rest<{ orderId: number; status: string; code?: number }>(sim.restUrl, '/api/v3/order', {
    method: 'POST',
    apiKey,
    secret: apiSecret,
    params: { symbol, side: 'BUY', type: 'MARKET', quoteOrderQty: '20', newClientOrderId: clientId },
  });
const restingBuy = (clientId: string, symbol = 'BTCUSDT') =>
  rest<{ orderId: number; status: string }>(sim.restUrl, '/api/v3/order', {
    method: 'POST',
    apiKey,
    secret: apiSecret,
    params: {
      symbol,
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: symbol === 'BTCUSDT' ? '30000.00' : '1000.00',
      newClientOrderId: clientId,
    },
  });
const lookup = (clientId: string, symbol = 'BTCUSDT') =>
  rest<{ code?: number; msg?: string; clientOrderId?: string }>(sim.restUrl, '/api/v3/order', {
    apiKey,
    secret: apiSecret,
    params: { symbol, origClientOrderId: clientId },
  });
const allOrders = (symbol = 'BTCUSDT') =>
  rest<{ clientOrderId: string }[]>(sim.restUrl, '/api/v3/allOrders', {
    apiKey,
    secret: apiSecret,
    params: { symbol },
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until a report of `clientId` with status `X` is in `ws.messages` (without consuming it). */
async function untilReport(clientId: string, pred: (e: Report) => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!reportsOf(clientId).some(pred)) {
    if (Date.now() > end) throw new Error(`no such report of ${clientId} within ${timeoutMs} ms`);
    await sleep(5);
  }
}

/** Places MARKET orders one by one and counts how often the REST answer beat the stream report. */
async function raceMarketOrders(
  prefix: string,
  n: number,
): Promise<{ restFirst: number; streamFirst: number }> {
  let restFirst = 0;
  let streamFirst = 0;
  for (let k = 0; k < n; k++) {
    const id = `${prefix}-${k}`;
    const answer = await marketBuy(id);
    expect(answer.body.status).toBe('FILLED');
    if (reportsOf(id).length === 0) restFirst++;
    else streamFirst++;
    await ws.next((m) => (m.event as Report | undefined)?.c === id && (m.event as Report).X === 'FILLED');
  }
  return { restFirst, streamFirst };
}

describe('realistic behaviour', () => {
  it('polite (default): every executionReport of a MARKET order is on the wire before its REST answer', async () => {
    const { restFirst, streamFirst } = await raceMarketOrders('polite', 5);
    expect({ restFirst, streamFirst }).toEqual({ restFirst: 0, streamFirst: 5 });
  });

  it('realistic profile: the REST answer of a MARKET order usually arrives before its stream report', async () => {
    sim.behaviour.set({ profile: 'realistic' });
    const { restFirst } = await raceMarketOrders('real', 12);
    // Stream 50–400 ms behind, answers 0–150 ms: REST wins about nine races in ten.
    expect(restFirst).toBeGreaterThanOrEqual(8);
  });

  it('answerDelayMs holds the answer behind the stream: the report arrives first', async () => {
    sim.behaviour.set({ answerDelayMs: 150 });
    const t = Date.now();
    const { streamFirst } = await raceMarketOrders('late-answer', 3);
    expect(streamFirst).toBe(3);
    expect(Date.now() - t).toBeGreaterThanOrEqual(3 * 145);
  });

  it('delayed user data keeps the engine order of events per account (no reorder unless enabled)', async () => {
    sim.behaviour.set({ userDataDelayMs: 5, userDataJitterMs: 200 });
    const engineOrder: string[] = [];
    const detach = sim.exchange.onUserEvent((e) => {
      if (e.event.e === 'executionReport') engineOrder.push(`${String(e.event.c)}:${String(e.event.x)}`);
    });
    for (let k = 0; k < 6; k++) await marketBuy(`seq-${k}`);
    detach();
    await untilReport('seq-5', (e) => e.X === 'FILLED');
    const delivered = ws.messages
      .map((m) => m.event as Report)
      .filter((e) => e?.e === 'executionReport')
      .map((e) => `${e.c}:${e.x}`);
    expect(delivered).toEqual(engineOrder);
  });

  it('duplicateUserEvents: 1 delivers every user-data event twice', async () => {
    sim.behaviour.set({ duplicateUserEvents: 1 });
    await marketBuy('dup');
    await untilReport('dup', (e) => e.X === 'FILLED');
    await sleep(50);
    const kinds = reportsOf('dup').map((e) => e.x);
    expect(kinds.filter((x) => x === 'NEW')).toHaveLength(2);
    expect(kinds.filter((x) => x === 'TRADE').length % 2).toBe(0);
    expect(kinds[0]).toBe(kinds[1]);
  });

  it('reorderUserEvents: 1 delivers an order NEW after its first TRADE', async () => {
    sim.behaviour.set({ reorderUserEvents: 1 });
    await marketBuy('reorder');
    await untilReport('reorder', (e) => e.x === 'NEW');
    const kinds = reportsOf('reorder').map((e) => e.x);
    expect(kinds[0]).toBe('TRADE');
    expect(kinds.indexOf('NEW')).toBe(1);
  });

  it('realistic profile: a lookup right after placement answers -2013, allOrders omits it, both find it later', async () => {
    sim.behaviour.set({ profile: 'realistic' });
    const placed = await restingBuy('lagged');
    expect(placed.status).toBe(200);
    expect((await lookup('lagged')).body).toEqual({ code: -2013, msg: 'Order does not exist.' });
    expect((await allOrders()).body.map((o) => o.clientOrderId)).not.toContain('lagged');
    const status = await ws.request(
      'status',
      'order.status',
      signWsParams(apiSecret, {
        apiKey,
        symbol: 'BTCUSDT',
        origClientOrderId: 'lagged',
        timestamp: Date.now(),
      }),
    );
    expect(status).toMatchObject({ status: 400, error: { code: -2013, msg: 'Order does not exist.' } });
    // The realistic lag is at most 1500 ms.
    await sleep(1550);
    expect((await lookup('lagged')).body).toMatchObject({ clientOrderId: 'lagged', status: 'NEW' });
    expect((await allOrders()).body.map((o) => o.clientOrderId)).toContain('lagged');
  });

  it('per-symbol order ids: two symbols number their orders independently and share ids', async () => {
    const fresh = await startSimServer({ historyCandles: 5, profile: 'realistic' });
    try {
      const acct = fresh.createAccount();
      const place = (symbol: string, clientId: string) =>
        rest<{ orderId: number }>(fresh.restUrl, '/api/v3/order', {
          method: 'POST',
          apiKey: acct.apiKey,
          secret: acct.apiSecret,
          params: {
            symbol,
            side: 'BUY',
            type: 'LIMIT',
            timeInForce: 'GTC',
            quantity: '0.01',
            price: symbol === 'BTCUSDT' ? '30000.00' : '1000.00',
            newClientOrderId: clientId,
          },
        });
      const btc = await place('BTCUSDT', 'b1');
      const eth = await place('ETHUSDT', 'e1');
      const btc2 = await place('BTCUSDT', 'b2');
      expect([btc.body.orderId, eth.body.orderId, btc2.body.orderId]).toEqual([1, 1, 2]);
      fresh.behaviour.set({ queryLagMaxMs: 0, queryLagMinMs: 0 });
      const byId = (symbol: string, orderId: number) =>
        rest<{ clientOrderId: string }>(fresh.restUrl, '/api/v3/order', {
          apiKey: acct.apiKey,
          secret: acct.apiSecret,
          params: { symbol, orderId: String(orderId) },
        });
      expect((await byId('BTCUSDT', 1)).body.clientOrderId).toBe('b1');
      expect((await byId('ETHUSDT', 1)).body.clientOrderId).toBe('e1');
    } finally {
      await fresh.close();
    }
  });

  it('the admin API reads, sets (profile then overrides), validates and resets behaviour', async () => {
    const post = (body: unknown) =>
      fetch(`${sim.adminUrl}/behaviour`, { method: 'POST', body: JSON.stringify(body) });
    const set = await post({ profile: 'realistic', queryLagMaxMs: 2000 });
    expect(await set.json()).toEqual({
      profile: 'custom',
      userDataDelayMs: 50,
      userDataJitterMs: 350,
      answerDelayMs: 0,
      answerJitterMs: 150,
      duplicateUserEvents: 0.01,
      reorderUserEvents: 0.02,
      queryLagMinMs: 500,
      queryLagMaxMs: 2000,
      orderIdScope: 'per-symbol',
      listenKeyRetired: false,
    });
    expect(sim.exchange.orderIdScope).toBe('per-symbol');
    expect(await (await fetch(`${sim.adminUrl}/behaviour`)).json()).toMatchObject({ queryLagMaxMs: 2000 });
    expect((await post({ queryLagMinMs: 3000 })).status).toBe(400);
    expect((await post({ duplicateUserEvents: 2 })).status).toBe(400);
    expect((await post({ nonsense: true })).status).toBe(400);
    const reset = await (await fetch(`${sim.adminUrl}/behaviour`, { method: 'DELETE' })).json();
    expect(reset).toMatchObject({
      profile: 'polite',
      userDataDelayMs: 0,
      queryLagMaxMs: 0,
      orderIdScope: 'global',
    });
    expect(sim.exchange.orderIdScope).toBe('global');
  });
});
