import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { BenchResult } from '../bench-result';
import { REPO_ROOT } from '../api-load/server-process';
import { FIRST_PAGE_BUDGET_BYTES, measureFirstPage } from './first-page-js';

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** Issue 14 item 6: the JavaScript the first dashboard page loads, gzip, against its budget. */
export function runBundleBench(): BenchResult[] {
  const built = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/build-dashboard.mjs')], {
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`dashboard build failed:\n${built.stderr}`);
  const size = measureFirstPage(join(REPO_ROOT, 'apps/dashboard/dist'));
  return [
    {
      name: 'dashboard.first_page_js_gzip',
      value: kb(size.gzipBytes),
      unit: 'KB',
      // The baseline is the whole build as one would download it without code splitting.
      baseline: { name: 'every JS chunk of the build', value: kb(size.allGzipBytes) },
      ratio: size.gzipBytes / size.allGzipBytes,
      target: { text: '≤ 300 KB', met: size.gzipBytes <= FIRST_PAGE_BUDGET_BYTES },
      note: `${size.files.length} chunks, ${kb(size.rawBytes)} KB before gzip (level 9); charts load after the page`,
    },
  ];
}
