import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StrategyRegistry, type AnyStrategy } from '@aurora/core';

const EXTENSIONS = new Set(['.ts', '.mts', '.js', '.mjs']);

export interface RefusedStrategy {
  file: string;
  problem: string;
}

export interface LoadedStrategies {
  registry: StrategyRegistry;
  loaded: { file: string; name: string }[];
  refused: RefusedStrategy[];
}

/**
 * Imports a TypeScript file. Under tsx (npm run dev, tests) a plain import does; the compiled
 * start runs plain node, which cannot, so it goes through tsx's own loader API (tsx is the
 * repo's dev dependency; where it is missing the file is refused with a message saying so).
 */
async function importModule(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !/\.m?ts$/.test(file)) throw err;
  }
  // A variable specifier: the bundler must leave it to run time, not inline tsx.
  const api = 'tsx/esm/api';
  let tsImport: (specifier: string, parent: string) => Promise<unknown>;
  try {
    ({ tsImport } = (await import(api)) as { tsImport: typeof tsImport });
  } catch {
    throw new Error('a .ts strategy needs tsx to load under the compiled start; install tsx or compile it to .mjs');
  }
  return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
}

/**
 * The built-in strategies plus every strategy file in `dir` (not its sub-folders). A file that
 * fails to import, exports no valid strategy, or reuses a name is refused with the reason; the
 * others load regardless. A missing folder is no strategies, not an error.
 */
export async function loadStrategies(dir: string): Promise<LoadedStrategies> {
  const registry = new StrategyRegistry();
  const loaded: LoadedStrategies['loaded'] = [];
  const refused: RefusedStrategy[] = [];
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) return { registry, loaded, refused };
  const files = readdirSync(root)
    .filter((f) => EXTENSIONS.has(extname(f)) && !f.endsWith('.d.ts') && !/\.test\.[mc]?[jt]s$/.test(f))
    .sort();
  for (const name of files) {
    const file = join(root, name);
    try {
      const mod = await importModule(file);
      const strategy = (mod.default ?? mod.strategy) as AnyStrategy | undefined;
      if (strategy === undefined) throw new Error('exports no strategy (export default { name, description, params, warmupCandles, create })');
      registry.add(strategy);
      loaded.push({ file, name: strategy.name });
    } catch (err) {
      refused.push({ file, problem: (err as Error).message.split('\n')[0] ?? String(err) });
    }
  }
  return { registry, loaded, refused };
}
