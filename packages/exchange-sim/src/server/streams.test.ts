import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from './start-server';
import { fixture, shapeDiff } from '../testing/json-shape';
import { rest, TestSocket } from '../testing/sim-client';
import { KLINE_INTERVALS } from './streams/stream-names';

let sim: SimServer;

beforeAll(async () => {
  sim = await startSimServer({ historyCandles: 20, feed: { kind: 'synthetic', tickMs: 50 } });
});
afterAll(() => sim.close());

type Msg = Record<string, unknown>;
const isStream = (name: string) => (m: Msg) => m.stream === name;
const isEvent = (e: string) => (m: Msg) => m.e === e;

describe('a client that connects the way CCXT does', () => {
  it('opens /ws/0, subscribes live and receives tickers, candles and trades', async () => {
    const ws = await TestSocket.open(`${sim.streamUrl}/ws/0`);
    ws.send({ method: 'SUBSCRIBE', params: ['btcusdt@ticker'], id: 1 });
    expect(await ws.next((m) => m.id === 1)).toEqual({ result: null, id: 1 });
    const ticker = await ws.next(isEvent('24hrTicker'));
    expect(ticker).toMatchObject({ s: 'BTCUSDT' });
    expect(shapeDiff(ticker, fixture('stream-ticker.json'))).toEqual([]);

    ws.send({ method: 'SUBSCRIBE', params: ['btcusdt@kline_1m'], id: 2 });
    expect(await ws.next((m) => m.id === 2)).toEqual({ result: null, id: 2 });
    const kline = await ws.next(isEvent('kline'));
    expect(kline).toMatchObject({ s: 'BTCUSDT', k: { i: '1m' } });
    expect(shapeDiff(kline, fixture('stream-kline.json'))).toEqual([]);

    ws.send({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 3 });
    expect(await ws.next((m) => m.id === 3)).toEqual({ result: null, id: 3 });
    const trade = await ws.next(isEvent('trade'));
    expect(trade).toMatchObject({ s: 'BTCUSDT' });
    expect(shapeDiff(trade, fixture('stream-trade.json'))).toEqual([]);

    ws.send({ method: 'LIST_SUBSCRIPTIONS', id: 4 });
    expect(await ws.next((m) => m.id === 4)).toEqual({
      result: ['btcusdt@ticker', 'btcusdt@kline_1m', 'btcusdt@trade'],
      id: 4,
    });
    ws.close();
  });
});

describe('stream connection paths', () => {
  it('a path segment that is not a stream name opens a connection with no streams', async () => {
    for (const path of ['/ws/0', '/ws/7', '/ws/btcusdt@nonsense', '/ws', '/ws/']) {
      const ws = await TestSocket.open(`${sim.streamUrl}${path}`);
      ws.send({ method: 'LIST_SUBSCRIPTIONS', id: 1 });
      expect(await ws.next((m) => m.id === 1), path).toEqual({ result: [], id: 1 });
      ws.send({ method: 'GET_PROPERTY', params: ['combined'], id: 2 });
      expect(await ws.next((m) => m.id === 2), path).toEqual({ result: false, id: 2 });
      expect(
        ws.messages.filter((m) => !('id' in m)),
        path,
      ).toEqual([]);
      ws.close();
    }
  });

  it('/ws/<stream> delivers the bare payload', async () => {
    const ws = await TestSocket.open(`${sim.streamUrl}/ws/ethusdt@bookTicker`);
    const m = await ws.next();
    expect(m).toMatchObject({ s: 'ETHUSDT' });
    expect(shapeDiff(m, fixture('stream-book-ticker.json'))).toEqual([]);
    ws.close();
  });

  it('/ws/<s1>/<s2> delivers both streams bare, and skips a segment that names no stream', async () => {
    const ws = await TestSocket.open(`${sim.streamUrl}/ws/ethusdt@trade/0/bnbusdt@aggTrade`);
    expect(await ws.next(isEvent('trade'))).toMatchObject({ s: 'ETHUSDT' });
    expect(await ws.next(isEvent('aggTrade'))).toMatchObject({ s: 'BNBUSDT' });
    ws.send({ method: 'LIST_SUBSCRIPTIONS', id: 'list' });
    expect(await ws.next((m) => m.id === 'list')).toEqual({
      result: ['ethusdt@trade', 'bnbusdt@aggTrade'],
      id: 'list',
    });
    ws.close();
  });

  it('accepts URL-encoded stream names', async () => {
    const ws = await TestSocket.open(`${sim.streamUrl}/ws/btcusdt%40trade`);
    expect(await ws.next(isEvent('trade'))).toMatchObject({ s: 'BTCUSDT' });
    ws.close();
    const combined = await TestSocket.open(`${sim.streamUrl}/stream?streams=btcusdt%40aggTrade`);
    expect(await combined.next(isStream('btcusdt@aggTrade'))).toMatchObject({ data: { e: 'aggTrade' } });
    combined.close();
  });

  it('/stream without streams is combined and waits for SUBSCRIBE; SET_PROPERTY switches the form', async () => {
    const ws = await TestSocket.open(`${sim.streamUrl}/stream`);
    ws.send({ method: 'GET_PROPERTY', params: ['combined'], id: 1 });
    expect(await ws.next((m) => m.id === 1)).toEqual({ result: true, id: 1 });
    ws.send({ method: 'SUBSCRIBE', params: ['bnbusdt@trade'], id: 2 });
    expect(await ws.next((m) => m.id === 2)).toEqual({ result: null, id: 2 });
    const wrapped = await ws.next(isStream('bnbusdt@trade'));
    expect(Object.keys(wrapped)).toEqual(['stream', 'data']);
    expect(wrapped.data).toMatchObject({ e: 'trade', s: 'BNBUSDT' });
    ws.send({ method: 'SET_PROPERTY', params: ['combined', false], id: 3 });
    expect(await ws.next((m) => m.id === 3)).toEqual({ result: null, id: 3 });
    ws.messages.length = 0;
    expect(await ws.next(isEvent('trade'))).toMatchObject({ s: 'BNBUSDT' });
    ws.close();
  });

  it('UNSUBSCRIBE stops a stream', async () => {
    const ws = await TestSocket.open(`${sim.streamUrl}/ws/btcusdt@trade`);
    await ws.next(isEvent('trade'));
    ws.send({ method: 'UNSUBSCRIBE', params: ['btcusdt@trade'], id: 9 });
    expect(await ws.next((m) => m.id === 9)).toEqual({ result: null, id: 9 });
    await new Promise((r) => setTimeout(r, 300));
    ws.messages.length = 0;
    await new Promise((r) => setTimeout(r, 300));
    expect(ws.messages).toEqual([]);
    ws.close();
  });

  it('a well-formed name for a symbol the sim does not list is accepted and stays silent, as on Binance', async () => {
    const ws = await TestSocket.open(`${sim.streamUrl}/ws/0`);
    ws.send({ method: 'SUBSCRIBE', params: ['nosuchcoin@trade', 'BTCUSDT@trade'], id: 1 });
    expect(await ws.next((m) => m.id === 1)).toEqual({ result: null, id: 1 });
    await new Promise((r) => setTimeout(r, 1200));
    expect(ws.messages).toEqual([]);
    ws.close();
  });

  it('timeUnit=MICROSECOND reports times in microseconds; an unknown unit is refused', async () => {
    const ws = await TestSocket.open(`${sim.streamUrl}/ws/btcusdt@trade?timeUnit=MICROSECOND`);
    const t = await ws.next(isEvent('trade'));
    const nowUs = Date.now() * 1000;
    expect(Math.abs((t.E as number) - nowUs)).toBeLessThan(5_000_000);
    expect(Math.abs((t.T as number) - nowUs)).toBeLessThan(5_000_000);
    ws.close();
    const ms = await TestSocket.open(`${sim.streamUrl}/ws/btcusdt@trade?timeUnit=millisecond`);
    expect(Math.abs(((await ms.next(isEvent('trade'))).E as number) - Date.now())).toBeLessThan(5000);
    ms.close();
    const bad = await TestSocket.open(`${sim.streamUrl}/ws/btcusdt@trade?timeUnit=NANOSECOND`);
    expect(await bad.closed).toBe(1008);
  });
});

describe('stream payloads match the docs’ examples field by field', () => {
  const expected: Record<string, string> = {
    'btcusdt@trade': 'stream-trade.json',
    'btcusdt@aggTrade': 'stream-agg-trade.json',
    'btcusdt@bookTicker': 'stream-book-ticker.json',
    'btcusdt@depth': 'stream-depth-update.json',
    'btcusdt@depth@100ms': 'stream-depth-update.json',
    'btcusdt@depth5': 'stream-partial-depth.json',
    'btcusdt@depth10': 'stream-partial-depth.json',
    'btcusdt@depth20': 'stream-partial-depth.json',
    'btcusdt@depth5@100ms': 'stream-partial-depth.json',
    'btcusdt@depth10@100ms': 'stream-partial-depth.json',
    'btcusdt@depth20@100ms': 'stream-partial-depth.json',
    'btcusdt@avgPrice': 'stream-avg-price.json',
    'btcusdt@ticker': 'stream-ticker.json',
    'btcusdt@miniTicker': 'stream-mini-ticker.json',
    'btcusdt@ticker_1h': 'stream-rolling-ticker.json',
    'btcusdt@ticker_4h': 'stream-rolling-ticker.json',
    'btcusdt@ticker_1d': 'stream-rolling-ticker.json',
    ...Object.fromEntries(KLINE_INTERVALS.map((i) => [`btcusdt@kline_${i}`, 'stream-kline.json'])),
  };

  it('every stream a common client asks for, wrapped as {stream, data} on /stream', async () => {
    const names = Object.keys(expected);
    const ws = await TestSocket.open(`${sim.streamUrl}/stream?streams=${names.join('/')}`);
    for (const [stream, file] of Object.entries(expected)) {
      const m = await ws.next(isStream(stream), 8000);
      expect(Object.keys(m), stream).toEqual(['stream', 'data']);
      expect(shapeDiff(m.data, fixture(file)), stream).toEqual([]);
    }
    ws.close();
  });

  it('names the interval, the window and the event as the stream asks', async () => {
    const ws = await TestSocket.open(
      `${sim.streamUrl}/stream?streams=btcusdt@kline_1s/btcusdt@kline_1w/btcusdt@ticker_4h/btcusdt@miniTicker`,
    );
    expect((await ws.next(isStream('btcusdt@kline_1s'))).data).toMatchObject({
      e: 'kline',
      s: 'BTCUSDT',
      k: { i: '1s', x: true },
    });
    expect((await ws.next(isStream('btcusdt@kline_1w'))).data).toMatchObject({ k: { i: '1w' } });
    expect((await ws.next(isStream('btcusdt@ticker_4h'))).data).toMatchObject({ e: '4hTicker' });
    expect((await ws.next(isStream('btcusdt@miniTicker'))).data).toMatchObject({ e: '24hrMiniTicker' });
    ws.close();
  });

  it('@kline_<i>@+08:00 opens its buckets in UTC+8, the plain stream in UTC', async () => {
    const ws = await TestSocket.open(
      `${sim.streamUrl}/stream?streams=btcusdt@kline_1d@+08:00/btcusdt@kline_1d`,
    );
    const utc8 = (await ws.next(isStream('btcusdt@kline_1d@+08:00'))).data as { k: Msg };
    const utc = (await ws.next(isStream('btcusdt@kline_1d'))).data as { k: Msg };
    const day = 86_400_000;
    const now = Date.now();
    expect(utc.k).toMatchObject({ i: '1d', t: now - (now % day) });
    const local = now + 8 * 3_600_000;
    expect(utc8.k).toMatchObject({ i: '1d', t: local - (local % day) - 8 * 3_600_000 });
    expect((utc8.k.T as number) - (utc8.k.t as number)).toBe(day - 1);
    ws.close();
  });

  it('!miniTicker@arr and !ticker_<window>@arr carry an array of the symbols’ tickers', async () => {
    const ws = await TestSocket.open(`${sim.streamUrl}/stream?streams=!miniTicker@arr/!ticker_1h@arr`);
    const mini = (await ws.next(isStream('!miniTicker@arr'))).data as Msg[];
    expect(mini.map((t) => t.s).sort()).toEqual([...sim.exchange.symbols].sort());
    for (const t of mini) expect(shapeDiff(t, fixture('stream-mini-ticker.json'))).toEqual([]);
    const rolling = (await ws.next(isStream('!ticker_1h@arr'))).data as Msg[];
    expect(rolling.length).toBeGreaterThan(0);
    for (const t of rolling) {
      expect(t.e).toBe('1hTicker');
      expect(shapeDiff(t, fixture('stream-rolling-ticker.json'))).toEqual([]);
    }
    ws.close();
  });

  it('serverShutdown arrives bare on raw connections and wrapped on combined ones', async () => {
    const own = await startSimServer({ historyCandles: 5, feed: { kind: 'synthetic', tickMs: 0 } });
    const raw = await TestSocket.open(`${own.streamUrl}/ws/0`);
    const combined = await TestSocket.open(`${own.streamUrl}/stream`);
    await own.close();
    const examples = fixture<{ raw: unknown; combined: unknown }>('stream-server-shutdown.json');
    expect(shapeDiff(await raw.next(isEvent('serverShutdown')), examples.raw)).toEqual([]);
    expect(shapeDiff(await combined.next(isStream('!serverShutdown')), examples.combined)).toEqual([]);
  });
});

describe('ticker streams tell the sim’s own market', () => {
  it('@kline_1s is built from the second’s public trades', async () => {
    const ws = await TestSocket.open(`${sim.streamUrl}/ws/btcusdt@kline_1s`);
    const { k } = (await ws.next((m) => m.e === 'kline' && (m.k as Msg).n !== 0)) as { k: Msg };
    const { body: trades } = await rest<Msg[]>(sim.restUrl, '/api/v3/trades', {
      params: { symbol: 'BTCUSDT', limit: '1000' },
    });
    const inSecond = trades.filter(
      (t) => (t.time as number) >= (k.t as number) && (t.time as number) <= (k.T as number),
    );
    const prices = inSecond.map((t) => Number(t.price));
    expect(k).toMatchObject({
      i: '1s',
      x: true,
      n: inSecond.length,
      f: inSecond[0]!.id,
      L: inSecond[inSecond.length - 1]!.id,
      o: inSecond[0]!.price,
      c: inSecond[inSecond.length - 1]!.price,
    });
    expect(Number(k.h)).toBe(Math.max(...prices));
    expect(Number(k.l)).toBe(Math.min(...prices));
    expect((k.T as number) - (k.t as number)).toBe(999);
    ws.close();
  });

  it('pushes @avgPrice, @ticker and @miniTicker once a second, not on every trade', async () => {
    const ws = await TestSocket.open(
      `${sim.streamUrl}/ws/btcusdt@avgPrice/btcusdt@ticker/btcusdt@miniTicker/btcusdt@trade`,
    );
    await ws.next(isEvent('avgPrice'), 3000);
    ws.messages.length = 0;
    await new Promise((r) => setTimeout(r, 2100));
    const count = (e: string) => ws.messages.filter((m) => m.e === e).length;
    expect(count('trade')).toBeGreaterThan(6);
    for (const e of ['avgPrice', '24hrTicker', '24hrMiniTicker']) {
      expect(count(e), e).toBeGreaterThanOrEqual(1);
      expect(count(e), e).toBeLessThanOrEqual(3);
    }
    const { body: avg } = await rest<Msg>(sim.restUrl, '/api/v3/avgPrice', { params: { symbol: 'BTCUSDT' } });
    expect(ws.messages.find(isEvent('avgPrice'))).toMatchObject({
      s: 'BTCUSDT',
      i: `${avg.mins as number}m`,
    });
    ws.close();
  });

  it('@ticker, @miniTicker and @ticker_1d agree with GET /api/v3/ticker/24hr and the last trade', async () => {
    const own = await startSimServer({ historyCandles: 30, feed: { kind: 'synthetic', tickMs: 50 } });
    try {
      await new Promise((r) => setTimeout(r, 400)); // a few ticks of synthetic trades
      own.exchange.setPaused(true);
      const pausedAt = own.exchange.serverTime();
      const ws = await TestSocket.open(
        `${own.streamUrl}/stream?streams=btcusdt@ticker/btcusdt@miniTicker/btcusdt@ticker_1d/btcusdt@kline_1s`,
      );
      const ticker = (await ws.next(isStream('btcusdt@ticker'))).data as Msg;
      const mini = (await ws.next(isStream('btcusdt@miniTicker'))).data as Msg;
      const day = (await ws.next(isStream('btcusdt@ticker_1d'))).data as Msg;
      const second = (
        await ws.next(
          (m) => m.stream === 'btcusdt@kline_1s' && ((m.data as { k: Msg }).k.t as number) > pausedAt,
          4000,
        )
      ).data as { k: Msg };
      const { body: rest24 } = await rest<Msg>(own.restUrl, '/api/v3/ticker/24hr', {
        params: { symbol: 'BTCUSDT' },
      });
      const { body: trades } = await rest<Msg[]>(own.restUrl, '/api/v3/trades', {
        params: { symbol: 'BTCUSDT', limit: '1' },
      });
      const last = trades[0]!;
      expect(ticker).toMatchObject({
        s: 'BTCUSDT',
        p: rest24.priceChange,
        P: rest24.priceChangePercent,
        w: rest24.weightedAvgPrice,
        x: rest24.prevClosePrice,
        c: last.price,
        Q: last.qty,
        b: rest24.bidPrice,
        a: rest24.askPrice,
        o: rest24.openPrice,
        h: rest24.highPrice,
        l: rest24.lowPrice,
        v: rest24.volume,
        q: rest24.quoteVolume,
        O: rest24.openTime,
        F: rest24.firstId,
        L: last.id,
        n: rest24.count,
      });
      expect(ticker.n as number).toBeGreaterThan(0);
      expect(mini).toMatchObject({
        c: ticker.c,
        o: ticker.o,
        h: ticker.h,
        l: ticker.l,
        v: ticker.v,
        q: ticker.q,
      });
      // 30 minutes of history sit inside both windows.
      expect(day).toMatchObject({
        e: '1dTicker',
        o: ticker.o,
        h: ticker.h,
        v: ticker.v,
        L: ticker.L,
        n: ticker.n,
      });
      // Paused: a second after the pause holds no trade and stays flat at the last price.
      expect(second.k).toMatchObject({ o: last.price, c: last.price, n: 0, f: -1, L: -1, x: true });
      ws.close();
    } finally {
      await own.close();
    }
  });
});

describe('user data on stream endpoints (listenKey)', () => {
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
