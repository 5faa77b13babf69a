import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BacktestWorkerInput } from './worker-protocol';

/**
 * Start the backtest worker. From the TypeScript sources (tsx, vitest) the worker registers tsx
 * before importing its entry; from the built bundle the entry is its compiled sibling
 * backtest-worker.js. The bootstrap is inline so no extra file has to ship beside the bundle.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})().catch((err) => require('node:worker_threads').parentPort.postMessage({ type: 'failed', message: String(err && err.message || err) }));
`;

const fromSource = import.meta.url.endsWith('.ts');

/**
 * The URL of a module beside this one that a worker loads: `<stem>.ts` here in the sources,
 * `<stem>.js` beside main.js in the bundle (scripts/build-bot.mjs builds each as an entry).
 */
export function backtestModuleUrl(stem: string): string {
  return new URL(fromSource ? `./${stem}.ts` : `./${stem}.js`, import.meta.url).href;
}

function workerEntry(): { entry: string; tsx: string | null } {
  const entry = backtestModuleUrl('backtest-worker');
  if (!fromSource) return { entry, tsx: null };
  const tsxApi = createRequire(import.meta.url).resolve('tsx/esm/api');
  return { entry, tsx: pathToFileURL(tsxApi.replace(/index\.cjs$/, 'index.mjs')).href };
}

export function launchBacktestWorker(input: BacktestWorkerInput): Worker {
  const { entry, tsx } = workerEntry();
  return new Worker(BOOTSTRAP, {
    eval: true,
    workerData: { ...input, entry, tsx },
    // A runaway run must not take the bot's memory with it.
    resourceLimits: { maxOldGenerationSizeMb: 2048 },
  });
}
