import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog, DECIMAL_FIELDS, type KlineRow } from '@aurora/history';
import { runBacktest, type BacktestOptions } from './run-backtest';
import { syntheticSeries } from './synthetic-candles';

const FROM = Date.UTC(2024, 0, 1);
const MIN = 60_000;
const WARMUP = 500;
const MINUTES = 180;
const root = mkdtempSync(join(tmpdir(), 'aurora-bt-catalog-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The synthetic candles runBacktest would generate, written into a catalog (minus `skip`). */
function catalogOf(dir: string, skip: (openTime: number) => boolean = () => false): string {
  const [s] = syntheticSeries(['BTCUSDT'], FROM - WARMUP * MIN, WARMUP + MINUTES, 7);
  const rows: KlineRow[] = [];
  for (let i = 0; i < s!.length; i++) {
    if (skip(s!.openTime[i]!)) continue;
    rows.push({
      openTime: s!.openTime[i]!,
      closeTime: s!.closeTime[i]!,
      trades: s!.trades[i]!,
      values: DECIMAL_FIELDS.map((f) => s!.decimalString(f, i)),
    });
  }
  const catalog = new Catalog(join(root, dir));
  catalog.ingest(
    { symbol: 'BTCUSDT', interval: '1m', rows, rejected: [], source: { name: 'test.csv', sha256: 'test', kind: 'import' } },
    0,
  );
  return catalog.root;
}

const opts = (data: BacktestOptions['data']): BacktestOptions => ({
  strategy: 'ema-cross',
  symbols: ['BTCUSDT'],
  from: FROM,
  to: FROM + MINUTES * MIN,
  balance: '10000',
  data,
  seed: 7,
});

describe('runBacktest on catalog history', () => {
  it('trades catalog candles exactly as the same candles from the synthetic source', async () => {
    const fromCatalog = await runBacktest(opts(catalogOf('same')));
    const synthetic = await runBacktest(opts({ synthetic: { days: 1, seed: 7 } }));
    expect(fromCatalog.dataSource).toMatch(/^catalog:/);
    expect(fromCatalog.candles).toBe(MINUTES);
    expect(fromCatalog.trades.length).toBeGreaterThan(0);
    expect(fromCatalog.trades).toEqual(synthetic.trades);
    expect(fromCatalog.equity).toEqual(synthetic.equity);
  }, 120_000);

  it('replays around a hole in the history and invents no candle for it', async () => {
    const hole = (t: number) => t >= FROM + 60 * MIN && t < FROM + 65 * MIN;
    const r = await runBacktest(opts(catalogOf('holed', hole)));
    expect(r.candles).toBe(MINUTES - 5);
    expect(r.prices.BTCUSDT!.some((p) => p.t === FROM + 61 * MIN)).toBe(false);
  }, 120_000);

  it('names the missing series', async () => {
    await expect(runBacktest({ ...opts(catalogOf('same')), symbols: ['ETHUSDT'] })).rejects.toThrow(/ETHUSDT 1m is not in the catalog/);
  });
});
