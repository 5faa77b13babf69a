import { Queue, QueueEvents } from 'bullmq';
import { TrialMetricsSchema } from '../pool/evaluator-module';
import type { TrialOutcome, TrialRunner } from '../pool/trial-runner';
import type { TrialSpec } from '../trial';
import { assertReachable, parseRedisUrl, TRIAL_QUEUE } from './redis-url';

/** A job's payload and its result: plain JSON across machines. */
export interface TrialJobData {
  spec: TrialSpec;
}
export interface TrialJobResult {
  metrics: unknown;
  worker: string;
}

/** Finished jobs are kept a week: a resumed run finds a trial that ended while it was away. */
const KEEP = { age: 7 * 24 * 3600 };

export interface QueueRunnerOptions {
  url: string;
  /** Trials kept in flight (the optimizer's default batch); the workers' count sets the speed. */
  size: number;
  onConnectionError?(err: Error): void;
}

/**
 * Trials through BullMQ on Redis: each trial is a job whose id is the run id + trial number, so
 * a retried or resumed trial is the same job (BullMQ ignores a second add of a known id, and a
 * finished one answers at once from its stored result). `npm run worker` evaluates them.
 */
export class QueueRunner implements TrialRunner {
  private constructor(
    readonly size: number,
    private readonly queue: Queue<TrialJobData, TrialJobResult>,
    private readonly events: QueueEvents,
  ) {}

  static async connect(o: QueueRunnerOptions): Promise<QueueRunner> {
    const connection = parseRedisUrl(o.url);
    await assertReachable(o.url);
    const queue = new Queue<TrialJobData, TrialJobResult>(TRIAL_QUEUE, { connection });
    const events = new QueueEvents(TRIAL_QUEUE, { connection });
    // BullMQ reconnects by itself; an error between reconnects is not a failed trial.
    const onError = (err: Error): void => o.onConnectionError?.(err);
    queue.on('error', onError);
    events.on('error', onError);
    try {
      await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    } catch (err) {
      await Promise.allSettled([queue.close(), events.close()]);
      throw err;
    }
    return new QueueRunner(o.size, queue, events);
  }

  async run(spec: TrialSpec, jobId: string): Promise<TrialOutcome> {
    const job = await this.queue.add(
      'trial',
      { spec },
      { jobId, attempts: 1, removeOnComplete: KEEP, removeOnFail: KEEP },
    );
    let result: TrialJobResult;
    try {
      result = (await job.waitUntilFinished(this.events)) as TrialJobResult;
    } catch (err) {
      return { ok: false, error: (err as Error).message, worker: null };
    }
    const metrics = TrialMetricsSchema.safeParse(result.metrics);
    if (!metrics.success)
      return {
        ok: false,
        error: `bad metrics from ${result.worker}: ${metrics.error.message}`,
        worker: result.worker,
      };
    return { ok: true, metrics: metrics.data, worker: result.worker };
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.events.close(), this.queue.close()]);
  }
}
