import { parseArgs } from 'node:util';
import { EvaluatorLoadError } from '../pool/evaluator-module';
import { startQueueWorker } from '../queue/queue-worker';
import { BadQueueUrl, parseRedisUrl, QueueUnreachable } from '../queue/redis-url';
import { UsageError } from './data-dir';
import { evaluatorPath } from './evaluator-path';

const USAGE = `usage:
  npm run worker -- --queue redis://host:6379 [--concurrency 1] [--evaluator <module>]

Takes optimization trials from the queue (\`npm run optimize -- --queue …\` puts them there) and
evaluates them on this machine, --concurrency at a time, each on its own worker thread. The
machine needs the same catalog (--data of the run) and the same Aurora version. Ctrl-C stops
after the trials in hand.`;

/** Exit codes: 0 stopped by a signal, 1 could not start, 2 bad usage. */
export async function workerCli(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      queue: { type: 'string' },
      concurrency: { type: 'string' },
      evaluator: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    if (!values.queue) throw new UsageError('--queue redis://host:port is required');
    parseRedisUrl(values.queue);
    const concurrency = values.concurrency === undefined ? 1 : Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new UsageError('--concurrency must be a whole number ≥ 1');
    const evaluator = evaluatorPath(values.evaluator);
    let done = 0;
    let failed = 0;
    let lastWarned = 0;
    const worker = await startQueueWorker({
      url: values.queue,
      evaluator,
      concurrency,
      onJob: (e) => {
        if (e.ok) done++;
        else {
          failed++;
          console.log(`trial ${e.jobId} failed: ${e.error ?? ''}`);
        }
        if ((done + failed) % 10 === 0) console.log(`${done} trials done, ${failed} failed`);
      },
      onConnectionError: (err) => {
        if (Date.now() - lastWarned < 10_000) return;
        lastWarned = Date.now();
        console.error(`redis: ${err.message} (BullMQ reconnects)`);
      },
    });
    console.log(`worker on ${values.queue} (${concurrency} at a time, evaluator ${evaluator}); Ctrl-C stops`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    console.log('stopping after the trials in hand …');
    await worker.close();
    console.log(`${done} trials done, ${failed} failed`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof BadQueueUrl) {
      console.error(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof EvaluatorLoadError || err instanceof QueueUnreachable) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}
