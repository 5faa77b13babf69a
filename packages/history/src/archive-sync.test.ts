import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { klineCsv, serveZip, startArchiveServer, type ArchiveServer } from './archive-server.fixture';
import { syncArchive, type SyncEvent, type SyncOptions } from './archive-sync';
import { Catalog } from './catalog';
import { formatListing } from './catalog-listing';
import { parseMonth } from './months';

const MIN = 60_000;
const DAY = 1440 * MIN;
const monthly = 'data/spot/monthly/klines/BTCUSDT/1m';
const daily = 'data/spot/daily/klines/BTCUSDT/1m';

let server: ArchiveServer;
let dir: string;
let catalog: Catalog;

beforeEach(async () => {
  server = await startArchiveServer();
  dir = mkdtempSync(join(tmpdir(), 'aurora-history-'));
  catalog = new Catalog(join(dir, 'catalog'));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A day of 1m candles, or `count` of them. */
const day = (start: number, extra: Partial<Parameters<typeof klineCsv>[0]> = {}): string =>
  klineCsv({ start, count: 1440, stepMs: MIN, ...extra });

const run = (o: Partial<SyncOptions> & Pick<SyncOptions, 'from' | 'to' | 'now'>, events: SyncEvent[] = []) =>
  syncArchive({
    catalog,
    baseUrl: server.url,
    downloadsDir: join(dir, 'catalog', '.downloads'),
    symbols: ['BTCUSDT'],
    interval: '1m',
    timeoutMs: 5_000,
    onEvent: (e) => events.push(e),
    ...o,
  });

describe('download from the archive layout', () => {
  it('stores monthly files for complete months and daily files for the current one, with µs times, a header row and a missing day reported as a gap', async () => {
    // December 2024: two days only (a short month keeps the test fast), with a header row.
    const dec = Date.UTC(2024, 11, 1);
    serveZip(server, monthly, 'BTCUSDT-1m-2024-12.zip', day(dec, { count: 2 * 1440, header: true }));
    // January 2025: microsecond timestamps, and exact prices to read back.
    const jan = Date.UTC(2025, 0, 1);
    serveZip(
      server,
      monthly,
      'BTCUSDT-1m-2025-01.zip',
      day(jan, { count: 1440, micro: true, price: (i) => `${93000 + i}.01000000` }),
    );
    // February 2025 is the current month: daily files; the 2nd is not in the archive.
    const feb = Date.UTC(2025, 1, 1);
    serveZip(server, daily, 'BTCUSDT-1m-2025-02-01.zip', day(feb));
    serveZip(server, daily, 'BTCUSDT-1m-2025-02-03.zip', day(feb + 2 * DAY));
    const events: SyncEvent[] = [];
    const summary = await run(
      { from: parseMonth('2024-12'), to: parseMonth('2025-02'), now: () => feb + 3 * DAY + 10 * 3_600_000 },
      events,
    );

    expect(summary).toMatchObject({
      stored: 4,
      skipped: 0,
      failed: [],
      missing: ['BTCUSDT-1m-2025-02-02.zip'],
    });
    // Today's daily file (the 4th) is not asked for: the archive publishes a day the day after.
    expect(server.requests.some((r) => r.path.includes('2025-02-04'))).toBe(false);
    const m = catalog.manifest('BTCUSDT', '1m');
    expect(Object.keys(m?.months ?? {})).toEqual(['2024-12', '2025-01', '2025-02']);
    expect(m?.months['2025-01']?.firstOpenTime).toBe(jan);
    expect(m?.months['2025-01']?.lastOpenTime).toBe(jan + 1439 * MIN);
    expect(m?.missingFiles.map((f) => f.name)).toEqual(['BTCUSDT-1m-2025-02-02.zip']);
    // The missing day is a gap of 1440 candles; so is the rest of December after the 2nd.
    expect(m?.months['2025-02']?.gaps).toEqual([{ from: feb + DAY, to: feb + 2 * DAY - MIN, missing: 1440 }]);
    expect(m?.gaps).toContainEqual({ from: dec + 2 * DAY, to: jan - MIN, missing: 29 * 1440 });
    const series = catalog.load('BTCUSDT', '1m', { from: jan, to: jan + 3 * MIN });
    expect(series.length).toBe(3);
    expect(series.closeTime[0]).toBe(jan + MIN - 1);
    expect(series.decimalString('close', 2)).toBe('93002.01');
    expect(series.numbers('close')[2]).toBe(93002.01);
    expect([...catalog.months('BTCUSDT', '1m')].map((s) => s.length)).toEqual([2 * 1440, 1440, 2 * 1440]);
    expect(catalog.load('BTCUSDT', '1m').length).toBe(5 * 1440);
    const listing = formatListing(catalog.list());
    expect(listing).toContain('BTCUSDT 1m');
    expect(listing).toContain('2025-02-02 00:00 … 2025-02-02 23:59 UTC  1,440 missing');
    expect(listing).toContain('BTCUSDT-1m-2025-02-02.zip');
    expect(events.filter((e) => e.type === 'missing').map((e) => e.file.name)).toEqual([
      'BTCUSDT-1m-2025-02-02.zip',
    ]);
  });

  it('refuses a file whose checksum does not match, after one retry, and stores nothing of it', async () => {
    serveZip(server, monthly, 'BTCUSDT-1m-2024-05.zip', day(Date.UTC(2024, 4, 1)), { checksumOf: 'other' });
    const summary = await run({
      from: parseMonth('2024-05'),
      to: parseMonth('2024-05'),
      now: () => Date.UTC(2024, 6, 1),
    });
    expect(summary.stored).toBe(0);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]?.message).toMatch(/^BTCUSDT-1m-2024-05\.zip: checksum mismatch .*file refused$/);
    expect(server.requests.filter((r) => r.path === `${monthly}/BTCUSDT-1m-2024-05.zip`)).toHaveLength(2);
    expect(catalog.manifest('BTCUSDT', '1m')).toBeNull();
    expect(readdirSync(join(dir, 'catalog', '.downloads'))).toEqual([]);
  });

  it('reports a truncated zip as a clear error naming the file and goes on with the next file', async () => {
    // The archive's own checksum matches the cut bytes: only the zip reader can tell.
    serveZip(server, monthly, 'BTCUSDT-1m-2024-05.zip', day(Date.UTC(2024, 4, 1)), {
      zip: (z) => z.subarray(0, z.length - 40),
    });
    serveZip(server, monthly, 'BTCUSDT-1m-2024-06.zip', day(Date.UTC(2024, 5, 1)));
    const summary = await run({
      from: parseMonth('2024-05'),
      to: parseMonth('2024-06'),
      now: () => Date.UTC(2024, 7, 1),
    });
    expect(summary.failed).toEqual([
      {
        name: 'BTCUSDT-1m-2024-05.zip',
        message: expect.stringMatching(/^BTCUSDT-1m-2024-05\.zip: truncated zip/),
      },
    ]);
    expect(summary.stored).toBe(1);
    expect(Object.keys(catalog.manifest('BTCUSDT', '1m')?.months ?? {})).toEqual(['2024-06']);
  });

  it('resumes a file whose connection dropped mid-way with a Range request', async () => {
    const zip = serveZip(server, monthly, 'BTCUSDT-1m-2024-05.zip', day(Date.UTC(2024, 4, 1)), {
      dropAfter: { bytes: 5_000, times: 1 },
    });
    const summary = await run({
      from: parseMonth('2024-05'),
      to: parseMonth('2024-05'),
      now: () => Date.UTC(2024, 6, 1),
    });
    expect(summary).toMatchObject({ stored: 1, failed: [] });
    const gets = server.requests.filter((r) => r.path === `${monthly}/BTCUSDT-1m-2024-05.zip`);
    expect(gets.map((r) => r.range)).toEqual([undefined, 'bytes=5000-']);
    expect(zip.length).toBeGreaterThan(5_000);
    expect(catalog.manifest('BTCUSDT', '1m')?.months['2024-05']?.rows).toBe(1440);
  });

  it('after an interrupted run, the next run resumes the .part file and skips files already in the catalog', async () => {
    serveZip(server, monthly, 'BTCUSDT-1m-2024-05.zip', day(Date.UTC(2024, 4, 1)));
    serveZip(
      server,
      monthly,
      'BTCUSDT-1m-2024-06.zip',
      klineCsv({ start: Date.UTC(2024, 5, 1), count: 40_000, stepMs: MIN }),
    );
    const stop = new AbortController();
    const range = { from: parseMonth('2024-05'), to: parseMonth('2024-06'), now: () => Date.UTC(2024, 7, 1) };
    // The user stops the first run while the second file is on the wire.
    await expect(
      run({
        ...range,
        signal: stop.signal,
        attempts: 1,
        onEvent: (e) => {
          if (e.type === 'bytes' && e.file.name.endsWith('2024-06.zip')) stop.abort();
        },
      }),
    ).rejects.toThrow();
    const part = join(dir, 'catalog', '.downloads', 'BTCUSDT-1m-2024-06.zip.part');
    expect(existsSync(part)).toBe(true);
    server.requests.length = 0;

    const summary = await run(range);
    expect(summary).toMatchObject({ stored: 1, skipped: 1, failed: [] });
    // May: only its checksum was asked for. June: resumed where the part ended.
    expect(server.requests.filter((r) => r.path.endsWith('2024-05.zip'))).toEqual([]);
    const june = server.requests.filter((r) => r.path.endsWith('2024-06.zip'));
    expect(june).toHaveLength(1);
    expect(june[0]?.range).toMatch(/^bytes=[1-9]\d*-$/);
    expect(existsSync(part)).toBe(false);
    expect(catalog.manifest('BTCUSDT', '1m')?.months['2024-06']?.rows).toBe(40_000);
  });

  it('falls back to daily files when a complete month has no monthly file yet', async () => {
    const may = Date.UTC(2024, 4, 1);
    for (let d = 1; d <= 31; d++)
      serveZip(
        server,
        daily,
        `BTCUSDT-1m-2024-05-${String(d).padStart(2, '0')}.zip`,
        klineCsv({ start: may + (d - 1) * DAY, count: 3, stepMs: MIN }),
      );
    const summary = await run({
      from: parseMonth('2024-05'),
      to: parseMonth('2024-05'),
      now: () => Date.UTC(2024, 5, 2),
    });
    expect(summary).toMatchObject({ stored: 31, failed: [], missing: ['BTCUSDT-1m-2024-05.zip'] });
    expect(catalog.manifest('BTCUSDT', '1m')?.months['2024-05']?.rows).toBe(93);
  });
});
