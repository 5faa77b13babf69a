import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ParamSet } from '../../trial';
import { searchSpaceFromSchema } from '../space';
import { Nsga2Sampler } from './nsga2';
import { crowdingDistance, dominates, nonDominatedSort, paretoFront, toLosses } from './pareto';
import type { Direction } from './sampler';

const N_VARS = 30;
const zdt1Space = searchSpaceFromSchema(z.object(Object.fromEntries(Array.from({ length: N_VARS }, (_, i) => [`x${i}`, z.number().min(0).max(1)]))));
const zdt1 = (p: ParamSet): [number, number] => {
  const x = Array.from({ length: N_VARS }, (_, i) => p[`x${i}`] as number);
  const f1 = x[0] as number;
  const g = 1 + (9 * x.slice(1).reduce((s, v) => s + v, 0)) / (N_VARS - 1);
  return [f1, g * (1 - Math.sqrt(f1 / g))];
};
/** Mean distance from each found point to the true front f2 = 1 − √f1 (sampled densely). */
function generationalDistance(points: readonly (readonly number[])[]): number {
  const truth = Array.from({ length: 2001 }, (_, i) => [i / 2000, 1 - Math.sqrt(i / 2000)] as const);
  const d = points.map(([a, b]) => Math.min(...truth.map(([x, y]) => Math.hypot((a as number) - x, (b as number) - y))));
  return d.reduce((s, v) => s + v, 0) / d.length;
}

describe('Nsga2Sampler on ZDT1 (30 variables)', () => {
  it('gets its front close to the true Pareto front', () => {
    for (const seed of [1, 2]) {
      const s = new Nsga2Sampler(zdt1Space, { seed, directions: ['minimize', 'minimize'], populationSize: 40 });
      const all: number[][] = [];
      for (let i = 0; i < 40 * 150; i++) {
        const p = s.ask();
        const v = zdt1(p);
        s.tell(p, v);
        all.push(v);
      }
      const front = paretoFront(all, ['minimize', 'minimize']).map((i) => all[i] as number[]);
      expect(generationalDistance(front)).toBeLessThan(0.01);
      // Spread: the front reaches both ends rather than collapsing onto one point.
      expect(Math.min(...front.map((p) => p[0] as number))).toBeLessThan(0.05);
      expect(Math.max(...front.map((p) => p[0] as number))).toBeGreaterThan(0.8);
      expect(s.population).toHaveLength(40);
    }
  });

  it('is deterministic for a seed, tolerates asks ahead of tells, and checks the objective count', () => {
    const run = (): ParamSet[] => {
      const s = new Nsga2Sampler(zdt1Space, { seed: 9, directions: ['minimize', 'minimize'], populationSize: 8 });
      const out: ParamSet[] = [];
      for (let i = 0; i < 10; i++) {
        const batch = [s.ask(), s.ask(), s.ask()];
        for (const p of batch) s.tell(p, zdt1(p));
        out.push(...batch);
      }
      return out;
    };
    expect(run()).toEqual(run());
    const s = new Nsga2Sampler(zdt1Space, { seed: 1, directions: ['minimize', 'maximize'] });
    expect(() => s.tell(s.ask(), [1])).toThrow(/2 objectives/);
  });
});

const dirs = fc.array(fc.constantFrom<Direction>('maximize', 'minimize'), { minLength: 1, maxLength: 3 });
const cloud = dirs.chain((d) =>
  fc.tuple(fc.constant(d), fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: d.length, maxLength: d.length }), { maxLength: 40 })),
);

describe('paretoFront (property)', () => {
  it('no front point is dominated; every other point is dominated by a front point', () => {
    fc.assert(
      fc.property(cloud, ([d, pts]) => {
        const front = paretoFront(pts, d);
        const losses = toLosses(pts, d);
        const inFront = new Set(front);
        for (const i of front) for (let j = 0; j < pts.length; j++) expect(dominates(losses[j] as number[], losses[i] as number[])).toBe(false);
        for (let j = 0; j < pts.length; j++) {
          if (!inFront.has(j)) expect(front.some((i) => dominates(losses[i] as number[], losses[j] as number[]))).toBe(true);
        }
      }),
    );
  });

  it('non-dominated sorting: the first front is paretoFront, later fronts are dominated by earlier ones, all points ranked once', () => {
    fc.assert(
      fc.property(cloud, ([d, pts]) => {
        const losses = toLosses(pts, d);
        const fronts = nonDominatedSort(losses);
        expect(fronts.flat().sort((a, b) => a - b)).toEqual(pts.map((_, i) => i));
        if (pts.length > 0) expect([...(fronts[0] as number[])].sort((a, b) => a - b)).toEqual(paretoFront(pts, d));
        for (let f = 1; f < fronts.length; f++) {
          for (const j of fronts[f] as number[]) expect((fronts[f - 1] as number[]).some((i) => dominates(losses[i] as number[], losses[j] as number[]))).toBe(true);
        }
      }),
    );
  });

  it('honours the directions and ranks non-finite values last', () => {
    expect(paretoFront([[1, 1], [2, 2], [0, 3]], ['maximize', 'maximize'])).toEqual([1, 2]);
    expect(paretoFront([[1, 1], [2, 2], [0, 3]], ['minimize', 'minimize'])).toEqual([0, 2]);
    expect(paretoFront([[NaN, 0], [5, 5]], ['minimize', 'minimize'])).toEqual([1]);
    const c = crowdingDistance([[0, 3], [1, 2], [2, 1], [3, 0]], [0, 1, 2, 3]);
    expect([...c]).toEqual([Infinity, 4 / 3, 4 / 3, Infinity]);
  });
});
