import { ResearchInputError } from '../../errors';
import type { SeededRng } from '../../random';
import type { ParamSet, ParamValue } from '../../trial';
import type { Dimension, FloatDimension, IntDimension, SearchSpace } from '../space';

export type Direction = 'maximize' | 'minimize';

/**
 * Every sampler: `ask` proposes a full parameter set (the space's fixed values included), `tell`
 * reports its score (one number, or one per objective for multi-objective samplers). A score that
 * is not finite marks a failed trial (invalid parameters, a crash): it ranks below every real one.
 * Asks may run ahead of tells (parallel workers); told sets need not have come from `ask`
 * (a resumed run re-tells its stored trials). Same seed and same sequence of calls, same proposals.
 */
export interface Sampler {
  ask(): ParamSet;
  tell(params: ParamSet, value: number | readonly number[]): void;
}

export type NumericDimension = IntDimension | FloatDimension;

export const isNumeric = (d: Dimension): d is NumericDimension => d.kind === 'int' || d.kind === 'float';

export const stepOf = (d: NumericDimension): number | null => (d.kind === 'int' ? d.step : d.step);

/** Snap a value in the dimension's own units onto its bounds and step grid. */
export function snap(d: NumericDimension, x: number): number {
  const step = stepOf(d);
  let v = x;
  if (step !== null) {
    v = d.low + Math.round((v - d.low) / step) * step;
    // Keep decimal steps readable: 0.1 + 3·0.1 should be 0.4, not 0.40000000000000002.
    if (d.kind === 'float') v = Number(v.toPrecision(12));
  }
  if (v < d.low) v = d.low;
  if (v > d.high) v = step === null ? d.high : d.low + Math.floor((d.high - d.low) / step + 1e-9) * step;
  return v;
}

/** The dimension in the samplers' internal coordinate (log of the value on a log scale). */
export const toInternal = (d: NumericDimension, v: number): number => (d.log ? Math.log(v) : v);
export const fromInternal = (d: NumericDimension, t: number): number => snap(d, d.log ? Math.exp(t) : t);

/**
 * Internal bounds. A discrete dimension's range widens by half a step each side so the end
 * values get the same share of the continuous range as the inner ones once rounded.
 */
export function internalBounds(d: NumericDimension): [number, number] {
  const step = stepOf(d);
  let lo = d.low;
  let hi = d.high;
  if (step !== null) {
    lo -= step / 2;
    hi += step / 2;
    if (d.log && lo <= 0) lo = d.low;
  }
  return [toInternal(d, lo), toInternal(d, hi)];
}

/** One value drawn uniformly (log-uniformly on a log scale) from a dimension. */
export function sampleUniform(d: Dimension, rng: SeededRng): ParamValue {
  switch (d.kind) {
    case 'boolean':
      return rng.next() < 0.5;
    case 'categorical':
      return d.choices[rng.int(d.choices.length)] as string | number;
    default: {
      const [lo, hi] = internalBounds(d);
      return fromInternal(d, rng.uniform(lo, hi));
    }
  }
}

export function sampleAllUniform(space: SearchSpace, rng: SeededRng): ParamSet {
  const out: ParamSet = {};
  for (const d of space.dimensions) out[d.name] = sampleUniform(d, rng);
  return { ...out, ...space.fixed };
}

export function singleValue(value: number | readonly number[]): number {
  if (typeof value === 'number') return value;
  if (value.length !== 1) throw new ResearchInputError(`a single-objective sampler was told ${value.length} values`);
  return value[0] as number;
}

/** A score to minimize; failed trials (not finite) become +Infinity. */
export function toLoss(value: number, direction: Direction): number {
  if (!Number.isFinite(value)) return Infinity;
  return direction === 'maximize' ? -value : value;
}
