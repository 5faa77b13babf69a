import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TrialSpec } from '../trial';
import { absoluteModulePath, EvaluatorLoadError } from './evaluator-module';
import type { FromWorker, ToWorker } from './pool-messages';
import type { TrialOutcome, TrialRunner } from './trial-runner';

export interface WorkerPoolOptions {
  /** Path of the evaluator module (TypeScript or JavaScript) each worker imports. */
  evaluator: string;
  /** Worker threads; default os.availableParallelism(). */
  size?: number;
  /** A trial still running after this long fails and its worker is replaced (default: no limit). */
  trialTimeoutMs?: number;
}

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);
const ENTRY = new URL('./pool-worker.ts', import.meta.url).href;

interface Task {
  id: number;
  spec: TrialSpec;
  resolve(o: TrialOutcome): void;
}

interface Slot {
  worker: Worker;
  name: string | null;
  task: Task | null;
  crash: Error | null;
  timer: NodeJS.Timeout | null;
}

/**
 * Trials on worker_threads across the machine's cores, one trial per worker at a time. A worker
 * that dies (an uncaught error, process.exit, out of memory) fails only the trial it held: that
 * trial comes back as a failed outcome with the reason, and a fresh worker takes its place.
 */
export class WorkerPool implements TrialRunner {
  readonly size: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closing = false;

  private constructor(
    private readonly evaluator: string,
    size: number,
    private readonly trialTimeoutMs: number | null,
  ) {
    this.size = size;
  }

  /** Starts the workers and waits until each has imported the evaluator. */
  static async start(options: WorkerPoolOptions): Promise<WorkerPool> {
    const size = options.size ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`pool size must be a whole number ≥ 1, got ${size}`);
    const pool = new WorkerPool(absoluteModulePath(options.evaluator), size, options.trialTimeoutMs ?? null);
    try {
      await Promise.all(Array.from({ length: size }, () => pool.spawn()));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  run(spec: TrialSpec, _jobId?: string): Promise<TrialOutcome> {
    if (this.closing) return Promise.resolve({ ok: false, error: 'worker pool closed', worker: null });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, spec, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const t of this.queue.splice(0)) t.resolve({ ok: false, error: 'worker pool closed', worker: null });
    await Promise.all([...this.slots].map((s) => s.worker.terminate()));
    this.slots.clear();
  }

  private spawn(): Promise<void> {
    return new Promise((resolveReady, rejectReady) => {
      const worker = new Worker(BOOTSTRAP, {
        workerData: { entry: ENTRY, evaluator: this.evaluator },
        // The loader is registered by the bootstrap; inheriting the parent's flags (tsx's, or a
        // test runner's) would register it twice or bring unrelated options into the thread.
        execArgv: [],
      });
      const slot: Slot = { worker, name: null, task: null, crash: null, timer: null };
      let ready = false;
      worker.on('message', (m: FromWorker) => {
        switch (m.type) {
          case 'ready':
            ready = true;
            slot.name = m.worker;
            this.slots.add(slot);
            resolveReady();
            this.dispatch();
            return;
          case 'load-failed':
            rejectReady(new EvaluatorLoadError(this.evaluator, m.error));
            void worker.terminate();
            return;
          case 'done':
          case 'failed': {
            const task = slot.task;
            if (!task || task.id !== m.id) return;
            slot.task = null;
            if (slot.timer) clearTimeout(slot.timer);
            task.resolve(
              m.type === 'done'
                ? { ok: true, metrics: m.metrics, worker: slot.name ?? 'worker' }
                : { ok: false, error: m.error, worker: slot.name },
            );
            this.dispatch();
            return;
          }
        }
      });
      worker.on('error', (err) => {
        slot.crash = err;
      });
      worker.on('exit', (code) => {
        this.slots.delete(slot);
        if (slot.timer) clearTimeout(slot.timer);
        if (!ready) {
          rejectReady(
            new EvaluatorLoadError(
              this.evaluator,
              `worker exited (code ${code}) before it was ready: ${slot.crash?.message ?? ''}`,
            ),
          );
          return;
        }
        const task = slot.task;
        slot.task = null;
        if (task) {
          const why = slot.crash ? `${slot.crash.name}: ${slot.crash.message}` : `exit code ${code}`;
          task.resolve({ ok: false, error: `worker crashed (${why})`, worker: slot.name });
        }
        if (this.closing) return;
        this.spawn().catch((err: Error) => {
          // The evaluator loaded before and no longer does: nothing can run here any more.
          if (this.slots.size > 0) return;
          for (const t of this.queue.splice(0)) t.resolve({ ok: false, error: err.message, worker: null });
        });
      });
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.task) continue;
      const task = this.queue.shift() as Task;
      slot.task = task;
      if (this.trialTimeoutMs !== null) {
        const ms = this.trialTimeoutMs;
        slot.timer = setTimeout(() => {
          // An evaluator stuck in a loop cannot be interrupted in its thread: end the thread.
          slot.crash = new Error(`trial still running after ${ms} ms`);
          void slot.worker.terminate();
        }, ms);
      }
      const msg: ToWorker = { type: 'run', id: task.id, spec: task.spec };
      slot.worker.postMessage(msg);
    }
  }
}
