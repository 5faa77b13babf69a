import { ResearchInputError } from '../../errors';
import type { SearchSpace } from '../space';
import { GridSampler } from './grid';
import { Nsga2Sampler } from './nsga2';
import { RandomSampler } from './random';
import type { Direction, Sampler } from './sampler';
import { TpeSampler } from './tpe';

export const SAMPLER_KINDS = ['grid', 'random', 'tpe', 'nsga2'] as const;
export type SamplerKind = (typeof SAMPLER_KINDS)[number];

export interface SamplerChoice {
  kind: SamplerKind;
  seed: number;
  /** One direction for grid, random and TPE; one per objective for NSGA-II. Default: maximize one objective. */
  directions?: readonly Direction[];
  /** Grid: levels per float dimension. */
  levels?: number;
  /** NSGA-II: population size. */
  populationSize?: number;
}

/** The sampler a run names (`--sampler tpe`), built from its options; a mismatched choice is a clear error. */
export function createSampler(space: SearchSpace, choice: SamplerChoice): Sampler {
  const directions = choice.directions ?? ['maximize'];
  if (choice.kind !== 'nsga2' && directions.length !== 1) {
    throw new ResearchInputError(`the ${choice.kind} sampler optimizes one objective; use nsga2 for ${directions.length}`, 'sampler');
  }
  switch (choice.kind) {
    case 'grid':
      return new GridSampler(space, choice.levels !== undefined ? { levels: choice.levels } : {});
    case 'random':
      return new RandomSampler(space, { seed: choice.seed });
    case 'tpe':
      return new TpeSampler(space, { seed: choice.seed, direction: directions[0] as Direction });
    case 'nsga2':
      return new Nsga2Sampler(space, { seed: choice.seed, directions, ...(choice.populationSize !== undefined ? { populationSize: choice.populationSize } : {}) });
    default:
      throw new ResearchInputError(`unknown sampler "${String(choice.kind)}"; known: ${SAMPLER_KINDS.join(', ')}`, 'sampler');
  }
}
