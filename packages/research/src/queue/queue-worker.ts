import { Worker, type Job } from 'bullmq';
import { WorkerPool } from '../pool/worker-pool';
import type { TrialJobData, TrialJobResult } from './queue-runner';
import { assertReachable, parseRedisUrl, TRIAL_QUEUE } from './redis-url';

export interface QueueWorkerOptions {
  url: string;
  /** Path of the evaluator module. */
  evaluator: string;
  /** Trials evaluated at once on this machine, each on its own worker thread (default 1). */
  concurrency?: number;
  onJob?(e: { jobId: string; ok: boolean; error?: string }): void;
  /** A Redis connection error after start-up (BullMQ reconnects by itself). */
  onConnectionError?(err: Error): void;
}

export interface QueueWorker {
  close(): Promise<void>;
}

/**
 * `npm run worker`: takes trial jobs from Redis and evaluates them on a local worker_threads
 * pool, so a crashing evaluator fails its job and not this process. A job that fails is not
 * retried: the trial fails, as it would in a local run.
 */
export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorker> {
  const concurrency = o.concurrency ?? 1;
  await assertReachable(o.url);
  const pool = await WorkerPool.start({ evaluator: o.evaluator, size: concurrency });
  const worker = new Worker<TrialJobData, TrialJobResult>(
    TRIAL_QUEUE,
    async (job: Job<TrialJobData, TrialJobResult>) => {
      const outcome = await pool.run(job.data.spec, job.id ?? '');
      o.onJob?.({ jobId: job.id ?? '', ok: outcome.ok, ...(outcome.ok ? {} : { error: outcome.error }) });
      if (!outcome.ok) throw new Error(outcome.error);
      return { metrics: outcome.metrics, worker: outcome.worker };
    },
    { connection: parseRedisUrl(o.url), concurrency },
  );
  // BullMQ reconnects by itself; without a listener it would print each error with its stack.
  worker.on('error', (err) => o.onConnectionError?.(err));
  try {
    await worker.waitUntilReady();
  } catch (err) {
    await Promise.allSettled([worker.close(), pool.close()]);
    throw err;
  }
  return {
    async close() {
      await worker.close();
      await pool.close();
    },
  };
}
