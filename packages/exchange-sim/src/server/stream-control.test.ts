import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from './start-server';
import { fixture } from '../testing/json-shape';
import { TestSocket } from '../testing/sim-client';

let sim: SimServer;

beforeAll(async () => {
  sim = await startSimServer({ historyCandles: 5, feed: { kind: 'synthetic', tickMs: 200 } });
});
afterAll(() => sim.close());

type Msg = Record<string, unknown>;

/** Sends one raw text on a fresh /ws/0 connection and returns the first answer (not a market event). */
async function answerTo(text: string): Promise<Msg> {
  const ws = await TestSocket.open(`${sim.streamUrl}/ws/0`);
  ws.ws.send(text);
  const m = await ws.next((x) => 'id' in x);
  ws.close();
  return m;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live control messages over loopback', () => {
  it('answer the docs’ request examples with the docs’ responses', async () => {
    const ex = fixture<Record<string, { request: unknown; response: unknown }>>(
      'stream-control-messages.json',
    );
    const ws = await TestSocket.open(`${sim.streamUrl}/ws/0`);
    for (const step of ['subscribe', 'unsubscribe', 'listSubscriptions', 'setProperty', 'getProperty']) {
      const { request, response } = ex[step]!;
      ws.send(request);
      expect(await ws.next((m) => m.id === (response as Msg).id), step).toEqual(response);
      await sleep(250); // stay under 5 messages a second
    }
    ws.close();
  });

  it('answer each mistake with Binance’s error code and message', async () => {
    const cases: [string, Msg][] = [
      [
        '{"method": SUBSCRIBE',
        { error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 12' }, id: null },
      ],
      [
        '{"params":[],"id":4}',
        { error: { code: 2, msg: 'Invalid request: missing field `method` at line 1 column 20' }, id: null },
      ],
      [
        '{"method":"LIST_SUBSCRIPTIONS","id":1.5}',
        { error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' }, id: null },
      ],
      [
        '{"method":"LIST_SUBSCRIPTIONS","id":"a-b"}',
        { error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' }, id: null },
      ],
      [
        '{"method":"LIST_SUBSCRIPTIONS"}',
        { error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' }, id: null },
      ],
      [
        '{"method":"SET_PROPERTY","params":["speed",true],"id":5}',
        { error: { code: 0, msg: 'Unknown property' }, id: 5 },
      ],
      [
        '{"method":"SET_PROPERTY","params":["combined",1],"id":6}',
        { error: { code: 1, msg: 'Invalid value type: expected Boolean' }, id: 6 },
      ],
      [
        '{"method":"GET_PROPERTY","params":[7],"id":7}',
        { error: { code: 2, msg: 'Invalid request: property name must be a string' }, id: 7 },
      ],
      [
        '{"method":"LIST_SUBSCRIPTIONS","params":["x"],"id":8}',
        { error: { code: 2, msg: 'Invalid request: too many parameters' }, id: 8 },
      ],
      [
        '{"method":"SUBSCRIBE","params":["btcusdt@nonsense"],"id":9}',
        { error: { code: 2, msg: 'Invalid request: invalid stream' }, id: 9 },
      ],
      [
        '{"method":"SUBSCRIBE","params":["!ticker@arr"],"id":10}',
        { error: { code: 2, msg: 'Invalid request: invalid stream' }, id: 10 },
      ],
    ];
    const answers = await Promise.all(cases.map(([text]) => answerTo(text)));
    cases.forEach(([text, expected], i) => expect(answers[i], text).toEqual(expected));
    const unknown = await answerTo('{"method":"FLY","params":[],"id":11}');
    expect(unknown).toMatchObject({ error: { code: 2 }, id: 11 });
    expect((unknown.error as Msg).msg).toMatch(
      /^Invalid request: unknown variant `FLY`, expected one of `SUBSCRIBE`/,
    );
  });

  it('refuses a whole SUBSCRIBE when one name is invalid', async () => {
    const ws = await TestSocket.open(`${sim.streamUrl}/ws/0`);
    ws.send({ method: 'SUBSCRIBE', params: ['btcusdt@trade', 'btcusdt@bogus'], id: 1 });
    expect(await ws.next((m) => m.id === 1)).toMatchObject({ error: { code: 2 } });
    ws.send({ method: 'LIST_SUBSCRIPTIONS', id: 2 });
    expect(await ws.next((m) => m.id === 2)).toEqual({ result: [], id: 2 });
    ws.close();
  });
});

describe('connection limits', () => {
  it('listens to at most 1024 streams: SUBSCRIBE past it answers code 4 "Too many subscriptions"', async () => {
    const names = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `c${i + from}@trade`);
    const ws = await TestSocket.open(`${sim.streamUrl}/ws/0`);
    ws.send({ method: 'SUBSCRIBE', params: names(1024), id: 1 });
    expect(await ws.next((m) => m.id === 1)).toEqual({ result: null, id: 1 });
    ws.send({ method: 'SUBSCRIBE', params: names(1, 5000), id: 2 });
    expect(await ws.next((m) => m.id === 2)).toEqual({
      error: { code: 4, msg: 'Too many subscriptions' },
      id: 2,
    });
    // Subscribing again to a stream already held adds nothing and is not refused.
    ws.send({ method: 'SUBSCRIBE', params: names(1), id: 3 });
    expect(await ws.next((m) => m.id === 3)).toEqual({ result: null, id: 3 });
    ws.close();
  });

  it('accepts a URL naming 1024 streams and refuses one naming 1025 (1008 "Too many subscriptions")', async () => {
    const names = Array.from({ length: 1025 }, (_, i) => `c${i}@trade`);
    const full = await TestSocket.open(`${sim.streamUrl}/stream?streams=${names.slice(0, 1024).join('/')}`);
    full.send({ method: 'LIST_SUBSCRIPTIONS', id: 1 });
    expect(((await full.next((m) => m.id === 1)).result as string[]).length).toBe(1024);
    full.close();
    const ws = new WebSocket(`${sim.streamUrl}/stream?streams=${names.join('/')}`);
    const closed = await new Promise<[number, string]>((r) =>
      ws.once('close', (code, reason) => r([code, reason.toString()])),
    );
    expect(closed).toEqual([1008, 'Too many subscriptions']);
  });

  it('disconnects a client that sends more than 5 messages in a second (1008 "Too many requests")', async () => {
    const ws = new WebSocket(`${sim.streamUrl}/ws/0`);
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise<[number, string]>((r) =>
      ws.once('close', (code, reason) => r([code, reason.toString()])),
    );
    for (let id = 1; id <= 6; id++) ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id }));
    expect(await closed).toEqual([1008, 'Too many requests']);
  });

  it('counts ping and pong frames toward the 5 a second', async () => {
    const ws = new WebSocket(`${sim.streamUrl}/ws/btcusdt@trade`);
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise<[number, string]>((r) =>
      ws.once('close', (code, reason) => r([code, reason.toString()])),
    );
    for (let i = 0; i < 3; i++) ws.ping();
    for (let i = 0; i < 3; i++) ws.pong();
    expect(await closed).toEqual([1008, 'Too many requests']);
  });

  it('keeps a client that stays at 5 messages a second', async () => {
    const ws = await TestSocket.open(`${sim.streamUrl}/ws/0`);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 5; i++)
        ws.send({ method: 'GET_PROPERTY', params: ['combined'], id: round * 10 + i });
      for (let i = 0; i < 5; i++)
        expect(await ws.next((m) => m.id === round * 10 + i)).toEqual({ result: false, id: round * 10 + i });
      await sleep(1050);
    }
    expect(ws.ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});
