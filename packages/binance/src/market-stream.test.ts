import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  combinedStreamPath,
  MarketStream,
  type MarketStreamEvent,
  type MarketStreamOptions,
} from './market-stream';
import { LoopbackWs, until } from './test-support/loopback-ws';
import klineEvent from './fixtures/stream-kline.json';
import bookTicker from './fixtures/stream-book-ticker.json';
import shutdown from './fixtures/stream-server-shutdown-combined.json';

let server: LoopbackWs;
let wsBase: string;
let stream: MarketStream | null;
let events: MarketStreamEvent[];

const make = (over: Partial<MarketStreamOptions> = {}) => {
  stream = new MarketStream({
    venue: { kind: 'sim', restUrl: 'http://127.0.0.1:1', wsApiUrl: `${wsBase}/ws-api/v3`, streamUrl: wsBase },
    symbols: ['BNBBTC', 'BNBUSDT'],
    backoff: { initialMs: 20, maxMs: 100 },
    ...over,
  });
  stream.subscribe((e) => events.push(e));
  stream.start();
  return stream;
};

const kline = (t: number) => ({
  stream: 'bnbbtc@kline_1m',
  data: { ...klineEvent, k: { ...klineEvent.k, t, T: t + 59_999 } },
});
const ticker = (u: number) => ({ stream: 'bnbusdt@bookTicker', data: { ...bookTicker, u } });
const kinds = () => events.map((e) => e.kind);

beforeEach(async () => {
  events = [];
  stream = null;
  server = new LoopbackWs();
  wsBase = await server.start();
});
afterEach(async () => {
  await stream?.stop();
  await server.close();
});

describe('combinedStreamPath', () => {
  it('lower-cases symbols and asks for kline and bookTicker of each', () => {
    expect(combinedStreamPath(['BTCUSDT', 'ETHUSDT'], '1m')).toBe(
      '/stream?streams=btcusdt@kline_1m/btcusdt@bookTicker/ethusdt@kline_1m/ethusdt@bookTicker',
    );
  });

  it('refuses an empty list and more streams than Binance allows on one connection', () => {
    expect(() => combinedStreamPath([], '1m')).toThrow(/at least one/);
    expect(() =>
      combinedStreamPath(
        Array.from({ length: 513 }, (_, i) => `S${i}`),
        '1m',
      ),
    ).toThrow(/1024/);
  });
});

describe('MarketStream', () => {
  it('connects to the combined stream and emits parsed klines and book tickers', async () => {
    make();
    await server.connectionCount(1);
    await until(() => stream!.connected);
    expect(server.last.url).toBe(
      '/stream?streams=bnbbtc@kline_1m/bnbbtc@bookTicker/bnbusdt@kline_1m/bnbusdt@bookTicker',
    );
    expect(stream!.lastMessageAt).toBeNull();
    server.send(server.last, kline(1672515780000));
    server.send(server.last, ticker(400900217));
    await until(() => events.length === 2);
    expect(kinds()).toEqual(['kline', 'bookTicker']);
    const k = events[0] as Extract<MarketStreamEvent, { kind: 'kline' }>;
    expect([k.kline.symbol, k.kline.close.toFixed()]).toEqual(['BNBBTC', '0.002']);
    expect(stream!.lastMessageAt).not.toBeNull();
    expect(stream!.stats()).toMatchObject({ messages: 2, klines: 1, bookTickers: 1, gaps: 0 });
  });

  it('emits a gap before the kline that jumped, and one for a bookTicker going backwards', async () => {
    make();
    await server.connectionCount(1);
    await until(() => stream!.connected);
    server.send(server.last, kline(0));
    server.send(server.last, kline(180_000));
    server.send(server.last, ticker(10));
    server.send(server.last, ticker(9));
    await until(() => events.length === 6);
    expect(kinds()).toEqual(['kline', 'gap', 'kline', 'bookTicker', 'gap', 'bookTicker']);
    expect(events[1]).toMatchObject({
      kind: 'gap',
      gap: { stream: 'kline', reason: 'missing', missingIntervals: 2 },
    });
    expect(events[4]).toMatchObject({
      kind: 'gap',
      gap: { stream: 'bookTicker', reason: 'backwards', previous: 10, current: 9 },
    });
    expect(stream!.stats().gaps).toBe(2);
  });

  it('detects the gap a reconnect leaves, and emits resynced after reconnecting', async () => {
    make();
    await server.connectionCount(1);
    await until(() => stream!.connected);
    server.send(server.last, kline(0));
    await until(() => events.length === 1);
    server.last.socket.terminate();
    await server.connectionCount(2);
    await until(() => kinds().includes('resynced'));
    server.send(server.last, kline(300_000));
    await until(() => kinds().includes('gap'));
    expect(stream!.stats().reconnects).toBe(1);
  });

  it('serverShutdown makes it reconnect', async () => {
    make();
    await server.connectionCount(1);
    await until(() => stream!.connected);
    server.send(server.last, shutdown);
    await server.connectionCount(2);
  });

  it('renews the connection proactively once it reaches its maximum age', async () => {
    make({ maxConnectionAgeMs: 150, heartbeatMs: 100 });
    await server.connectionCount(2);
    await until(() => kinds().includes('resynced'));
  });

  it('malformed and unknown frames are counted, never fatal', async () => {
    make();
    await server.connectionCount(1);
    await until(() => stream!.connected);
    server.send(server.last, '{{');
    server.send(server.last, { stream: 'bnbusdt@bookTicker', data: { ...bookTicker, a: 1.5 } });
    server.send(server.last, { stream: 'bnbusdt@trade', data: { e: 'trade' } });
    server.send(server.last, { result: null, id: 1 });
    server.send(server.last, ticker(1));
    await until(() => events.length === 1);
    expect(stream!.stats()).toMatchObject({ malformed: 2, unknown: 1, messages: 5, bookTickers: 1 });
    expect(stream!.connected).toBe(true);
  });

  it('a venue whose stream host is outside its allowlist never connects', async () => {
    const warnings: string[] = [];
    stream = new MarketStream({
      venue: {
        kind: 'testnet',
        restUrl: 'https://testnet.binance.vision',
        wsApiUrl: 'wss://ws-api.testnet.binance.vision/ws-api/v3',
        streamUrl: wsBase,
      },
      symbols: ['BTCUSDT'],
      backoff: { initialMs: 10, maxMs: 20 },
      logger: { warn: (_o, m) => warnings.push(m) },
    });
    stream.start();
    await until(() => warnings.length >= 2);
    expect(server.connections).toHaveLength(0);
    expect(warnings[0]).toBe('binance ws: cannot resolve url');
  });
});

describe('MarketStream keep-alive', () => {
  it("answers the server's ping with a pong carrying the same payload", async () => {
    make();
    await server.connectionCount(1);
    await until(() => stream!.connected);
    const pong = new Promise<string>((resolve) =>
      server.last.socket.once('pong', (data) => resolve(String(data))),
    );
    server.last.socket.ping('hb-42');
    expect(await pong).toBe('hb-42');
  });
});
