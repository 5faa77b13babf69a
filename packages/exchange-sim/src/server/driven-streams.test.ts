import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSimServer } from './start-server';

/** The seams a replay drives the server through (the parity test's live path). */

const nextMessage = (ws: WebSocket, within = 300): Promise<unknown> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), within);
    ws.once('message', (data: Buffer) => {
      clearTimeout(timer);
      resolve(JSON.parse(data.toString('utf8')) as unknown);
    });
  });

describe('a simulator driven by a replay', () => {
  it('streams only what the driver publishes once it drives the market streams', async () => {
    const sim = await startSimServer({
      symbols: ['BTCUSDT'],
      historyCandles: 0,
      feed: { kind: 'synthetic', tickMs: 0 },
    });
    const ws = new WebSocket(`${sim.streamUrl}/stream?streams=btcusdt@bookTicker`);
    try {
      await new Promise((r) => ws.once('open', r));
      // Before: the engine's own book moves are streamed.
      const engine = nextMessage(ws);
      sim.exchange.onPrice('BTCUSDT', '50000');
      expect(await engine).toMatchObject({ stream: 'btcusdt@bookTicker', data: { s: 'BTCUSDT' } });

      const publish = sim.driveMarketStreams();
      const silent = nextMessage(ws);
      sim.exchange.onPrice('BTCUSDT', '51000');
      expect(await silent).toBeNull();

      const payload = { u: 7, s: 'BTCUSDT', b: '1.00', B: '2', a: '1.01', A: '3' };
      const driven = nextMessage(ws);
      publish('btcusdt@bookTicker', payload);
      expect(await driven).toEqual({ stream: 'btcusdt@bookTicker', data: payload });
    } finally {
      ws.close();
      await sim.close();
    }
  });

  it('answers GET klines from the kline source when one is set, after checking symbol and interval', async () => {
    const sim = await startSimServer({
      symbols: ['BTCUSDT'],
      historyCandles: 3,
      feed: { kind: 'synthetic', tickMs: 0 },
    });
    try {
      const asked: unknown[] = [];
      sim.exchange.klineSource = (symbol, interval, limit) => {
        asked.push([symbol, interval, limit]);
        return [[1, '2', '3', '1', '2', '5', 59_999, '10', 4, '2', '4', '0']];
      };
      const res = await fetch(`${sim.restUrl}/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=2`);
      expect(await res.json()).toEqual([[1, '2', '3', '1', '2', '5', 59_999, '10', 4, '2', '4', '0']]);
      expect(asked).toEqual([['BTCUSDT', '1m', 2]]);
      const bad = await fetch(`${sim.restUrl}/api/v3/klines?symbol=NOPEUSDT&interval=1m`);
      expect(bad.status).toBe(400);
      expect(asked).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });

  it('counts the user events it holds back and those it has handed over', async () => {
    const sim = await startSimServer({
      symbols: ['BTCUSDT'],
      historyCandles: 0,
      profile: 'realistic',
      feed: { kind: 'synthetic', tickMs: 0 },
    });
    try {
      const { apiKey } = sim.createAccount({ USDT: '10000' });
      expect(sim.userEvents()).toEqual({ delivered: 0, pending: 0 });
      sim.exchange.onPrice('BTCUSDT', '50000');
      sim.exchange.placeOrder(apiKey, { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' });
      await new Promise((r) => queueMicrotask(() => r(null)));
      // Held behind the realistic profile's delay; nobody subscribed, so none is handed over.
      expect(sim.userEvents().pending).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 600));
      expect(sim.userEvents()).toEqual({ delivered: 0, pending: 0 });
    } finally {
      await sim.close();
    }
  });
});
