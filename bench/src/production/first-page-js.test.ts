import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../api-load/server-process';
import { FIRST_PAGE_BUDGET_BYTES, firstPageChunks, measureFirstPage, type Manifest } from './first-page-js';

const MANIFEST: Manifest = {
  'index.html': {
    file: 'assets/index.js',
    isEntry: true,
    imports: ['_react.js'],
    dynamicImports: ['src/overview/OverviewPage.tsx', 'src/risk/RiskPage.tsx'],
  },
  '_react.js': { file: 'assets/react.js' },
  'src/overview/OverviewPage.tsx': {
    file: 'assets/overview.js',
    imports: ['_react.js', '_card.js'],
    dynamicImports: ['src/overview/PnlChart.tsx'],
  },
  '_card.js': { file: 'assets/card.js' },
  'src/overview/PnlChart.tsx': { file: 'assets/pnl.js', imports: ['_recharts.js'] },
  '_recharts.js': { file: 'assets/recharts.js' },
  'src/risk/RiskPage.tsx': { file: 'assets/risk.js' },
};

describe('first-page JavaScript', () => {
  it('counts the entry and the overview page with their static imports, not lazy charts or other pages', () => {
    expect(firstPageChunks(MANIFEST).sort()).toEqual([
      'assets/card.js',
      'assets/index.js',
      'assets/overview.js',
      'assets/react.js',
    ]);
  });

  it('fails loudly when the overview page is no chunk of its own', () => {
    const { ['src/overview/OverviewPage.tsx']: _gone, ...bundled } = MANIFEST;
    expect(() => firstPageChunks(bundled)).toThrow(/no chunk "src\/overview\/OverviewPage.tsx"/);
  });

  describe('the real build', () => {
    beforeAll(() => {
      // Builds only when dist is missing or older than the sources (as npm start does).
      const built = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/build-dashboard.mjs')], {
        encoding: 'utf8',
      });
      expect(built.status, built.stderr).toBe(0);
    }, 240_000);

    it('loads at most 300 KB of gzip JavaScript for the first page', () => {
      const size = measureFirstPage(join(REPO_ROOT, 'apps/dashboard/dist'));
      expect(size.gzipBytes).toBeLessThanOrEqual(FIRST_PAGE_BUDGET_BYTES);
      // Code splitting is real: the charts and other pages are elsewhere.
      expect(size.gzipBytes).toBeLessThan(size.allGzipBytes);
    });
  });
});
