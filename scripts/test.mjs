#!/usr/bin/env node
// `npm test`: every test — unit, property, integration (simulator on loopback) and browser e2e.
// The dashboard is built first so the e2e tests drive the real bundle.
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root }).status ?? 1;

const build = run([join(root, 'scripts/build-dashboard.mjs')]);
if (build !== 0) process.exit(build);
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
process.exit(run([vitest, 'run', ...process.argv.slice(2)]));
