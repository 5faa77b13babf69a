// @aurora/research — optimizer, walk-forward, bias checks and robustness on the backtest.
export * from './trial';
export * from './errors';
export * from './random';
export * from './search';
export * from './store/errors';
export { ResearchStore, RESEARCH_DB_FILE } from './store/research-store';
export type { RunKind, RunListing, RunRecord, RunSettings, RunStatus, TrialRecord, TrialStatus, WindowRecord } from './store/research-store';
export type { TrialOutcome, TrialRunner } from './pool/trial-runner';
export { WorkerPool, type WorkerPoolOptions } from './pool/worker-pool';
export { EvaluatorLoadError, TrialMetricsSchema } from './pool/evaluator-module';
export { QueueRunner, type QueueRunnerOptions } from './queue/queue-runner';
export { startQueueWorker, type QueueWorker, type QueueWorkerOptions } from './queue/queue-worker';
export { BadQueueUrl, QueueUnreachable, TRIAL_QUEUE, parseRedisUrl } from './queue/redis-url';
export { OBJECTIVE_METRICS, UnknownObjective, metricOf, parseObjectives, scoreOf, type ObjectiveName } from './optimizer/objectives';
export { optimize, trialJobId, type OptimizeOptions, type OptimizeProgress, type OptimizeResult } from './optimizer/optimize';
export { walkForward, windowRunId, type WalkForwardOptions, type WalkForwardResult, type WalkForwardWindow } from './optimizer/walk-forward';
