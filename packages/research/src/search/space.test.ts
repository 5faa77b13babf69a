import { EnsembleParams } from '@aurora/contracts';
import { donchianBreakout, emaCross, rsiReversion } from '@aurora/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ResearchInputError } from '../errors';
import { applySpaceFile, searchSpaceFromSchema, withFixed, type Dimension } from './space';

const dim = (dims: readonly Dimension[], name: string): Dimension => {
  const d = dims.find((x) => x.name === name);
  if (!d) throw new Error(`no ${name}`);
  return d;
};

describe('searchSpaceFromSchema on the built-in strategies', () => {
  it('reads ema-cross (a refined object): ints with bounds, floats, defaults', () => {
    const space = searchSpaceFromSchema(emaCross.params);
    expect(space.dimensions.map((d) => d.name)).toEqual(['fast', 'slow', 'stop_atr_mult', 'take_profit_atr_mult', 'confidence']);
    expect(dim(space.dimensions, 'fast')).toEqual({ kind: 'int', name: 'fast', low: 2, high: 200, step: 1, log: false, default: 9 });
    expect(dim(space.dimensions, 'stop_atr_mult')).toEqual({ kind: 'float', name: 'stop_atr_mult', low: 0.1, high: 20, log: false, step: null, default: 2 });
    expect(space.skipped).toEqual({});
  });

  it('reads rsi-reversion, donchian-breakout and the ensemble (a boolean among them)', () => {
    expect(dim(searchSpaceFromSchema(rsiReversion.params).dimensions, 'oversold')).toMatchObject({ kind: 'float', low: 1, high: 50, default: 30 });
    expect(dim(searchSpaceFromSchema(donchianBreakout.params).dimensions, 'period')).toMatchObject({ kind: 'int', low: 2, high: 500 });
    const ens = searchSpaceFromSchema(EnsembleParams);
    expect(ens.dimensions).toHaveLength(20);
    expect(dim(ens.dimensions, 'long_only')).toEqual({ kind: 'boolean', name: 'long_only', default: true });
    expect(dim(ens.dimensions, 'max_holding_min')).toMatchObject({ kind: 'int', low: 1, high: 100_000 });
  });

  it('reads enums, log scales, steps and exclusive bounds; skips what cannot be searched', () => {
    const space = searchSpaceFromSchema(
      z.object({
        mode: z.enum(['fast', 'slow']).default('slow'),
        lr: z.number().min(1e-4).max(1).meta({ search: { log: true } }),
        lots: z.number().int().min(0).max(100).multipleOf(5),
        frac: z.number().gt(0).lt(1),
        label: z.string().default('x'),
        open: z.number().min(0),
        count: z.int().min(1).max(5),
        small: z.int32().min(-3).max(3),
      }),
    );
    expect(dim(space.dimensions, 'count')).toMatchObject({ kind: 'int', low: 1, high: 5 });
    expect(dim(space.dimensions, 'small')).toMatchObject({ kind: 'int', low: -3, high: 3 });
    expect(dim(space.dimensions, 'mode')).toEqual({ kind: 'categorical', name: 'mode', choices: ['fast', 'slow'], default: 'slow' });
    expect(dim(space.dimensions, 'lr')).toMatchObject({ kind: 'float', log: true, low: 1e-4, high: 1 });
    expect(dim(space.dimensions, 'lots')).toMatchObject({ kind: 'int', low: 0, high: 100, step: 5 });
    const frac = dim(space.dimensions, 'frac');
    expect(frac.kind === 'float' && frac.low > 0 && frac.high < 1).toBe(true);
    expect(Object.keys(space.skipped).sort()).toEqual(['label', 'open']);
  });

  it('rejects a log scale on a range that reaches zero, and a non-object schema', () => {
    expect(searchSpaceFromSchema(z.object({ x: z.number().min(0).max(1).meta({ search: { log: true } }) })).skipped['x']).toMatch(/positive/);
    expect(() => searchSpaceFromSchema(z.number())).toThrow(ResearchInputError);
  });
});

describe('applySpaceFile', () => {
  const base = searchSpaceFromSchema(emaCross.params);

  it('narrows bounds, fixes values and keeps the rest', () => {
    const space = applySpaceFile(base, { parameters: { fast: { min: 5, max: 20 }, slow: 50, confidence: { min: 0.6, max: 0.6 }, stop_atr_mult: { min: 0.5, max: 4, log: true } } });
    expect(dim(space.dimensions, 'fast')).toMatchObject({ low: 5, high: 20 });
    expect(dim(space.dimensions, 'stop_atr_mult')).toMatchObject({ low: 0.5, high: 4, log: true });
    expect(space.fixed).toEqual({ slow: 50, confidence: 0.6 });
    expect(space.dimensions.map((d) => d.name)).toEqual(['fast', 'stop_atr_mult', 'take_profit_atr_mult']);
    expect(withFixed(space, { fast: 7 })).toEqual({ fast: 7, slow: 50, confidence: 0.6 });
  });

  it('narrows choices; a single choice becomes fixed', () => {
    const ens = searchSpaceFromSchema(EnsembleParams);
    expect(applySpaceFile(ens, { parameters: { long_only: { choices: [false] } } }).fixed).toEqual({ long_only: false });
    const cat = searchSpaceFromSchema(z.object({ m: z.enum(['a', 'b', 'c']) }));
    expect(dim(applySpaceFile(cat, { parameters: { m: { choices: ['a', 'c'] } } }).dimensions, 'm')).toMatchObject({ choices: ['a', 'c'] });
  });

  it.each([
    [{ parameters: { fast: { min: 1 } } }, /parameters\.fast\.min: 1 widens the strategy's lower bound 2/],
    [{ parameters: { fast: { max: 201 } } }, /widens the strategy's upper bound 200/],
    [{ parameters: { fast: 500 } }, /outside the strategy's bounds/],
    [{ parameters: { fast: 2.5 } }, /not an integer/],
    [{ parameters: { fast: { min: 10, max: 5 } } }, /min 10 is above max 5/],
    [{ parameters: { fast: { min: 5.5 } } }, /integer bounds/],
    [{ parameters: { nope: 1 } }, /no parameter "nope"/],
    [{ parameters: { fast: { choices: [3] } } }, /choices apply only/],
    [{ parameters: { fast: { min: 3, bogus: 1 } } }, /parameters\.fast/],
    [{ params: {} }, /./],
  ])('rejects %j with a clear error', (file, message) => {
    expect(() => applySpaceFile(base, file)).toThrow(ResearchInputError);
    expect(() => applySpaceFile(base, file)).toThrow(message);
  });
});
