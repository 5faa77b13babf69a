import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCandles, encodeCandles, type CandleChunk } from './candle-file';
import { CandleSeries, type ChunkSlice } from './candle-series';
import { CatalogFormatError } from './errors';
import { findGaps } from './gaps';
import type { KlineInterval } from './intervals';
import type { RejectedLine } from './kline-csv';
import { DECIMAL_FIELDS, sameRow, type KlineRow } from './kline-row';
import {
  MAX_GAPS,
  MAX_REJECTED_SAMPLES,
  readManifest,
  writeManifest,
  type Manifest,
  type MonthEntry,
  type SourceKind,
} from './manifest';
import { monthKeyOf } from './months';
import { scaledToString } from './scaled-decimal';
import { writeFileAtomic } from './atomic-write';

/**
 * The local store of history: `<root>/spot/klines/<SYMBOL>/<interval>/` holds one binary
 * columns file per month (`YYYY-MM.candles`) and `manifest.json`. Every file is written to a
 * temporary name and renamed, the month files before the manifest, so an interrupted run leaves
 * the catalog as it was or with whole new months — never a manifest naming a half-written file.
 */
export interface IngestSource {
  name: string;
  sha256: string;
  kind: SourceKind;
}

export interface IngestInput {
  symbol: string;
  interval: KlineInterval;
  rows: readonly KlineRow[];
  rejected: readonly RejectedLine[];
  source: IngestSource;
}

export interface IngestResult {
  months: string[];
  rows: number;
  /** Rows that repeated an open time within the input with different values (the last kept). */
  duplicates: number;
  /** Rows already in the catalog with different values, now replaced by the input's. */
  replaced: number;
}

export interface SeriesInfo {
  symbol: string;
  interval: KlineInterval;
  manifest: Manifest;
}

export class Catalog {
  constructor(readonly root: string) {}

  seriesDir(symbol: string, interval: KlineInterval): string {
    return join(this.root, 'spot', 'klines', symbol, interval);
  }

  private manifestPath(symbol: string, interval: KlineInterval): string {
    return join(this.seriesDir(symbol, interval), 'manifest.json');
  }

  manifest(symbol: string, interval: KlineInterval): Manifest | null {
    return readManifest(this.manifestPath(symbol, interval));
  }

  private emptyManifest(symbol: string, interval: KlineInterval, now: number): Manifest {
    return {
      version: 1,
      market: 'spot',
      symbol,
      interval,
      updatedAt: now,
      months: {},
      gaps: [],
      gapCount: 0,
      missingCandles: 0,
      missingFiles: [],
    };
  }

  /** True when an archive file with this name and sha256 is already in the catalog. */
  hasSource(symbol: string, interval: KlineInterval, name: string, sha256: string): boolean {
    const m = this.manifest(symbol, interval);
    return (
      !!m &&
      Object.values(m.months).some((e) => e.sources.some((s) => s.name === name && s.sha256 === sha256))
    );
  }

  recordMissing(symbol: string, interval: KlineInterval, name: string, url: string, now: number): void {
    mkdirSync(this.seriesDir(symbol, interval), { recursive: true });
    const m = this.manifest(symbol, interval) ?? this.emptyManifest(symbol, interval, now);
    m.missingFiles = [...m.missingFiles.filter((f) => f.name !== name), { name, url, checkedAt: now }].sort(
      (a, b) => a.name.localeCompare(b.name),
    );
    m.updatedAt = now;
    writeManifest(this.manifestPath(symbol, interval), m);
  }

  readMonth(symbol: string, interval: KlineInterval, month: string): CandleChunk {
    const m = this.manifest(symbol, interval);
    const e = m?.months[month];
    if (!e)
      throw new CatalogFormatError(
        `${symbol} ${interval} ${month} is not in the catalog`,
        this.manifestPath(symbol, interval),
      );
    return this.readEntry(symbol, interval, e);
  }

  private readEntry(symbol: string, interval: KlineInterval, e: MonthEntry): CandleChunk {
    const path = join(this.seriesDir(symbol, interval), e.file);
    const bytes = readFileSync(path);
    if (bytes.length !== e.bytes)
      throw new CatalogFormatError(
        `${path}: ${bytes.length} bytes, the manifest says ${e.bytes} (truncated or replaced)`,
        path,
      );
    const chunk = decodeCandles(bytes, path);
    if (chunk.length !== e.rows)
      throw new CatalogFormatError(`${path}: ${chunk.length} rows, the manifest says ${e.rows}`, path);
    return chunk;
  }

  private monthRows(chunk: CandleChunk): KlineRow[] {
    const rows: KlineRow[] = [];
    for (let i = 0; i < chunk.length; i++) {
      rows.push({
        openTime: chunk.openTime[i] as number,
        closeTime: chunk.closeTime[i] as number,
        trades: chunk.trades[i] as number,
        values: DECIMAL_FIELDS.map((f) => {
          const c = chunk.decimals[f];
          return scaledToString(c.values[i] as number | bigint, c.scale);
        }),
      });
    }
    return rows;
  }

  /**
   * Adds the rows of one source file. A monthly archive file replaces its month (it is the
   * archive's final word on it); any other source merges into what is there, its rows winning
   * where an open time differs.
   */
  ingest(input: IngestInput, now: number): IngestResult {
    const { symbol, interval, source } = input;
    const dir = this.seriesDir(symbol, interval);
    mkdirSync(dir, { recursive: true });
    const manifest = this.manifest(symbol, interval) ?? this.emptyManifest(symbol, interval, now);
    const byMonth = new Map<string, Map<number, KlineRow>>();
    let duplicates = 0;
    for (const row of input.rows) {
      const key = monthKeyOf(row.openTime);
      let rows = byMonth.get(key);
      if (!rows) byMonth.set(key, (rows = new Map()));
      const before = rows.get(row.openTime);
      if (before && !sameRow(before, row)) duplicates++;
      rows.set(row.openTime, row);
    }
    const rejectedByMonth = this.assignRejected(input.rejected, [...byMonth.keys()]);
    let replaced = 0;
    for (const [month, incoming] of [...byMonth.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const existing = manifest.months[month];
      const keepOld = existing && !(source.kind === 'monthly');
      const merged = new Map<number, KlineRow>();
      if (keepOld)
        for (const r of this.monthRows(this.readEntry(symbol, interval, existing))) merged.set(r.openTime, r);
      for (const [t, r] of incoming) {
        const old = merged.get(t);
        if (old && !sameRow(old, r)) replaced++;
        merged.set(t, r);
      }
      const rows = [...merged.values()].sort((a, b) => a.openTime - b.openTime);
      const file = `${month}.candles`;
      const bytes = encodeCandles(symbol, interval, rows, join(dir, file));
      writeFileAtomic(join(dir, file), bytes);
      const gaps = findGaps(
        interval,
        rows.map((r) => r.openTime),
      );
      const rejected = rejectedByMonth.get(month) ?? [];
      const oldSources = keepOld ? existing.sources.filter((s) => s.name !== source.name) : [];
      const oldSamples = keepOld ? existing.rejectedSamples.filter((s) => s.file !== source.name) : [];
      const oldRejected = oldSources.reduce((n, s) => n + s.rejected, 0);
      manifest.months[month] = {
        file,
        bytes: bytes.length,
        rows: rows.length,
        firstOpenTime: (rows[0] as KlineRow).openTime,
        lastOpenTime: (rows[rows.length - 1] as KlineRow).openTime,
        gaps: gaps.slice(0, MAX_GAPS),
        gapCount: gaps.length,
        missingCandles: gaps.reduce((n, g) => n + g.missing, 0),
        sources: [
          ...oldSources,
          {
            name: source.name,
            sha256: source.sha256,
            kind: source.kind,
            rows: incoming.size,
            rejected: rejected.length,
          },
        ].sort((a, b) => a.name.localeCompare(b.name)),
        rejected: oldRejected + rejected.length,
        rejectedSamples: [...oldSamples, ...rejected].slice(0, MAX_REJECTED_SAMPLES),
      };
    }
    manifest.missingFiles = manifest.missingFiles.filter((f) => f.name !== source.name);
    manifest.updatedAt = now;
    writeManifest(this.manifestPath(symbol, interval), manifest);
    return { months: [...byMonth.keys()].sort(), rows: input.rows.length, duplicates, replaced };
  }

  /** Bad lines carry no open time: they go with the source's first month, so they are counted. */
  private assignRejected(rejected: readonly RejectedLine[], months: string[]): Map<string, RejectedLine[]> {
    const first = [...months].sort()[0];
    return new Map(first && rejected.length > 0 ? [[first, [...rejected]]] : []);
  }

  /** Every symbol/interval in the catalog, with its manifest. */
  list(): SeriesInfo[] {
    const base = join(this.root, 'spot', 'klines');
    if (!existsSync(base)) return [];
    const out: SeriesInfo[] = [];
    for (const symbol of readdirSync(base).sort()) {
      for (const interval of readdirSync(join(base, symbol)).sort()) {
        const manifest = this.manifest(symbol, interval as KlineInterval);
        if (manifest) out.push({ symbol, interval: interval as KlineInterval, manifest });
      }
    }
    return out;
  }

  /**
   * Candles with open time in [from, to) (ms; whole series when omitted), one readFile per
   * month and typed-array views over its bytes: a year of 1m candles loads in milliseconds.
   */
  load(symbol: string, interval: KlineInterval, range: { from?: number; to?: number } = {}): CandleSeries {
    return new CandleSeries(symbol, interval, [...this.slices(symbol, interval, range)]);
  }

  /**
   * The same candles one month at a time, for a reader that keeps memory bounded (a 1s series
   * over years): each month is read only when the previous one has been consumed.
   */
  *months(
    symbol: string,
    interval: KlineInterval,
    range: { from?: number; to?: number } = {},
  ): Generator<CandleSeries> {
    for (const slice of this.slices(symbol, interval, range))
      yield new CandleSeries(symbol, interval, [slice]);
  }

  private *slices(
    symbol: string,
    interval: KlineInterval,
    range: { from?: number; to?: number },
  ): Generator<ChunkSlice> {
    const m = this.manifest(symbol, interval);
    if (!m)
      throw new CatalogFormatError(
        `${symbol} ${interval} is not in the catalog`,
        this.manifestPath(symbol, interval),
      );
    const from = range.from ?? -Infinity;
    const to = range.to ?? Infinity;
    for (const key of Object.keys(m.months).sort()) {
      const e = m.months[key] as MonthEntry;
      if (e.lastOpenTime < from || e.firstOpenTime >= to) continue;
      const chunk = this.readEntry(symbol, interval, e);
      const a = lowerBound(chunk.openTime, from);
      const b = lowerBound(chunk.openTime, to);
      if (b > a) yield { chunk, from: a, to: b };
    }
  }
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
