export * from './sampler';
export { RandomSampler } from './random';
export { GridSampler, GridExhaustedError, type GridOptions } from './grid';
export { TpeSampler, type TpeOptions } from './tpe';
export { ParzenEstimator, normalCdf, normalQuantile } from './parzen';
export { Nsga2Sampler, type Nsga2Options } from './nsga2';
export { paretoFront, dominates, nonDominatedSort, crowdingDistance, toLosses } from './pareto';
export { createSampler, SAMPLER_KINDS, type SamplerKind, type SamplerChoice } from './create';
