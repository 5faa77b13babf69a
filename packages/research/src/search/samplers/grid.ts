import { ResearchInputError } from '../../errors';
import type { ParamSet, ParamValue } from '../../trial';
import { choicesOf, type Dimension, type SearchSpace } from '../space';
import { snap, type Sampler } from './sampler';

export interface GridOptions {
  /** Evenly spaced values per float dimension, both bounds included (default 5). */
  levels?: number;
  /** An int dimension with more values than this is thinned to this many, evenly spaced (default: all values up to 50). */
  maxIntLevels?: number;
}

export class GridExhaustedError extends Error {
  override readonly name = 'GridExhaustedError';
}

function levelsOf(d: Dimension, levels: number, maxIntLevels: number): readonly ParamValue[] {
  switch (d.kind) {
    case 'boolean':
    case 'categorical':
      return choicesOf(d);
    case 'int': {
      const count = Math.floor((d.high - d.low) / d.step) + 1;
      if (count <= maxIntLevels) return Array.from({ length: count }, (_, i) => d.low + i * d.step);
      return evenly(d.low, d.high, maxIntLevels, d.log).map((v) => snap(d, v)).filter((v, i, a) => i === 0 || v !== a[i - 1]);
    }
    case 'float':
      if (d.step !== null && Math.floor((d.high - d.low) / d.step) + 1 <= levels) {
        return Array.from({ length: Math.floor((d.high - d.low) / d.step + 1e-9) + 1 }, (_, i) => snap(d, d.low + i * (d.step as number)));
      }
      return evenly(d.low, d.high, levels, d.log).map((v) => snap(d, v)).filter((v, i, a) => i === 0 || v !== a[i - 1]);
  }
}

function evenly(low: number, high: number, n: number, log: boolean): number[] {
  if (n === 1) return [log ? Math.sqrt(low * high) : (low + high) / 2];
  const [a, b] = log ? [Math.log(low), Math.log(high)] : [low, high];
  return Array.from({ length: n }, (_, i) => {
    const t = i === n - 1 ? b : a + ((b - a) * i) / (n - 1);
    // Twelve significant digits: a level reads 10.05, not 10.049999999999999.
    return log ? (i === 0 ? low : i === n - 1 ? high : Number(Math.exp(t).toPrecision(12))) : Number(t.toPrecision(12));
  });
}

/**
 * Every combination of the dimensions' levels, in mixed-radix order (the last dimension varies
 * fastest). The grid is never materialized: the i-th point is decoded from i. Points already told
 * (a resumed run) are skipped; a told set that is not a grid point is ignored. Asking past the
 * end throws GridExhaustedError.
 */
export class GridSampler implements Sampler {
  readonly size: number;
  private readonly levels: (readonly ParamValue[])[];
  private readonly names: string[];
  /** Grid indices told at or after `next`: what ask must skip. */
  private readonly told = new Set<number>();
  private next = 0;

  constructor(
    private readonly space: SearchSpace,
    options: GridOptions = {},
  ) {
    const levels = options.levels ?? 5;
    const maxIntLevels = options.maxIntLevels ?? 50;
    if (!Number.isInteger(levels) || levels < 1) throw new ResearchInputError('levels must be a positive integer', 'levels');
    if (!Number.isInteger(maxIntLevels) || maxIntLevels < 2) throw new ResearchInputError('maxIntLevels must be an integer of at least 2', 'maxIntLevels');
    this.levels = space.dimensions.map((d) => levelsOf(d, levels, maxIntLevels));
    this.names = space.dimensions.map((d) => d.name);
    this.size = this.levels.reduce((n, l) => n * l.length, 1);
    if (!Number.isSafeInteger(this.size)) throw new ResearchInputError(`the grid has ${this.size} points; narrow the space or lower the levels`);
  }

  /** The i-th grid point. */
  point(index: number): ParamSet {
    const out: ParamSet = {};
    let rest = index;
    for (let k = this.levels.length - 1; k >= 0; k--) {
      const l = this.levels[k] as readonly ParamValue[];
      out[this.names[k] as string] = l[rest % l.length] as ParamValue;
      rest = Math.floor(rest / l.length);
    }
    return { ...out, ...this.space.fixed };
  }

  /** The grid index of a parameter set, or null when it is not a grid point. */
  indexOf(params: ParamSet): number | null {
    let index = 0;
    for (let k = 0; k < this.levels.length; k++) {
      const l = this.levels[k] as readonly ParamValue[];
      const v = params[this.names[k] as string];
      let i = l.indexOf(v as ParamValue);
      // Floats read back from a store may differ in the last bits.
      if (i < 0 && typeof v === 'number') i = l.findIndex((x) => typeof x === 'number' && Math.abs(x - v) <= 1e-9 * Math.max(1, Math.abs(v)));
      if (i < 0) return null;
      index = index * l.length + i;
    }
    return index;
  }

  /** Points not yet asked nor told. */
  get remaining(): number {
    return this.size - this.next - this.told.size;
  }

  ask(): ParamSet {
    while (this.told.delete(this.next)) this.next++;
    if (this.next >= this.size) throw new GridExhaustedError(`all ${this.size} grid points have been asked`);
    return this.point(this.next++);
  }

  tell(params: ParamSet): void {
    const i = this.indexOf(params);
    if (i !== null && i >= this.next) this.told.add(i);
  }
}
