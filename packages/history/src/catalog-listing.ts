import type { SeriesInfo } from './catalog';
import type { MonthEntry } from './manifest';
import { isoMinute } from './months';

/** `npm run data -- list`: per symbol/interval the months, candles, range, gaps and missing files. */
export function formatListing(series: readonly SeriesInfo[], maxGaps = 10): string {
  if (series.length === 0) return 'The catalog is empty. Fetch history with `npm run data -- download …`.';
  const out: string[] = [];
  for (const { symbol, interval, manifest: m } of series) {
    const months = Object.keys(m.months).sort();
    const entries = months.map((k) => m.months[k] as MonthEntry);
    const rows = entries.reduce((n, e) => n + e.rows, 0);
    const bytes = entries.reduce((n, e) => n + e.bytes, 0);
    const rejected = entries.reduce((n, e) => n + e.rejected, 0);
    const first = entries[0];
    const last = entries[entries.length - 1];
    out.push(`${symbol} ${interval}`);
    out.push(
      first && last
        ? `  ${months.length} months (${months[0]} … ${months[months.length - 1]}), ${rows.toLocaleString('en-US')} candles, ` +
            `${(bytes / 1_048_576).toFixed(1)} MB, ${isoMinute(first.firstOpenTime)} … ${isoMinute(last.lastOpenTime)} UTC`
        : '  no candles',
    );
    out.push(
      m.gapCount === 0
        ? '  gaps: none'
        : `  gaps: ${m.gapCount} (${m.missingCandles.toLocaleString('en-US')} candles missing, not filled)`,
    );
    for (const g of m.gaps.slice(0, maxGaps))
      out.push(
        `    ${isoMinute(g.from)} … ${isoMinute(g.to)} UTC  ${g.missing.toLocaleString('en-US')} missing`,
      );
    if (m.gapCount > maxGaps) out.push(`    … and ${m.gapCount - maxGaps} more (manifest.json lists them)`);
    if (rejected > 0) out.push(`  bad lines skipped: ${rejected} (see rejectedSamples in manifest.json)`);
    if (m.missingFiles.length > 0) {
      out.push(`  not in the archive (404): ${m.missingFiles.length} file(s)`);
      for (const f of m.missingFiles.slice(0, maxGaps)) out.push(`    ${f.name}`);
      if (m.missingFiles.length > maxGaps) out.push(`    … and ${m.missingFiles.length - maxGaps} more`);
    }
  }
  return out.join('\n');
}
