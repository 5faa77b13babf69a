import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArchiveName } from './archive-layout';
import type { Catalog } from './catalog';
import { parseChecksumFile, sha256Hex } from './checksum';
import { ChecksumMismatchError, HistoryError } from './errors';
import { ingestSourceFile, type FileReport } from './ingest-file';
import type { KlineInterval } from './intervals';

/**
 * `npm run data -- import <zip|csv|folder>`: files a user already has. Symbol and interval come
 * from the archive's file name (`BTCUSDT-1m-2024-01.zip`) or from --symbol/--interval. A zip
 * with its `.CHECKSUM` beside it is verified and refused on a mismatch; one without is stored
 * with the sha256 of its bytes. A bad file is reported and the import goes on.
 */
export interface ImportOptions {
  catalog: Catalog;
  now: () => number;
  symbol?: string;
  interval?: KlineInterval;
  onFile?: (
    e:
      | { name: string; outcome: 'stored'; report: FileReport }
      | { name: string; outcome: 'skipped' }
      | { name: string; outcome: 'failed'; error: Error },
  ) => void;
}

export interface ImportSummary {
  stored: number;
  skipped: number;
  failed: { name: string; message: string }[];
  rejectedLines: number;
}

function sourceFiles(path: string): string[] {
  if (!existsSync(path)) throw new HistoryError(`${path}: no such file or folder`, path);
  if (!statSync(path).isDirectory()) return [path];
  const out: string[] = [];
  for (const entry of readdirSync(path).sort()) {
    const full = join(path, entry);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(zip|csv)$/i.test(entry)) out.push(full);
  }
  return out;
}

export function importFiles(path: string, o: ImportOptions): ImportSummary {
  const summary: ImportSummary = { stored: 0, skipped: 0, failed: [], rejectedLines: 0 };
  for (const file of sourceFiles(path)) {
    const name = basename(file);
    try {
      const parsed = parseArchiveName(name);
      const symbol = o.symbol ?? parsed?.symbol;
      const interval = o.interval ?? parsed?.interval;
      if (!symbol || !interval)
        throw new HistoryError(
          `${file}: cannot tell symbol and interval from the name; pass --symbol and --interval`,
          file,
        );
      const data = readFileSync(file);
      const sha256 = sha256Hex(data);
      const sumPath = `${file}.CHECKSUM`;
      if (existsSync(sumPath)) {
        const expected = parseChecksumFile(readFileSync(sumPath, 'utf8'), name, sumPath);
        if (expected !== sha256) throw new ChecksumMismatchError(name, expected, sha256);
      }
      if (o.catalog.hasSource(symbol, interval, name, sha256)) {
        summary.skipped++;
        o.onFile?.({ name, outcome: 'skipped' });
        continue;
      }
      // Only an archive monthly file, under its own symbol and interval, is a whole month.
      const kind =
        parsed?.kind === 'monthly' && parsed.symbol === symbol && parsed.interval === interval
          ? 'monthly'
          : 'import';
      const report = ingestSourceFile(o.catalog, { name, data, sha256, kind, symbol, interval }, o.now());
      summary.stored++;
      summary.rejectedLines += report.rejected.length;
      o.onFile?.({ name, outcome: 'stored', report });
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      summary.failed.push({ name, message: error.message });
      o.onFile?.({ name, outcome: 'failed', error });
    }
  }
  return summary;
}
