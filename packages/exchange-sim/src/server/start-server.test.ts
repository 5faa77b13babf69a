import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rest } from '../testing/sim-client';
import { SimConfigError, startSimServer } from './start-server';

describe('startSimServer', () => {
  it('refuses to bind anything but loopback', async () => {
    await expect(startSimServer({ host: '0.0.0.0' })).rejects.toBeInstanceOf(SimConfigError);
  });

  it('replays a directory of Binance kline CSVs: history first, then the rest plays forward', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-replay-'));
    try {
      const t0 = Date.UTC(2024, 4, 1);
      const rows = Array.from({ length: 30 }, (_, i) => {
        const open = 60000 + i * 10;
        return [
          t0 + i * 60_000,
          open,
          open + 20,
          open - 20,
          open + 10,
          2.5,
          t0 + i * 60_000 + 59_999,
          0,
          10,
          1,
          0,
          0,
        ].join(',');
      });
      writeFileSync(join(dir, 'BTCUSDT-1m-2024-05-01.csv'), rows.join('\n'));
      const sim = await startSimServer({ feed: { kind: 'replay', dir, speed: 1 }, historyCandles: 20 });
      try {
        expect(sim.exchange.symbols).toEqual(['BTCUSDT']);
        const klines = sim.exchange.klines('BTCUSDT', '1m', { limit: 21 });
        expect(klines.slice(0, 20).map((k) => k[1])).toEqual(
          Array.from({ length: 20 }, (_, i) => (60000 + i * 10).toFixed(8)),
        );
        sim.exchange.step(30); // 30 s of the 21st candle: open 60200 → low 60180 → high 60220
        const price = Number(sim.exchange.tickerPrice('BTCUSDT').price);
        expect(price).toBeGreaterThan(60170);
        expect(price).toBeLessThan(60230);
      } finally {
        await sim.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('restarts on the same port over the same engine: the account, its orders and balances carry over', async () => {
    const first = await startSimServer({ seed: 7 });
    const { apiKey, apiSecret } = first.createAccount({ USDT: '1000' });
    const placed = await rest<{ orderId: number }>(first.restUrl, '/api/v3/order', {
      method: 'POST',
      apiKey,
      secret: apiSecret,
      params: {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'MARKET',
        quoteOrderQty: '100',
        newClientOrderId: 'kept-1',
      },
    });
    expect(placed.status).toBe(200);
    const { port, exchange } = first;
    await first.close();
    const second = await startSimServer({ port, exchange });
    try {
      expect(second.restUrl).toBe(first.restUrl);
      const order = await rest<{ clientOrderId: string; status: string }>(second.restUrl, '/api/v3/order', {
        apiKey,
        secret: apiSecret,
        params: { symbol: 'BTCUSDT', origClientOrderId: 'kept-1' },
      });
      expect(order.status).toBe(200);
      expect(order.body).toMatchObject({ clientOrderId: 'kept-1', status: 'FILLED' });
      const account = await rest<{ balances: { asset: string; free: string }[] }>(
        second.restUrl,
        '/api/v3/account',
        {
          apiKey,
          secret: apiSecret,
        },
      );
      expect(account.status).toBe(200);
      expect(Number(account.body.balances.find((b) => b.asset === 'USDT')?.free)).toBeLessThan(1000);
    } finally {
      await second.close();
    }
  });
});
