import { readFileSync } from 'node:fs';
import { StrategyRegistry } from '@aurora/core';
import {
  applySpaceFile,
  GridSampler,
  Nsga2Sampler,
  RandomSampler,
  searchSpaceFromSchema,
  TpeSampler,
  type Sampler,
  type SearchSpace,
} from '../search';
import { parseWalkForwardSpec, planWindows, type WalkForwardWindow } from '../walk-forward';
import { UsageError } from './data-dir';
import type { ResearchMath } from './optimize-cli';
import type { SamplerKind } from './optimize-args';

/** The built-in strategies' names, for the "unknown strategy" message. */
const registry = new StrategyRegistry();

function searchSpace(strategy: string, spaceFile: string | null): SearchSpace {
  const s = registry.get(strategy);
  if (!s) throw new UsageError(`--strategy ${strategy}: unknown; one of ${registry.names().join(', ')}`);
  const space = searchSpaceFromSchema(s.params);
  if (spaceFile === null) return space;
  let file: unknown;
  try {
    file = JSON.parse(readFileSync(spaceFile, 'utf8'));
  } catch (err) {
    throw new UsageError(`--space ${spaceFile}: ${(err as Error).message}`);
  }
  return applySpaceFile(space, file);
}

/**
 * The optimizer's scores are oriented higher-is-better, so every sampler maximizes. TPE is
 * single-objective: several objectives with --sampler tpe run NSGA-II.
 */
function sampler(kind: SamplerKind, space: unknown, seed: number, objectives: readonly string[]): Sampler {
  const s = space as SearchSpace;
  if (kind === 'grid') return new GridSampler(s);
  if (kind === 'random') return new RandomSampler(s, { seed });
  if (objectives.length > 1)
    return new Nsga2Sampler(s, { seed, directions: objectives.map(() => 'maximize' as const) });
  return new TpeSampler(s, { seed, direction: 'maximize' });
}

/** A grid has a size: asking past it is an error, so a grid run has at most that many trials. */
const maxTrials = (kind: SamplerKind, space: unknown): number | null =>
  kind === 'grid' ? new GridSampler(space as SearchSpace).size : null;

/** `in=90d,out=30d[,step=…][,anchored]` over the run's [from, to). */
const planWalkForward = (from: number, to: number, spec: string): WalkForwardWindow[] =>
  planWindows({ from, to, ...parseWalkForwardSpec(spec) });

export const researchMath: ResearchMath = { searchSpace, sampler, maxTrials, planWalkForward };
