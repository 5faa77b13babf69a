#!/usr/bin/env node
// Builds apps/dashboard into apps/dashboard/dist when it is missing or older than its sources.
// `--force` always rebuilds. Used by `npm start` and `npm test` so a fresh clone just works.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const app = join(root, 'apps/dashboard');
const dist = join(app, 'dist', 'index.html');
const force = process.argv.includes('--force');

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

const sources = [join(app, 'src'), join(app, 'index.html'), join(app, 'vite.config.ts'), join(root, 'packages/contracts/src')].filter(existsSync);
const stale = force || !existsSync(dist) || Math.max(...sources.map(newestMtime)) > statSync(dist).mtimeMs;
if (!stale) process.exit(0);

process.stdout.write('Building the dashboard (apps/dashboard → dist)…\n');
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const res = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: app, stdio: 'inherit' });
process.exit(res.status ?? 1);
