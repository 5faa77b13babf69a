import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResearchInputError } from '../errors';
import { GridSampler, Nsga2Sampler, RandomSampler, TpeSampler, type SearchSpace } from '../search';
import { UsageError } from './data-dir';
import { researchMath } from './research-math-wiring';

describe('the optimize command on the research maths', () => {
  it("takes a built-in strategy's space from its schema, narrowed by a space file", () => {
    const full = researchMath.searchSpace('ema-cross', null) as SearchSpace;
    expect(full.dimensions.map((d) => d.name)).toContain('fast');
    const dir = mkdtempSync(join(tmpdir(), 'aurora-space-'));
    try {
      const file = join(dir, 'space.json');
      writeFileSync(file, JSON.stringify({ parameters: { fast: 9 } }));
      const narrowed = researchMath.searchSpace('ema-cross', file) as SearchSpace;
      expect(narrowed.fixed).toEqual({ fast: 9 });
      expect(narrowed.dimensions.map((d) => d.name)).not.toContain('fast');
      writeFileSync(file, JSON.stringify({ parameters: { fast: { min: -1 } } }));
      expect(() => researchMath.searchSpace('ema-cross', file)).toThrow(ResearchInputError);
      writeFileSync(file, '{ not json');
      expect(() => researchMath.searchSpace('ema-cross', file)).toThrow(UsageError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => researchMath.searchSpace('no-such', null)).toThrow(/unknown; one of .*ema-cross/);
  });

  it('picks the sampler: TPE for one objective, NSGA-II for several, and caps a grid run at its size', () => {
    const space = researchMath.searchSpace('ema-cross', null);
    expect(researchMath.sampler('tpe', space, 1, ['sharpe'])).toBeInstanceOf(TpeSampler);
    expect(researchMath.sampler('tpe', space, 1, ['return', 'drawdown'])).toBeInstanceOf(Nsga2Sampler);
    expect(researchMath.sampler('random', space, 1, ['sharpe'])).toBeInstanceOf(RandomSampler);
    expect(researchMath.sampler('grid', space, 1, ['sharpe'])).toBeInstanceOf(GridSampler);
    expect(researchMath.maxTrials?.('grid', space)).toBe(new GridSampler(space as SearchSpace).size);
    expect(researchMath.maxTrials?.('tpe', space)).toBeNull();
  });

  it('plans walk-forward windows from the --walk-forward text', () => {
    const DAY = 86_400_000;
    const w = researchMath.planWalkForward!(0, 150 * DAY, 'in=90d,out=30d');
    expect(w).toEqual([
      { index: 0, inFrom: 0, inTo: 90 * DAY, outFrom: 90 * DAY, outTo: 120 * DAY },
      { index: 1, inFrom: 30 * DAY, inTo: 120 * DAY, outFrom: 120 * DAY, outTo: 150 * DAY },
    ]);
    expect(() => researchMath.planWalkForward!(0, 150 * DAY, 'in=90,out=30d')).toThrow(ResearchInputError);
  });
});
