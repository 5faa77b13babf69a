import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { downloadVerified, fetchChecksum, type DownloadOptions } from './archive-download';
import { archiveFile, fileUrl, type ArchiveFile } from './archive-layout';
import type { Catalog } from './catalog';
import { ingestSourceFile, type FileReport } from './ingest-file';
import type { KlineInterval } from './intervals';
import { compareMonths, dayKey, daysInMonth, monthKey, monthOf, monthsBetween, type Month } from './months';

/**
 * `npm run data -- download`: for every symbol and month, the monthly file when the month is
 * complete, else (current month, or a monthly file the archive does not have yet) the daily
 * files up to yesterday. Files already in the catalog with the archive's current sha256 are
 * skipped; a missing file is reported as a gap; a bad file is refused and reported; the run
 * goes on with the next file either way.
 */
export type SyncEvent =
  | { type: 'queued'; count: number }
  | { type: 'start'; file: ArchiveFile }
  | { type: 'bytes'; file: ArchiveFile; received: number; total: number | null }
  | { type: 'stored'; file: ArchiveFile; report: FileReport }
  | { type: 'skipped'; file: ArchiveFile }
  | { type: 'missing'; file: ArchiveFile }
  | { type: 'failed'; file: ArchiveFile; error: Error };

export interface SyncOptions {
  catalog: Catalog;
  baseUrl: string;
  /** Where .part files and verified zips wait until they are in the catalog. */
  downloadsDir: string;
  symbols: readonly string[];
  interval: KlineInterval;
  from: Month;
  to: Month;
  now: () => number;
  timeoutMs?: number;
  attempts?: number;
  signal?: AbortSignal;
  onEvent?: (e: SyncEvent) => void;
}

export interface SyncSummary {
  stored: number;
  skipped: number;
  missing: string[];
  failed: { name: string; message: string }[];
  rejectedLines: number;
}

export async function syncArchive(o: SyncOptions): Promise<SyncSummary> {
  const summary: SyncSummary = { stored: 0, skipped: 0, missing: [], failed: [], rejectedLines: 0 };
  const emit = o.onEvent ?? (() => undefined);
  const dl: DownloadOptions = {
    timeoutMs: o.timeoutMs ?? 120_000,
    attempts: o.attempts ?? 3,
    ...(o.signal ? { signal: o.signal } : {}),
  };
  mkdirSync(o.downloadsDir, { recursive: true });
  const now = o.now();
  const current = monthOf(now);
  const today = new Date(now).getUTCDate();
  const months = monthsBetween(o.from, o.to).filter((m) => compareMonths(m, current) <= 0);

  /** 'missing' when the archive has no such file. */
  const one = async (f: ArchiveFile): Promise<'done' | 'missing'> => {
    emit({ type: 'start', file: f });
    const url = fileUrl(o.baseUrl, f);
    try {
      const sum = await fetchChecksum(url, f.name, dl);
      if (sum.status === 'missing') return missing(f, url);
      if (o.catalog.hasSource(f.symbol, f.interval, f.name, sum.sha256)) {
        summary.skipped++;
        emit({ type: 'skipped', file: f });
        return 'done';
      }
      const got = await downloadVerified(url, f.name, sum.sha256, o.downloadsDir, {
        ...dl,
        onBytes: (received, total) => emit({ type: 'bytes', file: f, received, total }),
      });
      if (got.status === 'missing') return missing(f, url);
      const report = ingestStored(f, got.path, got.sha256);
      summary.stored++;
      summary.rejectedLines += report.rejected.length;
      emit({ type: 'stored', file: f, report });
    } catch (err) {
      if (o.signal?.aborted) throw err;
      const error = err instanceof Error ? err : new Error(String(err));
      summary.failed.push({ name: f.name, message: error.message });
      emit({ type: 'failed', file: f, error });
    }
    return 'done';
  };

  const missing = (f: ArchiveFile, url: string): 'missing' => {
    o.catalog.recordMissing(f.symbol, f.interval, f.name, url, o.now());
    summary.missing.push(f.name);
    return 'missing';
  };

  const ingestStored = (f: ArchiveFile, path: string, sha256: string): FileReport => {
    let report: FileReport;
    try {
      report = ingestSourceFile(
        o.catalog,
        {
          name: f.name,
          data: readFileSync(path),
          sha256,
          kind: f.kind,
          symbol: f.symbol,
          interval: f.interval,
        },
        o.now(),
      );
    } catch (err) {
      // An unreadable zip is deleted: the next run downloads it afresh.
      rmSync(path, { force: true });
      throw err;
    }
    // A file with bad lines stays in the downloads folder for inspection; the rest go.
    if (report.rejected.length === 0) rmSync(path, { force: true });
    return report;
  };

  const dailies = (symbol: string, m: Month): ArchiveFile[] => {
    const isCurrent = compareMonths(m, current) === 0;
    const lastDay = isCurrent ? today - 1 : daysInMonth(m);
    const out: ArchiveFile[] = [];
    for (let d = 1; d <= lastDay; d++) out.push(archiveFile(symbol, o.interval, 'daily', dayKey(m, d)));
    return out;
  };

  // The bar's total up front: one file per complete month, a file per day of the current one.
  // A monthly file the archive lacks adds its month's days when they are queued.
  const isCurrent = (m: Month): boolean => compareMonths(m, current) === 0;
  emit({
    type: 'queued',
    count: o.symbols.length * months.reduce((n, m) => n + (isCurrent(m) ? today - 1 : 1), 0),
  });
  for (const symbol of o.symbols) {
    for (const m of months) {
      const key = monthKey(m);
      const days = dailies(symbol, m);
      if (!isCurrent(m)) {
        const monthly = archiveFile(symbol, o.interval, 'monthly', key);
        if ((await one(monthly)) === 'done') continue;
        emit({ type: 'missing', file: monthly });
        emit({ type: 'queued', count: days.length });
      }
      for (const f of days) if ((await one(f)) === 'missing') emit({ type: 'missing', file: f });
    }
  }
  return summary;
}

export const downloadsDirOf = (dataDir: string): string => join(dataDir, 'catalog', '.downloads');
