import type { TrialMetrics, TrialSpec } from '../trial';

export type ToWorker = { type: 'run'; id: number; spec: TrialSpec };

export type FromWorker =
  | { type: 'ready'; worker: string }
  | { type: 'load-failed'; error: string }
  | { type: 'done'; id: number; metrics: TrialMetrics }
  | { type: 'failed'; id: number; error: string };
