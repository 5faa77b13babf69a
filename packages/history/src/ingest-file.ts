import type { Catalog, IngestResult } from './catalog';
import type { KlineInterval } from './intervals';
import { parseKlineCsv, type RejectedLine } from './kline-csv';
import type { KlineRow } from './kline-row';
import type { SourceKind } from './manifest';
import { readZipEntries } from './zip-reader';

/** What one source file added to the catalog. */
export interface FileReport extends IngestResult {
  name: string;
  rejected: RejectedLine[];
  headerSkipped: boolean;
}

export interface SourceFile {
  name: string;
  data: Buffer;
  sha256: string;
  kind: SourceKind;
  symbol: string;
  interval: KlineInterval;
}

/**
 * Parses a zip (every .csv inside) or a bare CSV and adds its rows to the catalog. A bad line
 * is reported by file and line and counted; the rest of the file is stored.
 */
export function ingestSourceFile(catalog: Catalog, f: SourceFile, now: number): FileReport {
  const csvs = f.name.toLowerCase().endsWith('.zip')
    ? readZipEntries(f.data, f.name)
        .filter((e) => e.name.toLowerCase().endsWith('.csv'))
        .map((e) => ({ file: `${f.name}/${e.name}`, data: e.data }))
    : [{ file: f.name, data: f.data }];
  const rows: KlineRow[] = [];
  const rejected: RejectedLine[] = [];
  let headerSkipped = false;
  for (const csv of csvs) {
    const parsed = parseKlineCsv(csv.data, csv.file);
    for (const r of parsed.rows) rows.push(r);
    rejected.push(...parsed.rejected);
    headerSkipped ||= parsed.headerSkipped;
  }
  const base = { name: f.name, rejected, headerSkipped };
  if (rows.length === 0) return { ...base, months: [], rows: 0, duplicates: 0, replaced: 0 };
  const result = catalog.ingest(
    {
      symbol: f.symbol,
      interval: f.interval,
      rows,
      rejected,
      source: { name: f.name, sha256: f.sha256, kind: f.kind },
    },
    now,
  );
  return { ...base, ...result };
}
