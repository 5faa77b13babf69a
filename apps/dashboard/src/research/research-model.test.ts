import { describe, expect, it } from 'vitest';
import type { ResearchObjective, ResearchTrial } from '@aurora/contracts';
import {
  confirmationMatches,
  objectiveLabel,
  paramsLine,
  runHash,
  runIdFromHash,
  scatterPoints,
  sortTrials,
  windowLabel,
} from './research-model';

const OBJ: ResearchObjective[] = [
  { name: 'return', metric: 'totalReturnPct', better: 'higher' },
  { name: 'drawdown', metric: 'maxDrawdownPct', better: 'lower' },
];
const trial = (n: number, scores: (number | null)[]): ResearchTrial => ({
  n,
  status: scores[0] === null ? 'failed' : 'done',
  params: { fast: n },
  metrics: null,
  scores,
  trade_hash: null,
  error: null,
  started_at: 0,
  finished_at: null,
  worker: null,
  report: null,
});
const TRIALS = [
  trial(0, [4, 3]),
  trial(1, [8, 6]),
  trial(2, [null, null]),
  trial(3, [4, 2]),
  trial(4, [3, 1]),
];

describe('research model', () => {
  it('sorts by an objective in its own direction, ties by trial number, unscored trials last', () => {
    expect(sortTrials(TRIALS, OBJ, { key: 'objective', index: 0 }).map((t) => t.n)).toEqual([1, 0, 3, 4, 2]);
    expect(sortTrials(TRIALS, OBJ, { key: 'objective', index: 1 }).map((t) => t.n)).toEqual([4, 3, 0, 1, 2]);
    expect(sortTrials([...TRIALS].reverse(), OBJ, { key: 'n' }).map((t) => t.n)).toEqual([0, 1, 2, 3, 4]);
  });

  it('scatters the scored trials and marks the front', () => {
    expect(scatterPoints(TRIALS, [1, 4])).toEqual([
      { n: 0, x: 4, y: 3, front: false },
      { n: 1, x: 8, y: 6, front: true },
      { n: 3, x: 4, y: 2, front: false },
      { n: 4, x: 3, y: 1, front: true },
    ]);
  });

  it('reads and writes the run in the hash, refusing a broken escape', () => {
    expect(runIdFromHash('#/research')).toBeNull();
    expect(runIdFromHash('#/research/ema-cross-1.w0')).toBe('ema-cross-1.w0');
    expect(runIdFromHash(runHash('a b/c'))).toBe('a b/c');
    expect(runIdFromHash('#/research/%E0%A4%A')).toBeNull();
    expect(runIdFromHash('#/backtests/x')).toBeNull();
  });

  it('labels, lines and the confirmation', () => {
    expect(objectiveLabel(OBJ[1]!)).toBe('drawdown (%, lower is better)');
    expect(objectiveLabel({ name: 'sharpe', metric: 'sharpe', better: 'higher' })).toBe('sharpe');
    expect(paramsLine({ fast: 12, stop: 2.123456789, on: true })).toBe('fast=12 stop=2.12346 on=true');
    expect(windowLabel(Date.UTC(2024, 0, 1), Date.UTC(2024, 1, 1))).toBe('2024-01-01 → 2024-01-31');
    expect(confirmationMatches(' ema-cross ', 'ema-cross')).toBe(true);
    expect(confirmationMatches('ema cross', 'ema-cross')).toBe(false);
    expect(confirmationMatches('', 'ema-cross')).toBe(false);
  });
});
