import type { TrialMetrics, TrialSpec } from '../trial';

/** How one trial ended. A failure is a value, not a throw: it fails the trial, never the run. */
export type TrialOutcome =
  { ok: true; metrics: TrialMetrics; worker: string } | { ok: false; error: string; worker: string | null };

/**
 * Where trials are evaluated: a worker_threads pool on this machine (WorkerPool) or BullMQ
 * workers on any machine (QueueRunner). The optimizer only sees this.
 */
export interface TrialRunner {
  /** How many trials it evaluates at once; the optimizer keeps this many in flight. */
  readonly size: number;
  /** `jobId` names the trial (run id + trial number): a queue uses it to never run it twice. */
  run(spec: TrialSpec, jobId: string): Promise<TrialOutcome>;
  close(): Promise<void>;
}
