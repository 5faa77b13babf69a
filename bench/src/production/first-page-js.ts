import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One entry of Vite's build manifest (dist/.vite/manifest.json). */
export interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

export const FIRST_PAGE_BUDGET_BYTES = 300 * 1024;
/** The page a signed-in operator lands on (hash-route.ts falls back to it). */
export const FIRST_PAGE_MODULE = 'src/overview/OverviewPage.tsx';

/** A chunk and everything it imports statically (what the browser must fetch before running it). */
function withStaticImports(manifest: Manifest, key: string, into: Set<string>): void {
  if (into.has(key)) return;
  const chunk = manifest[key];
  if (!chunk) throw new Error(`build manifest has no chunk "${key}"`);
  into.add(key);
  for (const dep of chunk.imports ?? []) withStaticImports(manifest, dep, into);
}

/**
 * The JavaScript chunks needed to show the first page: the entry (index.html) with its static
 * imports, plus the overview page's lazy chunk with its own. Chunks that page loads lazily in
 * turn (its charts) come after the page is up and are not counted.
 */
export function firstPageChunks(manifest: Manifest): string[] {
  const entry = Object.entries(manifest).find(([, c]) => c.isEntry)?.[0];
  if (entry === undefined) throw new Error('build manifest has no entry chunk');
  const keys = new Set<string>();
  withStaticImports(manifest, entry, keys);
  withStaticImports(manifest, FIRST_PAGE_MODULE, keys);
  return [...keys].map((k) => (manifest[k] as ManifestChunk).file).filter((f) => f.endsWith('.js'));
}

export interface FirstPageSize {
  files: string[];
  gzipBytes: number;
  rawBytes: number;
  /** Every JS file of the build, gzip: what one bundle would weigh. */
  allGzipBytes: number;
}

/** Gzip (level 9, as a static server pre-compresses) of the first page's JS in a built dist. */
export function measureFirstPage(distDir: string): FirstPageSize {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite/manifest.json'), 'utf8')) as Manifest;
  const files = firstPageChunks(manifest);
  const gz = (f: string) => gzipSync(readFileSync(join(distDir, f)), { level: 9 }).length;
  const allJs = [...new Set(Object.values(manifest).map((c) => c.file))].filter((f) => f.endsWith('.js'));
  return {
    files,
    gzipBytes: files.reduce((s, f) => s + gz(f), 0),
    rawBytes: files.reduce((s, f) => s + readFileSync(join(distDir, f)).length, 0),
    allGzipBytes: allJs.reduce((s, f) => s + gz(f), 0),
  };
}
