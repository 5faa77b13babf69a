#!/usr/bin/env node
// Compiles the bot and its workspace packages (@aurora/*) to one ES module, apps/bot/dist/main.js,
// so production runs `node` on JavaScript instead of compiling TypeScript at start-up (tsx).
// npm dependencies stay external: they are loaded from node_modules as they are (better-sqlite3
// is native). Rebuilds only when a source is newer than the bundle; `--force` always rebuilds.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'apps/bot/src/main.ts');
// Backtests run in a worker thread, which loads its own module: a second entry, beside main.js.
const workerEntry = join(root, 'apps/bot/src/backtests/backtest-worker.ts');
const runnerEntry = join(root, 'apps/bot/src/backtests/kernel-runner.ts');
export const BOT_BUNDLE = join(root, 'apps/bot/dist/main.js');
const WORKSPACES = [
  'apps/bot',
  'packages/contracts',
  'packages/core',
  'packages/engine',
  'packages/binance',
  'packages/exchange-sim',
  'packages/history',
  'packages/backtest',
  'packages/research',
];

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/** Every npm dependency of the bundled workspaces: resolved at run time, never inlined. */
function externalPackages() {
  const names = new Set();
  for (const ws of WORKSPACES) {
    const pkg = JSON.parse(readFileSync(join(root, ws, 'package.json'), 'utf8'));
    for (const name of Object.keys(pkg.dependencies ?? {})) if (!name.startsWith('@aurora/')) names.add(name);
  }
  return [...names];
}

export async function buildBot({ force = false } = {}) {
  const sources = WORKSPACES.flatMap((ws) => [join(root, ws, 'src'), join(root, ws, 'package.json')]).filter(
    existsSync,
  );
  const stale =
    force || !existsSync(BOT_BUNDLE) || Math.max(...sources.map(newestMtime)) > statSync(BOT_BUNDLE).mtimeMs;
  if (!stale) return false;
  process.stdout.write('Building the bot (apps/bot → dist/main.js)…\n');
  await build({
    entryPoints: { main: entry, 'backtest-worker': workerEntry, 'kernel-runner': runnerEntry },
    outdir: dirname(BOT_BUNDLE),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    external: externalPackages(),
    logLevel: 'warning',
  });
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildBot({ force: process.argv.includes('--force') });
}
