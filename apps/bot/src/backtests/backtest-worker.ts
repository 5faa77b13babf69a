import { parentPort, workerData } from 'node:worker_threads';
import { buildBacktestReport, renderBacktestHtml } from '@aurora/backtest';
import type { BacktestRunner } from './backtest-runner';
import type { BacktestWorkerInput, BacktestWorkerMessage } from './worker-protocol';

/**
 * The worker thread of one backtest: runs the runner, then builds the report and the HTML here
 * too, so the bot's event loop (and its live trading) never waits on a long run or a big page.
 */
const PROGRESS_EVERY_MS = 100;

const post = (m: BacktestWorkerMessage): void => parentPort!.postMessage(m);

async function main(input: BacktestWorkerInput): Promise<void> {
  const mod = (await import(input.runner.url)) as Record<string, unknown>;
  const runner = mod[input.runner.exportName];
  if (typeof runner !== 'function') throw new Error(`${input.runner.url} exports no function ${input.runner.exportName}`);
  let last = 0;
  const data = await (runner as BacktestRunner)(input.opts, (done, total) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS && done < total) return;
    last = now;
    post({ type: 'progress', done, total });
  });
  const report = buildBacktestReport(data);
  post({ type: 'done', report, html: renderBacktestHtml(report, data) });
}

main(workerData as BacktestWorkerInput).catch((err: unknown) =>
  post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
);
