#!/usr/bin/env node
// `npm test`: every test — unit, property, integration (simulator on loopback) and browser e2e.
// The dashboard is built first so the e2e tests drive the real bundle.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root }).status ?? 1;

const build = run([join(root, 'scripts/build-dashboard.mjs')]);
if (build !== 0) process.exit(build);
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const extra = process.argv.slice(2);
if (extra.length > 0) process.exit(run([vitest, 'run', ...extra]));
// Unit and integration first, then the browser suite on its own: on two cores the e2e timings
// (a fill visible within 1 s) should not compete with the integration suite's bots for CPU.
const unit = run([vitest, 'run', '--project', 'unit']);
const chromium = process.env.AURORA_E2E_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  // Never skipped silently: a missing browser is a failed run that says how to fix it.
  process.stderr.write(
    `\nBrowser e2e tests need Debian's Chromium at ${chromium} (apt-get install -y chromium),\n` +
      'or AURORA_E2E_CHROMIUM pointing at a Chromium binary. .ci/run installs it when missing.\n',
  );
  process.exit(1);
}
const e2e = run([vitest, 'run', '--project', 'e2e']);
process.exit(unit !== 0 ? unit : e2e);
