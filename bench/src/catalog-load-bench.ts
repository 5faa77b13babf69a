import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Catalog, type KlineRow } from '@aurora/history';
import { withBaseline, type BenchResult } from './bench-result';

const MIN = 60_000;
const YEAR_START = Date.UTC(2023, 0, 1);
const YEAR_END = Date.UTC(2024, 0, 1);
const RUNS = 7;
/** Loading must cost little more than reading the bytes: no per-candle parsing on the way in. */
const TARGET_RATIO = 2;

/** A year of 1m candles (525,600) of a random walk around 30,000, as the archive would give it. */
export function syntheticYearByMonth(): Map<number, KlineRow[]> {
  const months = new Map<number, KlineRow[]>();
  let price = 3_000_000; // cents
  let seed = 7;
  const rnd = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const cents = (c: number): string => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}000000`;
  for (let t = YEAR_START; t < YEAR_END; t += MIN) {
    const open = price;
    price = Math.max(100, price + Math.round((rnd() - 0.5) * 2_000));
    const high = Math.max(open, price) + Math.round(rnd() * 500);
    const low = Math.max(1, Math.min(open, price) - Math.round(rnd() * 500));
    const volume = (rnd() * 50).toFixed(5);
    const month = new Date(t).getUTCMonth();
    let rows = months.get(month);
    if (!rows) months.set(month, (rows = []));
    rows.push({
      openTime: t,
      closeTime: t + MIN - 1,
      trades: Math.floor(rnd() * 2_000),
      values: [
        cents(open),
        cents(high),
        cents(low),
        cents(price),
        volume,
        ((Number(volume) * price) / 100).toFixed(7),
        (Number(volume) / 2).toFixed(5),
        ((Number(volume) * price) / 200).toFixed(7),
      ],
    });
  }
  return months;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * Issue 12 §6 "Catalog load": one year of one symbol's 1m candles from the catalog on disk into
 * memory — the months' columns plus the float close column a strategy reads — against reading
 * the same bytes with readFileSync and nothing else (the disk/page-cache floor).
 */
export function runCatalogLoadBench(): BenchResult[] {
  const root = mkdtempSync(join(tmpdir(), 'aurora-bench-catalog-'));
  try {
    const catalog = new Catalog(root);
    for (const [month, rows] of syntheticYearByMonth())
      catalog.ingest(
        {
          symbol: 'BTCUSDT',
          interval: '1m',
          rows,
          rejected: [],
          source: {
            name: `BTCUSDT-1m-2023-${String(month + 1).padStart(2, '0')}.zip`,
            sha256: 'synthetic',
            kind: 'monthly',
          },
        },
        0,
      );
    const dir = catalog.seriesDir('BTCUSDT', '1m');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.candles'))
      .map((f) => join(dir, f));
    const bytes = files.reduce((n, f) => n + readFileSync(f).length, 0);
    const loads: number[] = [];
    const reads: number[] = [];
    const scans: number[] = [];
    let candles = 0;
    let checksum = 0;
    for (let r = 0; r < RUNS; r++) {
      let t = performance.now();
      for (const f of files) checksum += readFileSync(f).length;
      reads.push(performance.now() - t);
      t = performance.now();
      const series = catalog.load('BTCUSDT', '1m');
      const close = series.numbers('close');
      loads.push(performance.now() - t);
      candles = series.length;
      t = performance.now();
      for (let i = 0; i < close.length; i++) checksum += close[i] as number;
      scans.push(performance.now() - t);
    }
    if (checksum === 0) throw new Error('nothing was read');
    const loadMs = median(loads);
    const readMs = median(reads);
    const note = `${candles.toLocaleString('en-US')} candles in ${files.length} month files, ${(bytes / 1_048_576).toFixed(1)} MB; median of ${RUNS}, warm page cache`;
    return [
      {
        ...withBaseline(
          { name: 'history.catalog_load_1y_1m', value: loadMs, unit: 'ms', note },
          'readFileSync of the same files',
          readMs,
        ),
        target: { text: `≤ ${TARGET_RATIO}× bare read`, met: loadMs <= TARGET_RATIO * readMs },
      },
      withBaseline(
        {
          name: 'history.scan_close_1y_1m',
          value: median(scans),
          unit: 'ms',
          note: 'one pass over the float close column: the floor of a backtest loop',
        },
        'catalog load',
        loadMs,
      ),
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
