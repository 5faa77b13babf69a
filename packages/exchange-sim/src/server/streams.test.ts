import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from './start-server';
import { fixture, shapeDiff } from '../testing/json-shape';
import { rest, TestSocket } from '../testing/sim-client';

let sim: SimServer;

beforeAll(async () => {
  sim = await startSimServer({ historyCandles: 20, feed: { kind: 'synthetic', tickMs: 50 } });
});
afterAll(() => sim.close());

const isStream = (name: string) => (m: Record<string, unknown>) => m.stream === name;

describe('combined market streams', () => {
  it('wrap every payload as {stream, data}, each shaped like Binance’s example', async () => {
    const names = [
      'btcusdt@kline_1m',
      'btcusdt@trade',
      'btcusdt@aggTrade',
      'btcusdt@bookTicker',
      'btcusdt@depth',
      'btcusdt@depth5',
      'btcusdt@avgPrice',
    ];
    const ws = await TestSocket.open(`${sim.streamUrl}/stream?streams=${names.join('/')}`);
    const expected: Record<string, string> = {
      'btcusdt@kline_1m': 'stream-kline.json',
      'btcusdt@trade': 'stream-trade.json',
      'btcusdt@aggTrade': 'stream-agg-trade.json',
      'btcusdt@bookTicker': 'stream-book-ticker.json',
      'btcusdt@depth': 'stream-depth-update.json',
      'btcusdt@depth5': 'stream-partial-depth.json',
      'btcusdt@avgPrice': 'stream-avg-price.json',
    };
    for (const [stream, file] of Object.entries(expected)) {
      const m = await ws.next(isStream(stream));
      expect(Object.keys(m)).toEqual(['stream', 'data']);
      expect(shapeDiff(m.data, fixture(file)), stream).toEqual([]);
    }
    ws.close();
  });

  it('raw streams at /ws/<stream> deliver the bare payload', async () => {
    const ws = await TestSocket.open(`${sim.streamUrl}/ws/ethusdt@bookTicker`);
    const m = await ws.next();
    expect(m).toMatchObject({ s: 'ETHUSDT' });
    expect(shapeDiff(m, fixture('stream-book-ticker.json'))).toEqual([]);
    ws.close();
  });

  it('supports SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS and the combined property', async () => {
    const ws = await TestSocket.open(`${sim.streamUrl}/ws`);
    ws.send({ method: 'SUBSCRIBE', params: ['bnbusdt@trade', 'bnbusdt@kline_5m'], id: 1 });
    expect(await ws.next((m) => m.id === 1)).toEqual({ result: null, id: 1 });
    expect(await ws.next((m) => m.e === 'kline')).toMatchObject({ s: 'BNBUSDT', k: { i: '5m', x: false } });
    ws.send({ method: 'LIST_SUBSCRIPTIONS', id: 2 });
    expect(await ws.next((m) => m.id === 2)).toEqual({
      result: ['bnbusdt@trade', 'bnbusdt@kline_5m'],
      id: 2,
    });
    ws.send({ method: 'SET_PROPERTY', params: ['combined', true], id: 3 });
    expect(await ws.next((m) => m.id === 3)).toEqual({ result: null, id: 3 });
    expect(await ws.next(isStream('bnbusdt@trade'))).toMatchObject({ data: { e: 'trade', s: 'BNBUSDT' } });
    ws.send({ method: 'GET_PROPERTY', params: ['combined'], id: 4 });
    expect(await ws.next((m) => m.id === 4)).toEqual({ result: true, id: 4 });
    ws.send({ method: 'UNSUBSCRIBE', params: ['bnbusdt@trade'], id: 5 });
    expect(await ws.next((m) => m.id === 5)).toEqual({ result: null, id: 5 });
    ws.send({ method: 'SUBSCRIBE', params: ['nosuch@trade'], id: 6 });
    expect(await ws.next((m) => m.id === 6)).toMatchObject({ error: { code: 2 } });
    ws.send({ method: 'FLY', id: 7 });
    expect(await ws.next((m) => m.id === 7)).toMatchObject({
      error: { code: 2, msg: expect.stringContaining('unknown variant') },
    });
    ws.close();
  });

  it('closes a connection that names an unknown stream', async () => {
    const ws = await TestSocket.open(`${sim.streamUrl}/ws/btcusdt@nonsense`);
    expect(await ws.closed).toBe(1008);
  });

  it('delivers user data on /ws/<listenKey> unwrapped, and ends it when the key is deleted', async () => {
    const { apiKey } = sim.createAccount();
    const { body } = await rest<{ listenKey: string }>(sim.restUrl, '/api/v3/userDataStream', {
      method: 'POST',
      apiKey,
    });
    const ws = await TestSocket.open(`${sim.streamUrl}/ws/${body.listenKey}`);
    sim.exchange.placeOrder(apiKey, { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.0002' });
    const accepted = await ws.next((m) => m.e === 'executionReport' && m.x === 'NEW');
    expect(
      shapeDiff({ subscriptionId: 0, event: accepted }, fixture('execution-report.json'), {
        optional: ['v'],
      }),
    ).toEqual([]);
    const trade = await ws.next((m) => m.e === 'executionReport' && m.x === 'TRADE');
    expect(trade).toMatchObject({ X: 'FILLED', s: 'BTCUSDT', N: 'BTC', t: expect.any(Number) });
    await rest(sim.restUrl, '/api/v3/userDataStream', {
      method: 'DELETE',
      apiKey,
      params: { listenKey: body.listenKey },
    });
    expect(await ws.next((m) => m.e === 'eventStreamTerminated')).toMatchObject({
      e: 'eventStreamTerminated',
    });
    ws.close();
  });
});
