import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserStreamEvent } from '@aurora/core';
import { hmacSigner, wsApiSignaturePayload } from './signing';
import { UserStream, type UserStreamOptions } from './user-stream';
import { LoopbackWs, until, type WsConnection } from './test-support/loopback-ws';
import executionReport from './fixtures/uds-execution-report.json';
import balanceUpdate from './fixtures/uds-balance-update.json';
import shutdown from './fixtures/ws-api-server-shutdown.json';

const API_KEY = 'uds-key';
const SECRET = 'uds-secret';

type Req = { id: string; method: string; params?: Record<string, string | number> };

let server: LoopbackWs;
let wsBase: string;
let stream: UserStream | null;
let events: UserStreamEvent[];
let syncs: number;
let keepAlives: string[];
let subscribeReply: (req: Req) => unknown;

const okSubscribe = (req: Req) => ({ id: req.id, status: 200, result: { subscriptionId: 3 } });

const make = (over: Partial<UserStreamOptions> = {}) => {
  stream = new UserStream({
    venue: { kind: 'sim', restUrl: 'http://127.0.0.1:1', wsApiUrl: `${wsBase}/ws-api/v3`, streamUrl: wsBase },
    credentials: { apiKey: API_KEY, signer: hmacSigner(SECRET) },
    rest: {
      timeSync: {
        serverNow: () => Date.now(),
        sync: async () => {
          syncs++;
        },
      },
      createListenKey: async () => `lk${server.connections.length + 1}`,
      keepAliveListenKey: async (k) => void keepAlives.push(k),
    },
    backoff: { initialMs: 20, maxMs: 100 },
    requestTimeoutMs: 1_000,
    ...over,
  });
  stream.onEvent((e) => events.push(e));
  stream.start();
  return stream;
};

const wrap = (event: unknown, subscriptionId = 3) => ({ subscriptionId, event });
const subscribed = async (n: number): Promise<WsConnection> => {
  await server.connectionCount(n);
  await until(() => stream!.connected && server.connections.length === n);
  return server.last;
};

beforeEach(async () => {
  events = [];
  syncs = 0;
  keepAlives = [];
  stream = null;
  subscribeReply = okSubscribe;
  server = new LoopbackWs();
  server.onMessage = (conn, msg) => {
    const req = msg as Req;
    if (req.method === 'session.logon') {
      server.send(conn, { id: req.id, status: 200, result: { apiKey: API_KEY } });
    } else if (req.method?.startsWith('userDataStream.subscribe')) {
      server.send(conn, subscribeReply(req));
    }
  };
  wsBase = await server.start();
});
afterEach(async () => {
  await stream?.stop();
  await server.close();
});

describe('UserStream over the WebSocket API (default)', () => {
  it('subscribes with userDataStream.subscribe.signature and a valid signature', async () => {
    make();
    const conn = await subscribed(1);
    expect(conn.url).toBe('/ws-api/v3');
    const req = conn.received[0] as Req;
    expect(req.method).toBe('userDataStream.subscribe.signature');
    expect(req.params!.apiKey).toBe(API_KEY);
    const expected = createHmac('sha256', SECRET)
      .update(wsApiSignaturePayload({ ...req.params, signature: undefined }))
      .digest('hex');
    expect(req.params!.signature).toBe(expected);
    expect(Math.abs(Number(req.params!.timestamp) - Date.now())).toBeLessThan(1_000);
  });

  it('delivers wrapped events as typed core events and records lastEventAt', async () => {
    make();
    const conn = await subscribed(1);
    expect(stream!.lastEventAt).toBeNull();
    server.send(conn, wrap(executionReport.event));
    server.send(conn, wrap(balanceUpdate.event));
    await until(() => events.length === 2);
    expect(events.map((e) => e.kind)).toEqual(['executionReport', 'balanceUpdate']);
    expect(events[0]).toMatchObject({ orderId: '4293153', clientOrderId: 'mUvoqJxFIILMdfAW5iGSOW' });
    expect(stream!.lastEventAt).not.toBeNull();
    expect(stream!.stats()).toMatchObject({ events: 2, malformed: 0, unknown: 0 });
  });

  it('unknown, malformed and non-JSON frames are counted and the stream keeps going', async () => {
    make();
    const conn = await subscribed(1);
    server.send(conn, wrap({ e: 'brandNewEvent', E: 1 }));
    server.send(conn, wrap({ ...executionReport.event, q: 1 }));
    server.send(conn, 'not json{');
    server.send(conn, wrap(executionReport.event, 99));
    server.send(conn, wrap(executionReport.event));
    await until(() => events.length === 1);
    expect(stream!.stats()).toMatchObject({ unknown: 2, malformed: 2, events: 1 });
    expect(stream!.connected).toBe(true);
  });

  it('a listener that throws is counted and does not stop delivery to the others', async () => {
    make();
    stream!.onEvent(() => {
      throw new Error('boom');
    });
    const conn = await subscribed(1);
    server.send(conn, wrap(executionReport.event));
    await until(() => events.length === 1);
    expect(stream!.stats().listenerErrors).toBe(1);
  });

  it('reconnects after a dropped connection, resubscribes and emits resynced', async () => {
    make();
    const first = await subscribed(1);
    first.socket.terminate();
    const second = await subscribed(2);
    expect((second.received[0] as Req).method).toBe('userDataStream.subscribe.signature');
    await until(() => events.some((e) => e.kind === 'resynced'));
    expect(stream!.stats().reconnects).toBe(1);
    server.send(second, wrap(executionReport.event));
    await until(() => events.some((e) => e.kind === 'executionReport'));
  });

  it('serverShutdown makes it reconnect at once', async () => {
    make();
    const conn = await subscribed(1);
    server.send(conn, shutdown);
    await subscribed(2);
    await until(() => events.some((e) => e.kind === 'resynced'));
  });

  it('eventStreamTerminated is delivered, then the subscription is renewed on a new connection', async () => {
    make();
    const conn = await subscribed(1);
    server.send(conn, wrap({ e: 'eventStreamTerminated', E: 1728973001334 }));
    await subscribed(2);
    await until(() => events.some((e) => e.kind === 'resynced'));
    expect(events[0]).toEqual({ kind: 'eventStreamTerminated', eventTime: 1728973001334 });
  });

  it('a -1021 on subscribe resyncs the clock and the next attempt succeeds', async () => {
    let attempts = 0;
    subscribeReply = (req) =>
      ++attempts === 1
        ? {
            id: req.id,
            status: 400,
            error: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' },
          }
        : okSubscribe(req);
    make();
    await subscribed(2);
    expect(syncs).toBe(1);
    // The first successful subscription is not a reconnect: nothing was ever delivered before it.
    expect(events.some((e) => e.kind === 'resynced')).toBe(false);
  });

  it('logon mode: session.logon, then userDataStream.subscribe', async () => {
    make({ wsApiAuth: 'logon' });
    const conn = await subscribed(1);
    expect(conn.received.map((r) => (r as Req).method)).toEqual([
      'session.logon',
      'userDataStream.subscribe',
    ]);
    expect((conn.received[1] as Req).params).toBeUndefined();
  });

  it('stop() closes the connection and does not reconnect', async () => {
    make();
    await subscribed(1);
    await stream!.stop();
    expect(stream!.connected).toBe(false);
    await new Promise((r) => setTimeout(r, 150));
    expect(server.connections).toHaveLength(1);
  });
});

describe('UserStream listenKey fallback', () => {
  it('connects to /ws/<listenKey>, reads raw events, keeps the key alive and gets a new key after a drop', async () => {
    make({ mode: 'listen-key', keepAliveMs: 50 });
    await server.connectionCount(1);
    await until(() => stream!.connected);
    expect(server.last.url).toBe('/ws/lk1');
    server.send(server.last, executionReport.event);
    await until(() => events.length === 1);
    await until(() => keepAlives.length >= 1);
    expect(keepAlives[0]).toBe('lk1');
    server.last.socket.terminate();
    await server.connectionCount(2);
    expect(server.last.url).toBe('/ws/lk2');
    await until(() => events.some((e) => e.kind === 'resynced'));
  });
});

describe('UserStream liveness', () => {
  it('a peer that stops answering pings is dropped and reconnected', async () => {
    await server.close();
    server = new LoopbackWs({ autoPong: false });
    server.onMessage = (conn, msg) => server.send(conn, okSubscribe(msg as Req));
    wsBase = await server.start();
    make({ heartbeatMs: 100 });
    await subscribed(1);
    await server.connectionCount(2);
    await until(() => events.some((e) => e.kind === 'resynced'));
  });
});
