export * from './dead-man-switch';
export * from './latency-histogram';
export * from './latency-tracker';
export * from './percentiles';
export * from './rolling-sample-window';
export * from './safety-errors';
export * from './tca';
export * from './tca-types';
// Namespaced: names such as midPrice and spreadBps are likely elsewhere in the core too.
export * as tcaMath from './tca-math';
