import { ResearchInputError } from '../errors';

export interface SignificanceResult {
  /** (1 + random scores at or above the actual one) / (1 + number of random runs): never 0, as it must not be from a finite sample. */
  pValue: number;
  /** Share (0..1) of random runs the actual score beats strictly. */
  beatShare: number;
  verdict: 'significant' | 'not-significant';
  alpha: number;
  runs: number;
}

/**
 * A permutation-style test against random entries with the same exits: how often does chance do
 * at least as well? Significant when p ≤ alpha (default 0.05).
 */
export function randomEntrySignificance(actualScore: number, randomScores: readonly number[], { alpha = 0.05 }: { alpha?: number } = {}): SignificanceResult {
  if (!Number.isFinite(actualScore)) throw new ResearchInputError('must be a finite number', 'actualScore');
  if (randomScores.length === 0) throw new ResearchInputError('needs at least one random run', 'randomScores');
  if (!(alpha > 0 && alpha < 1)) throw new ResearchInputError('must be between 0 and 1', 'alpha');
  let atLeast = 0;
  let below = 0;
  for (const s of randomScores) {
    // A failed random run (NaN) counts as doing at least as well: the conservative side.
    if (!(s < actualScore)) atLeast++;
    else below++;
  }
  const pValue = (1 + atLeast) / (1 + randomScores.length);
  return { pValue, beatShare: below / randomScores.length, verdict: pValue <= alpha ? 'significant' : 'not-significant', alpha, runs: randomScores.length };
}
