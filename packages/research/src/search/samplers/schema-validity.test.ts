import { EnsembleParams } from '@aurora/contracts';
import { donchianBreakout, emaCross, rsiReversion } from '@aurora/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResearchInputError } from '../../errors';
import { applySpaceFile, searchSpaceFromSchema, type Dimension } from '../space';
import { createSampler, SAMPLER_KINDS } from './create';

const schemas = { 'rsi-reversion': rsiReversion.params, 'donchian-breakout': donchianBreakout.params, ensemble: EnsembleParams } as const;

describe('every sampler proposes sets the strategy schema accepts', () => {
  it.each(Object.entries(schemas))('%s', (_name, schema) => {
    const space = searchSpaceFromSchema(schema);
    for (const kind of ['random', 'tpe', 'nsga2'] as const) {
      const s = createSampler(space, { kind, seed: 11, populationSize: 8, ...(kind === 'nsga2' ? { directions: ['maximize', 'minimize'] } : {}) });
      for (let i = 0; i < 40; i++) {
        const p = s.ask();
        expect(schema.safeParse(p).success).toBe(true);
        const score = Object.values(p).reduce<number>((acc, v) => acc + (typeof v === 'number' ? v : v ? 1 : 0), 0);
        s.tell(p, kind === 'nsga2' ? [score, -score + i] : score);
      }
    }
  });

  it('ema-cross: a set breaking fast < slow is rejected by the schema, told as failed, and the search goes on', () => {
    const space = searchSpaceFromSchema(emaCross.params);
    const s = createSampler(space, { kind: 'tpe', seed: 4 });
    let valid = 0;
    for (let i = 0; i < 60; i++) {
      const p = s.ask();
      const ok = emaCross.params.safeParse(p).success;
      if (ok) valid++;
      s.tell(p, ok ? (p['slow'] as number) - (p['fast'] as number) : NaN);
    }
    expect(valid).toBeGreaterThan(30);
  });

  it('refuses a single-objective sampler with two directions', () => {
    const space = searchSpaceFromSchema(rsiReversion.params);
    expect(() => createSampler(space, { kind: 'tpe', seed: 1, directions: ['maximize', 'minimize'] })).toThrow(ResearchInputError);
    expect(SAMPLER_KINDS).toEqual(['grid', 'random', 'tpe', 'nsga2']);
  });
});

/** A random narrowing of a numeric dimension, as a space file entry. */
const narrowing = (d: Dimension) =>
  d.kind === 'int'
    ? fc.tuple(fc.integer({ min: d.low, max: d.high }), fc.integer({ min: d.low, max: d.high })).map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) }))
    : d.kind === 'float'
      ? fc.tuple(fc.double({ min: d.low, max: d.high, noNaN: true }), fc.double({ min: d.low, max: d.high, noNaN: true })).map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) }))
      : fc.constant({ choices: [true, false] });

describe('narrowed spaces (property)', () => {
  const base = searchSpaceFromSchema(EnsembleParams);
  const file = fc.record(Object.fromEntries(base.dimensions.map((d) => [d.name, narrowing(d)]))).map((parameters) => ({ parameters }));

  it('samples from random, TPE and NSGA-II stay inside the narrowed bounds and pass the schema', () => {
    fc.assert(
      fc.property(file, fc.integer(), fc.constantFrom(...(['random', 'tpe', 'nsga2'] as const)), (f, seed, kind) => {
        const space = applySpaceFile(base, f);
        const s = createSampler(space, { kind, seed, populationSize: 4, ...(kind === 'nsga2' ? { directions: ['maximize', 'maximize'] } : {}) });
        for (let i = 0; i < 15; i++) {
          const p = s.ask();
          for (const [name, e] of Object.entries(f.parameters)) {
            const v = p[name];
            if ('min' in e) {
              expect(v).toBeGreaterThanOrEqual(e.min);
              expect(v).toBeLessThanOrEqual(e.max);
            }
          }
          expect(EnsembleParams.safeParse(p).success).toBe(true);
          s.tell(p, kind === 'nsga2' ? [i % 3, -i] : (i * 7) % 5);
        }
      }),
      { numRuns: 25 },
    );
  });
});
