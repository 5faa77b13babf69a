import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
});
