// What a reader of the research store needs (the bot's Research page), without the worker pool
// and the Redis queue: importing the package root would load bullmq into the bot.
export { ResearchStore, RESEARCH_DB_FILE } from './store/research-store';
export type {
  RunKind,
  RunListing,
  RunRecord,
  RunStatus,
  TrialRecord,
  TrialStatus,
  WindowRecord,
} from './store/research-store';
export * from './store/errors';
export { OBJECTIVE_METRICS, metricOf, scoreOf, type ObjectiveName } from './optimizer/objectives';
export { paretoFront } from './search/samplers/pareto';
export { walkForwardSummary, type WalkForwardSummary } from './walk-forward/summary';
export { OBJECTIVES, type ParamSet, type TrialMetrics, type Objective } from './trial';
