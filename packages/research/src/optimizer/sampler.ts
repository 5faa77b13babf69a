import type { ParamSet } from '../trial';

/**
 * What the optimizer needs of a sampler (grid, random, TPE, NSGA-II). `tell` gets the score the
 * optimizer computed: one number per objective, HIGHER IS BETTER (a metric that should be small,
 * such as drawdown, arrives negated). A sampler must be deterministic for its seed: a resumed
 * run replays ask() and tell() in the same order and must be asked the same parameters.
 */
export interface Sampler {
  ask(): ParamSet;
  tell(params: ParamSet, value: number | number[]): void;
}
