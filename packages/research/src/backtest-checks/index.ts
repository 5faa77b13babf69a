export { lookaheadCheck, cutPoints, type LookaheadCheckOptions, type LookaheadResult } from './lookahead-check';
export { warmupCheck, type WarmupCheckOptions, type WarmupResult } from './warmup-check';
export { monteCarloOfRun, noiseRuns, significanceRuns, randomBaselineParams, withRandomEntry } from './robustness';
export { randomEntry, RandomEntryParams } from './random-entry';
export { noisySeries } from './noisy-series';
