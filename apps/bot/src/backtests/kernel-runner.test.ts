import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tradeHash } from '@aurora/backtest';
import { runKernelBacktest } from './kernel-runner';

const dataDir = mkdtempSync(join(tmpdir(), 'aurora-kernel-runner-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const FROM = Date.UTC(2024, 0, 1);
const request = (data: string) => ({
  strategy: 'ema-cross',
  params: {},
  symbols: ['BTCUSDT'],
  from: FROM,
  to: FROM + 6 * 3_600_000,
  balance: '10000',
  data,
  dataDir,
});

describe('the product backtest runner (dashboard Backtests page)', () => {
  it('runs the kernel on the synthetic market the request names, repeatably', async () => {
    const seen: number[] = [];
    const a = await runKernelBacktest(request('synthetic:days=1,seed=11'), (done) => seen.push(done));
    const b = await runKernelBacktest(request('synthetic:days=1,seed=11'), () => undefined);
    expect(a.dataSource).toBe('synthetic:days=1,seed=11');
    expect(a.candles).toBeGreaterThanOrEqual(360);
    expect(seen.length).toBeGreaterThan(0);
    expect(tradeHash(a.trades)).toBe(tradeHash(b.trades));
  });

  it('reads "catalog" as the catalog under the bot data dir, and says what it lacks', async () => {
    await expect(runKernelBacktest(request('catalog'), () => undefined)).rejects.toThrow(/BTCUSDT 1m is not in the catalog/);
  });
});
