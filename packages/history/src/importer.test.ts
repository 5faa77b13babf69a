import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { klineCsv } from './archive-server.fixture';
import { Catalog } from './catalog';
import { CatalogFormatError } from './errors';
import { importFiles } from './importer';
import { makeZip } from './zip-writer.fixture';

const MIN = 60_000;
const MAY = Date.UTC(2024, 4, 1);
let dir: string;
let catalog: Catalog;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-import-'));
  catalog = new Catalog(join(dir, 'catalog'));
  mkdirSync(join(dir, 'in'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const put = (name: string, data: Buffer | string): string => {
  const p = join(dir, 'in', name);
  writeFileSync(p, data);
  return p;
};

describe('import', () => {
  it('imports a folder: a zip verified by its .CHECKSUM, a CSV with a bad line reported by file and line', () => {
    const zip = makeZip([
      { name: 'BTCUSDT-1m-2024-05.csv', data: klineCsv({ start: MAY, count: 60, stepMs: MIN }) },
    ]);
    put('BTCUSDT-1m-2024-05.zip', zip);
    put(
      'BTCUSDT-1m-2024-05.zip.CHECKSUM',
      `${createHash('sha256').update(zip).digest('hex')}  BTCUSDT-1m-2024-05.zip\n`,
    );
    const lines = klineCsv({ start: Date.UTC(2024, 5, 1), count: 10, stepMs: MIN }).split('\n');
    lines[3] = 'not,a,kline';
    put('ETHUSDT-1m-2024-06-01.csv', lines.join('\n'));
    const summary = importFiles(join(dir, 'in'), { catalog, now: () => 0 });
    expect(summary).toEqual({ stored: 2, skipped: 0, failed: [], rejectedLines: 1 });
    expect(catalog.manifest('BTCUSDT', '1m')?.months['2024-05']?.rows).toBe(60);
    const eth = catalog.manifest('ETHUSDT', '1m')?.months['2024-06'];
    expect(eth?.rows).toBe(9);
    expect(eth?.rejected).toBe(1);
    expect(eth?.rejectedSamples).toEqual([
      {
        file: 'ETHUSDT-1m-2024-06-01.csv',
        line: 4,
        reason: 'expected 12 columns, got 3',
        text: 'not,a,kline',
      },
    ]);
    // The bad line left a hole, which is a gap, not filled.
    expect(eth?.gaps).toEqual([
      { from: Date.UTC(2024, 5, 1) + 3 * MIN, to: Date.UTC(2024, 5, 1) + 3 * MIN, missing: 1 },
    ]);
    // A second import of the same files changes nothing.
    expect(importFiles(join(dir, 'in'), { catalog, now: () => 0 })).toMatchObject({ stored: 0, skipped: 2 });
  });

  it('refuses a zip whose .CHECKSUM does not match, and stores nothing of it', () => {
    const zip = makeZip([
      { name: 'BTCUSDT-1m-2024-05.csv', data: klineCsv({ start: MAY, count: 5, stepMs: MIN }) },
    ]);
    put('BTCUSDT-1m-2024-05.zip', zip);
    put('BTCUSDT-1m-2024-05.zip.CHECKSUM', `${'0'.repeat(64)}  BTCUSDT-1m-2024-05.zip\n`);
    const summary = importFiles(join(dir, 'in'), { catalog, now: () => 0 });
    expect(summary.failed).toEqual([
      {
        name: 'BTCUSDT-1m-2024-05.zip',
        message: expect.stringMatching(/^BTCUSDT-1m-2024-05\.zip: checksum mismatch/),
      },
    ]);
    expect(catalog.manifest('BTCUSDT', '1m')).toBeNull();
  });

  it('needs --symbol and --interval for a file not named as the archive names them', () => {
    const p = put('my-candles.csv', klineCsv({ start: MAY, count: 5, stepMs: MIN }));
    expect(importFiles(p, { catalog, now: () => 0 }).failed[0]?.message).toMatch(
      /pass --symbol and --interval/,
    );
    expect(importFiles(p, { catalog, now: () => 0, symbol: 'SOLUSDT', interval: '1m' })).toMatchObject({
      stored: 1,
    });
    expect(catalog.load('SOLUSDT', '1m').length).toBe(5);
  });

  it('merges daily files into their month, and a monthly file replaces the month', () => {
    const day2 = klineCsv({ start: MAY + 1440 * MIN, count: 3, stepMs: MIN, price: () => '1.10000000' });
    const day1 = klineCsv({ start: MAY, count: 3, stepMs: MIN, price: () => '1.00000000' });
    importFiles(put('BTCUSDT-1m-2024-05-02.csv', day2), { catalog, now: () => 0 });
    importFiles(put('BTCUSDT-1m-2024-05-01.csv', day1), { catalog, now: () => 0 });
    const merged = catalog.load('BTCUSDT', '1m');
    expect(merged.length).toBe(6);
    expect([merged.decimalString('close', 0), merged.decimalString('close', 5)]).toEqual(['1', '1.1']);
    expect(catalog.manifest('BTCUSDT', '1m')?.months['2024-05']?.sources.map((s) => s.name)).toEqual([
      'BTCUSDT-1m-2024-05-01.csv',
      'BTCUSDT-1m-2024-05-02.csv',
    ]);
    importFiles(
      put(
        'BTCUSDT-1m-2024-05.csv',
        klineCsv({ start: MAY, count: 2, stepMs: MIN, price: () => '2.00000000' }),
      ),
      {
        catalog,
        now: () => 0,
      },
    );
    const month = catalog.load('BTCUSDT', '1m');
    expect(month.length).toBe(2);
    expect([...catalog.months('BTCUSDT', '1m')].map((s) => s.length)).toEqual([2]);
    expect(month.decimalString('close', 1)).toBe('2');
  });

  it('a catalog file cut short is an error naming it, not wrong candles', () => {
    importFiles(put('BTCUSDT-1m-2024-05.csv', klineCsv({ start: MAY, count: 50, stepMs: MIN })), {
      catalog,
      now: () => 0,
    });
    const file = join(catalog.seriesDir('BTCUSDT', '1m'), '2024-05.candles');
    truncateSync(file, 1000);
    expect(() => catalog.load('BTCUSDT', '1m')).toThrow(CatalogFormatError);
    expect(() => catalog.load('BTCUSDT', '1m')).toThrow(/2024-05\.candles: 1000 bytes, the manifest says/);
  });
});
