#!/usr/bin/env node
// `npm start`: build what a fresh clone lacks or what is older than its sources (the dashboard,
// then the bot compiled to apps/bot/dist/main.js), then run the built bot with plain `node` in
// Demo mode against the embedded simulator. `--dev` runs the TypeScript sources through tsx
// instead (no bot build; `npm run start:dev`). Signals are forwarded so Ctrl-C shuts down gracefully.
import { spawn, spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const build = spawnSync(process.execPath, [join(root, 'scripts/build-dashboard.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let args;
if (dev) {
  args = [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'apps/bot/src/main.ts')];
} else {
  const { buildBot, BOT_BUNDLE } = await import('./build-bot.mjs');
  await buildBot();
  // Stack traces point at the TypeScript sources through the bundle's source map.
  args = ['--enable-source-maps', BOT_BUNDLE];
}
const child = spawn(process.execPath, args, { stdio: 'inherit', cwd: root });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
