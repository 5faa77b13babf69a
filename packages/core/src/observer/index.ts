export * from './robust-stats';
export * from './bounded-series';
export * from './cusum';
export * from './rolling-rate';
export * from './series-detector';
export * from './observer-specs';
export * from './anomaly-observer';
