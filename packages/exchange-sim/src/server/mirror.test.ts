import { Dec } from '@aurora/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from './start-server';

/*
 * The mirror feed against a second simulator standing in for Binance's public stream host:
 * everything stays on loopback. The upstream's feed is paused; the test moves its price, and
 * each move prints a real-looking trade on its public @trade streams.
 */

const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const servers: SimServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function upstream(): Promise<SimServer> {
  const s = await startSimServer({
    port: 0,
    seed: 3,
    symbols: SYMBOLS,
    feed: { kind: 'synthetic', tickMs: 60_000 },
  });
  s.exchange.setPaused(true);
  servers.push(s);
  return s;
}

async function mirrorOf(url: string, fallback: 'none' | 'synthetic' = 'none'): Promise<SimServer> {
  const s = await startSimServer({
    port: 0,
    seed: 4,
    symbols: SYMBOLS,
    feed: { kind: 'mirror', url, fallback, tickMs: 50, reconnectMs: 100, maxReconnectMs: 200 },
  });
  servers.push(s);
  return s;
}

async function waitFor<T>(what: string, fn: () => T | null | undefined | false, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const lastPrice = (s: SimServer, symbol = 'BTCUSDT') => s.exchange.tickerPrice(symbol).price;

describe('mirror feed over the network', () => {
  it('follows the upstream stream host: its prices become the market, the timer adds nothing', async () => {
    const up = await upstream();
    const mirror = await mirrorOf(up.streamUrl);
    await waitFor('upstream live', () => mirror.mirrorStatus()?.upstream === 'live');
    // Before the upstream printed anything, the mirror knows no price and trades nothing.
    expect(mirror.exchange.symbolStatus('BTCUSDT')).toBe('BREAK');
    up.exchange.onPrice('BTCUSDT', '61234.50');
    up.exchange.onPrice('ETHUSDT', '3210.25');
    await waitFor('BTC mirrored', () => lastPrice(mirror) === '61234.50000000');
    await waitFor('ETH mirrored', () => lastPrice(mirror, 'ETHUSDT') === '3210.25000000');
    expect(mirror.exchange.symbolStatus('BTCUSDT')).toBe('TRADING');
    up.exchange.onPrice('BTCUSDT', '61300.00');
    await waitFor('BTC follows', () => lastPrice(mirror) === '61300.00000000');
    await new Promise((r) => setTimeout(r, 300));
    expect(lastPrice(mirror)).toBe('61300.00000000');
    expect(mirror.mirrorStatus()).toMatchObject({ upstream: 'live', market: 'mirroring', error: null });
    expect(mirror.mirrorStatus()!.trades).toBeGreaterThanOrEqual(3);
  });

  it('a resting order fills when the upstream market trades through it, not before', async () => {
    const up = await upstream();
    const mirror = await mirrorOf(up.streamUrl);
    await waitFor('upstream live', () => mirror.mirrorStatus()?.upstream === 'live');
    up.exchange.onPrice('BTCUSDT', '60000.00');
    await waitFor('BTC mirrored', () => lastPrice(mirror) === '60000.00000000');
    const { apiKey } = mirror.createAccount();
    const order = mirror.exchange.placeOrder(apiKey, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.001',
      price: '59500.00',
    }) as { orderId: number };
    const status = () =>
      (mirror.exchange.getOrder(apiKey, 'BTCUSDT', { orderId: order.orderId }) as { status: string }).status;
    up.exchange.onPrice('BTCUSDT', '59800.00');
    await waitFor('59800 mirrored', () => lastPrice(mirror) === '59800.00000000');
    expect(status()).toBe('NEW');
    up.exchange.onPrice('BTCUSDT', '59400.00');
    await waitFor('bid filled', () => status() === 'FILLED');
    const fills = mirror.exchange.myTrades(apiKey, 'BTCUSDT') as { price: string }[];
    expect(fills.map((f) => f.price)).toEqual(['59500.00000000']);
  });

  it('upstream dropped: says so and halts the market (no fallback unless asked)', async () => {
    const up = await upstream();
    const mirror = await mirrorOf(up.streamUrl);
    await waitFor('upstream live', () => mirror.mirrorStatus()?.upstream === 'live');
    up.exchange.onPrice('BTCUSDT', '60000.00');
    await waitFor('BTC mirrored', () => lastPrice(mirror) === '60000.00000000');
    const { apiKey } = mirror.createAccount();
    await up.close();
    const down = await waitFor('down', () =>
      mirror.mirrorStatus()?.upstream === 'down' ? mirror.mirrorStatus() : null,
    );
    expect(down).toMatchObject({ market: 'halted', fallback: 'none' });
    expect(down.error).toBeTruthy();
    expect(mirror.exchange.symbolStatus('BTCUSDT')).toBe('BREAK');
    expect(() =>
      mirror.exchange.placeOrder(apiKey, {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'MARKET',
        quantity: '0.001',
      }),
    ).toThrow(/Market is closed/);
    await new Promise((r) => setTimeout(r, 300));
    expect(lastPrice(mirror)).toBe('60000.00000000');
    // It keeps trying to reconnect meanwhile.
    await waitFor('reconnect attempts', () => mirror.mirrorStatus()!.reconnects >= 2);
  });

  it('upstream dropped with the synthetic fallback asked for: the model walks on from the real price', async () => {
    const up = await upstream();
    const mirror = await mirrorOf(up.streamUrl, 'synthetic');
    await waitFor('upstream live', () => mirror.mirrorStatus()?.upstream === 'live');
    up.exchange.onPrice('BTCUSDT', '60000.00');
    await waitFor('BTC mirrored', () => lastPrice(mirror) === '60000.00000000');
    await up.close();
    await waitFor('fallback', () => mirror.mirrorStatus()?.market === 'synthetic');
    expect(mirror.mirrorStatus()?.upstream).toBe('down');
    expect(mirror.exchange.symbolStatus('BTCUSDT')).toBe('TRADING');
    const moved = await waitFor(
      'synthetic moves',
      () => lastPrice(mirror) !== '60000.00000000' && lastPrice(mirror),
    );
    expect(new Dec(moved).minus('60000').abs().lt('3000')).toBe(true);
  });

  it('an upstream that cannot be reached at all is down from the start', async () => {
    const gone = await upstream();
    const url = gone.streamUrl;
    await gone.close();
    servers.splice(servers.indexOf(gone), 1);
    const mirror = await mirrorOf(url);
    const st = await waitFor('down', () =>
      mirror.mirrorStatus()?.upstream === 'down' ? mirror.mirrorStatus() : null,
    );
    expect(st).toMatchObject({ market: 'halted', trades: 0, lastTradeAt: null });
    expect(mirror.exchange.symbolStatus('ETHUSDT')).toBe('BREAK');
  });

  it('refuses an upstream that is not a WebSocket URL', async () => {
    await expect(
      startSimServer({ port: 0, feed: { kind: 'mirror', url: 'https://data-api.binance.vision' } }),
    ).rejects.toThrow(/ws:\/\/ or wss:\/\//);
  });
});
