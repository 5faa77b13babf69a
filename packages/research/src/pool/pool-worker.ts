import { hostname } from 'node:os';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import type { TrialSpec } from '../trial';
import { loadEvaluator, TrialMetricsSchema } from './evaluator-module';
import type { FromWorker, ToWorker } from './pool-messages';

/** The body of one pool worker: load the evaluator once, then evaluate one trial at a time. */
const port = parentPort;
if (!port) throw new Error('pool-worker.ts runs inside a worker thread');
const name = `${hostname()}#${process.pid}/t${threadId}`;
const send = (m: FromWorker): void => port.postMessage(m);

try {
  const evaluate = await loadEvaluator((workerData as { evaluator: string }).evaluator);
  port.on('message', (m: ToWorker) => {
    void (async () => {
      try {
        const raw = await evaluate(m.spec as TrialSpec);
        const parsed = TrialMetricsSchema.safeParse(raw);
        if (!parsed.success)
          send({
            type: 'failed',
            id: m.id,
            error: `evaluator returned bad metrics: ${parsed.error.message}`,
          });
        else send({ type: 'done', id: m.id, metrics: parsed.data });
      } catch (err) {
        send({
          type: 'failed',
          id: m.id,
          error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
        });
      }
    })();
  });
  send({ type: 'ready', worker: name });
} catch (err) {
  send({ type: 'load-failed', error: (err as Error).message });
}
