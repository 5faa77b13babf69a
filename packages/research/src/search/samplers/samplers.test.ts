import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SeededRng } from '../../random';
import type { ParamSet } from '../../trial';
import { searchSpaceFromSchema, type SearchSpace } from '../space';
import { GridExhaustedError, GridSampler, RandomSampler, TpeSampler, type Sampler } from './index';
import { normalCdf, normalQuantile, ParzenEstimator } from './parzen';

const braninSpace = searchSpaceFromSchema(z.object({ x: z.number().min(-5).max(10), y: z.number().min(0).max(15) }));
const branin = (p: ParamSet): number => {
  const x = p['x'] as number;
  const y = p['y'] as number;
  const b = 5.1 / (4 * Math.PI * Math.PI);
  const c = 5 / Math.PI;
  return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
};
const quadSpace = searchSpaceFromSchema(z.object({ a: z.number().min(-10).max(10), b: z.number().int().min(-50).max(50) }));
const quad = (p: ParamSet): number => ((p['a'] as number) - 3) ** 2 + (((p['b'] as number) + 7) / 5) ** 2;

function bestOf(sampler: Sampler, f: (p: ParamSet) => number, trials: number): number {
  let best = Infinity;
  for (let i = 0; i < trials; i++) {
    const p = sampler.ask();
    const v = f(p);
    sampler.tell(p, v);
    best = Math.min(best, v);
  }
  return best;
}

describe('TpeSampler against random search (fixed seeds; this comparison can fail)', () => {
  it.each([
    ['Branin', braninSpace, branin],
    ['a 2-D quadratic (float × int)', quadSpace, quad],
  ] as const)('finds a lower minimum of %s in 60 trials on average over 12 seeds', (_name, space: SearchSpace, f) => {
    let tpe = 0;
    let rnd = 0;
    let tpeWins = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const t = bestOf(new TpeSampler(space, { seed, direction: 'minimize' }), f, 60);
      const r = bestOf(new RandomSampler(space, { seed }), f, 60);
      tpe += t / 12;
      rnd += r / 12;
      if (t < r) tpeWins++;
    }
    expect(tpe).toBeLessThan(rnd * 0.6);
    expect(tpeWins).toBeGreaterThanOrEqual(8);
  });

  it('gets Branin within 0.1 of its minimum 0.3979 in 150 trials for most seeds', () => {
    const results = [1, 2, 3, 4, 5].map((seed) => bestOf(new TpeSampler(braninSpace, { seed, direction: 'minimize' }), branin, 150));
    expect(results.filter((r) => r < 0.5).length).toBeGreaterThanOrEqual(4);
  });

  it('maximizes by default and treats failed trials as the worst', () => {
    const s = new TpeSampler(quadSpace, { seed: 3, nStartup: 5 });
    let best = -Infinity;
    for (let i = 0; i < 60; i++) {
      const p = s.ask();
      // Half the space "fails" (invalid parameters): the sampler must learn to avoid it.
      const v = (p['a'] as number) < 0 ? NaN : -quad(p);
      s.tell(p, v);
      if (Number.isFinite(v)) best = Math.max(best, v);
    }
    expect(best).toBeGreaterThan(-1);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const run = (seed: number): ParamSet[] => {
      const s = new TpeSampler(braninSpace, { seed, direction: 'minimize', nStartup: 5 });
      return Array.from({ length: 20 }, () => {
        const p = s.ask();
        s.tell(p, branin(p));
        return p;
      });
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('keeps ints integral and on their step, floats within bounds, choices valid', () => {
    const space = searchSpaceFromSchema(
      z.object({ n: z.number().int().min(10).max(100).multipleOf(10), lr: z.number().min(1e-3).max(1).meta({ search: { log: true } }), m: z.enum(['a', 'b', 'c']), on: z.boolean() }),
    );
    const s = new TpeSampler(space, { seed: 1, nStartup: 3 });
    for (let i = 0; i < 40; i++) {
      const p = s.ask();
      expect((p['n'] as number) % 10).toBe(0);
      expect(p['n']).toBeGreaterThanOrEqual(10);
      expect(p['n']).toBeLessThanOrEqual(100);
      expect(p['lr']).toBeGreaterThanOrEqual(1e-3);
      expect(p['lr']).toBeLessThanOrEqual(1);
      expect(['a', 'b', 'c']).toContain(p['m']);
      expect(typeof p['on']).toBe('boolean');
      s.tell(p, (p['m'] === 'b' ? 1 : 0) + (p['on'] ? 1 : 0) - Math.abs(Math.log10(p['lr'] as number) + 2));
    }
  });

  it('stays finite on a range too narrow for a density (found by the narrowing property test)', () => {
    const space = searchSpaceFromSchema(z.object({ t: z.number().min(0).max(5e-324), u: z.number().min(0).max(1) }));
    const s = new TpeSampler(space, { seed: 0, nStartup: 2 });
    for (let i = 0; i < 10; i++) {
      const p = s.ask();
      expect(p['t'] === 0 || p['t'] === 5e-324).toBe(true);
      s.tell(p, i);
    }
  });

  it('learns a categorical preference', () => {
    const space = searchSpaceFromSchema(z.object({ m: z.enum(['a', 'b', 'c', 'd']) }));
    const s = new TpeSampler(space, { seed: 2, nStartup: 8 });
    let bs = 0;
    for (let i = 0; i < 60; i++) {
      const p = s.ask();
      if (i >= 30 && p['m'] === 'c') bs++;
      s.tell(p, p['m'] === 'c' ? 1 : 0);
    }
    expect(bs).toBeGreaterThan(20);
  });
});

describe('ParzenEstimator and the normal helpers', () => {
  it('normalCdf and normalQuantile invert each other', () => {
    for (const p of [1e-6, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-6]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
  });

  it('is a density on its range: it integrates to 1 and samples stay inside', () => {
    const est = new ParzenEstimator([0.1, 0.15, 0.9], 0, 1);
    let area = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) area += Math.exp(est.logPdf((i + 0.5) / n)) / n;
    expect(area).toBeCloseTo(1, 3);
    const rng = new SeededRng(1);
    for (let i = 0; i < 1000; i++) {
      const x = est.sample(rng);
      expect(x >= 0 && x <= 1).toBe(true);
    }
  });
});

describe('RandomSampler', () => {
  it('covers the range uniformly and repeats for a seed', () => {
    const a = new RandomSampler(braninSpace, { seed: 5 });
    const b = new RandomSampler(braninSpace, { seed: 5 });
    const xs = Array.from({ length: 2000 }, () => a.ask());
    expect(xs.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => b.ask()));
    const mean = xs.reduce((s, p) => s + (p['x'] as number), 0) / xs.length;
    expect(mean).toBeGreaterThan(2);
    expect(mean).toBeLessThan(3);
  });
});

describe('GridSampler', () => {
  const space = searchSpaceFromSchema(z.object({ f: z.number().min(0.1).max(20), n: z.number().int().min(2).max(4), on: z.boolean() }));

  it('covers every corner and every combination exactly once, then stops', () => {
    const g = new GridSampler(space, { levels: 3 });
    expect(g.size).toBe(3 * 3 * 2);
    const seen = Array.from({ length: g.size }, () => g.ask());
    expect(new Set(seen.map((p) => JSON.stringify(p))).size).toBe(18);
    for (const f of [0.1, 20]) for (const n of [2, 4]) for (const on of [false, true]) expect(seen).toContainEqual({ f, n, on });
    expect(seen.map((p) => p['f'])).toContain(10.05);
    expect(() => g.ask()).toThrow(GridExhaustedError);
  });

  it('skips points already told (a resumed run) and thins wide int ranges', () => {
    const g = new GridSampler(space, { levels: 2 });
    g.tell({ f: 0.1, n: 2, on: false });
    expect(g.remaining).toBe(g.size - 1);
    g.tell({ f: 0.1, n: 2, on: true });
    g.tell({ f: 20, n: 4, on: true });
    g.tell({ f: 3, n: 2, on: true }); // not a grid point: ignored
    expect(g.remaining).toBe(g.size - 3);
    expect(g.ask()).toEqual({ f: 0.1, n: 3, on: false });
    const rest = Array.from({ length: g.remaining }, () => g.ask());
    expect(rest).not.toContainEqual({ f: 20, n: 4, on: true });
    expect(() => g.ask()).toThrow(GridExhaustedError);
    const wide = new GridSampler(searchSpaceFromSchema(z.object({ p: z.number().int().min(2).max(500) })), { maxIntLevels: 5 });
    expect(Array.from({ length: wide.size }, () => wide.ask()['p'])).toEqual([2, 127, 251, 376, 500]);
  });

  it('refuses a grid too large to count', () => {
    const many = searchSpaceFromSchema(z.object(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`p${i}`, z.number().min(0).max(1)]))));
    expect(() => new GridSampler(many, { levels: 10 })).toThrow(/narrow the space/);
  });
});
