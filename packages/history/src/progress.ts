import type { SyncEvent } from './archive-sync';
import type { FileReport } from './ingest-file';
import { ProgressBar, type ProgressOutput } from './progress-bar';

export type { ProgressOutput } from './progress-bar';

const mb = (n: number): string => `${(n / 1_048_576).toFixed(1)} MB`;

export function describeReport(r: FileReport): string[] {
  const parts = [`${r.rows.toLocaleString('en-US')} candles`];
  if (r.months.length > 0) parts.push(`month ${r.months.join(', ')}`);
  if (r.headerSkipped) parts.push('header row skipped');
  if (r.duplicates > 0) parts.push(`${r.duplicates} repeated open times (last kept)`);
  if (r.replaced > 0) parts.push(`${r.replaced} candles replaced`);
  if (r.rejected.length > 0) parts.push(`${r.rejected.length} bad lines`);
  const lines = [parts.join(', ')];
  for (const bad of r.rejected.slice(0, 10)) lines.push(`    ${bad.file} line ${bad.line}: ${bad.reason}`);
  if (r.rejected.length > 10) lines.push(`    … and ${r.rejected.length - 10} more bad lines`);
  return lines;
}

/**
 * Renders download events: on a terminal one bar line redrawn in place, with finished files
 * printed above it; elsewhere (CI, a pipe, a log file) plain lines only, one per file.
 */
export function progressRenderer(out: ProgressOutput): (e: SyncEvent) => void {
  let total = 0;
  let finished = 0;
  let current = '';
  let bytes = '';
  const progress = new ProgressBar(out, { plain: 'none', percent: false });
  const bar = (): void => progress.update(finished, total, `${finished}/${total} ${current} ${bytes}`);
  const print = (text: string): void => {
    progress.log(text);
    bar();
  };
  return (e) => {
    switch (e.type) {
      case 'queued':
        total += e.count;
        bar();
        return;
      case 'start':
        current = e.file.name;
        bytes = '';
        bar();
        return;
      case 'bytes':
        bytes = e.total ? `${mb(e.received)}/${mb(e.total)}` : mb(e.received);
        bar();
        return;
      case 'stored': {
        finished++;
        const [first, ...rest] = describeReport(e.report);
        print([`stored   ${e.file.name}: ${first}`, ...rest].join('\n'));
        return;
      }
      case 'skipped':
        finished++;
        print(`skipped  ${e.file.name}: already in the catalog (checksum unchanged)`);
        return;
      case 'missing':
        finished++;
        print(`missing  ${e.file.name}: not in the archive (404) — reported as a gap`);
        return;
      case 'failed':
        finished++;
        print(`FAILED   ${e.file.name}: ${e.error.message}`);
        return;
    }
  };
}

export const endProgress = (out: ProgressOutput): void => {
  if (out.isTTY) out.write('\r\x1b[2K');
};
