import { z } from 'zod';
import { ResearchInputError } from '../errors';
import type { ParamSet, ParamValue } from '../trial';

/**
 * The search space: one dimension per tunable parameter, read from the strategy's own zod
 * schema. Bounds are inclusive. A float (or int) declared with `.meta({ search: { log: true } })`
 * is searched on a log scale; `.multipleOf(s)` gives a step.
 */
export interface IntDimension {
  kind: 'int';
  name: string;
  low: number;
  high: number;
  step: number;
  log: boolean;
  default?: number;
}
export interface FloatDimension {
  kind: 'float';
  name: string;
  low: number;
  high: number;
  log: boolean;
  /** Discretize to low + k·step when set. */
  step: number | null;
  default?: number;
}
export interface CategoricalDimension {
  kind: 'categorical';
  name: string;
  choices: readonly (string | number)[];
  default?: string | number;
}
export interface BooleanDimension {
  kind: 'boolean';
  name: string;
  default?: boolean;
}
export type Dimension = IntDimension | FloatDimension | CategoricalDimension | BooleanDimension;

export interface SearchSpace {
  dimensions: readonly Dimension[];
  /** Parameters held at one value (by the space file); merged into every sampled set. */
  fixed: ParamSet;
  /** Parameters the schema has but the search cannot vary (strings, records, unbounded numbers), with why. */
  skipped: Readonly<Record<string, string>>;
}

/** The values a discrete dimension can take, in order. */
export function choicesOf(dim: CategoricalDimension | BooleanDimension): readonly ParamValue[] {
  return dim.kind === 'boolean' ? [false, true] : dim.choices;
}

/** The sampled values plus the fixed ones: what the evaluator receives. */
export function withFixed(space: SearchSpace, sampled: ParamSet): ParamSet {
  return { ...sampled, ...space.fixed };
}

interface ZodInternals {
  _zod: { def: { type: string; format?: string; innerType?: unknown; defaultValue?: unknown; checks?: { _zod: { def: CheckDef } }[]; entries?: Record<string, string | number> } };
  meta?: () => Record<string, unknown> | undefined;
}
interface CheckDef {
  check: string;
  value?: number;
  inclusive?: boolean;
  format?: string;
}

const internals = (s: unknown): ZodInternals => s as ZodInternals;

function searchMeta(schemas: unknown[]): { log?: boolean } {
  for (const s of schemas) {
    const meta = internals(s).meta?.();
    const search = meta?.['search'];
    if (search !== null && typeof search === 'object') return search as { log?: boolean };
  }
  return {};
}

/** Next float above/below: an exclusive float bound becomes the nearest inclusive one. */
const nudge = (v: number, up: boolean): number => v + (up ? 1 : -1) * Math.max(Math.abs(v), 1) * 1e-12;

function dimensionOf(name: string, field: unknown): Dimension | string {
  const chain: unknown[] = [field];
  let node = field;
  let def: unknown;
  for (;;) {
    const d = internals(node)._zod.def;
    if (d.type === 'default' || d.type === 'prefault') {
      if (def === undefined) def = typeof d.defaultValue === 'function' ? (d.defaultValue as () => unknown)() : d.defaultValue;
    } else if (d.type !== 'optional' && d.type !== 'readonly' && d.type !== 'nonoptional') break;
    node = d.innerType;
    chain.push(node);
  }
  const d = internals(node)._zod.def;
  const meta = searchMeta(chain);
  if (d.type === 'boolean') return { kind: 'boolean', name, ...(typeof def === 'boolean' ? { default: def } : {}) };
  if (d.type === 'enum') {
    const choices = Object.values(d.entries ?? {});
    return { kind: 'categorical', name, choices, ...(def !== undefined ? { default: def as string | number } : {}) };
  }
  if (d.type !== 'number') return `a ${d.type} cannot be searched`;
  let low = -Infinity;
  let high = Infinity;
  let lowExclusive = false;
  let highExclusive = false;
  const intFormat = (f: string | undefined): boolean => f === 'safeint' || f?.startsWith('int') === true || f?.startsWith('uint') === true;
  // z.int() carries its format on the schema itself; z.number().int() as a check.
  let isInt = intFormat(d.format);
  let step: number | null = null;
  for (const c of d.checks ?? []) {
    const cd = c._zod.def;
    if (cd.check === 'number_format' && intFormat(cd.format)) isInt = true;
    else if (cd.check === 'greater_than' && cd.value !== undefined && cd.value >= low) {
      lowExclusive = cd.value === low ? lowExclusive || !cd.inclusive : !cd.inclusive;
      low = cd.value;
    } else if (cd.check === 'less_than' && cd.value !== undefined && cd.value <= high) {
      highExclusive = cd.value === high ? highExclusive || !cd.inclusive : !cd.inclusive;
      high = cd.value;
    } else if (cd.check === 'multiple_of' && cd.value !== undefined) step = cd.value;
  }
  if (!Number.isFinite(low) || !Number.isFinite(high)) return 'a number without both bounds cannot be searched (give min and max in a space file)';
  const log = meta.log === true;
  const dflt = typeof def === 'number' ? { default: def } : {};
  if (isInt) {
    const s = step !== null && Number.isInteger(step) && step >= 1 ? step : 1;
    // Integer bounds: an exclusive bound moves one step in; the low end snaps onto the step grid.
    let lo = lowExclusive ? Math.floor(low) + 1 : Math.ceil(low);
    if (lo % s !== 0) lo = Math.ceil(lo / s) * s;
    let hi = highExclusive ? Math.ceil(high) - 1 : Math.floor(high);
    hi = lo + Math.floor((hi - lo) / s) * s;
    if (hi < lo) return 'its bounds hold no integer';
    if (log && lo <= 0) return 'a log scale needs a positive lower bound';
    return { kind: 'int', name, low: lo, high: hi, step: s, log, ...dflt };
  }
  const lo = lowExclusive ? nudge(low, true) : low;
  const hi = highExclusive ? nudge(high, false) : high;
  if (hi < lo) return 'its bounds are empty';
  if (log && lo <= 0) return 'a log scale needs a positive lower bound';
  return { kind: 'float', name, low: lo, high: hi, log, step, ...dflt };
}

/**
 * The search space of a strategy's parameter schema (a zod object, refinements allowed). Cross-field
 * rules (`fast < slow`) stay in the schema: the caller validates each sampled set with it.
 */
export function searchSpaceFromSchema(schema: z.ZodType): SearchSpace {
  if (!(schema instanceof z.ZodObject)) throw new ResearchInputError('the parameter schema must be a zod object');
  const dimensions: Dimension[] = [];
  const skipped: Record<string, string> = {};
  for (const [name, field] of Object.entries(schema.shape as Record<string, unknown>)) {
    const dim = dimensionOf(name, field);
    if (typeof dim === 'string') skipped[name] = dim;
    else dimensions.push(dim);
  }
  return { dimensions, fixed: {}, skipped };
}

const FixedValue = z.union([z.number(), z.string(), z.boolean()]);
const RangeEntry = z.strictObject({
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().positive().optional(),
  log: z.boolean().optional(),
});
const ChoicesEntry = z.strictObject({ choices: z.array(FixedValue).min(1) });

/**
 * A space file: per parameter, a fixed value, a narrower range (`min`/`max`/`step`/`log`) or a
 * subset of the choices. It may only narrow the strategy's space.
 */
export const SpaceFile = z.strictObject({
  parameters: z.record(z.string(), z.union([FixedValue, RangeEntry, ChoicesEntry])),
});
export type SpaceFile = z.infer<typeof SpaceFile>;

function checkValue(dim: Dimension, v: ParamValue, path: string): ParamValue {
  const bad = (why: string): never => {
    throw new ResearchInputError(why, path);
  };
  switch (dim.kind) {
    case 'boolean':
      if (typeof v !== 'boolean') bad('must be true or false');
      return v;
    case 'categorical':
      if (!dim.choices.includes(v as string | number)) bad(`must be one of ${dim.choices.map((c) => JSON.stringify(c)).join(', ')}`);
      return v;
    default:
      if (typeof v !== 'number' || !Number.isFinite(v)) return bad('must be a number');
      if (v < dim.low || v > dim.high) bad(`${v} is outside the strategy's bounds [${dim.low}, ${dim.high}]`);
      if (dim.kind === 'int' && !Number.isInteger(v)) bad(`${v} is not an integer`);
      return v;
  }
}

function narrowNumeric(dim: IntDimension | FloatDimension, e: z.infer<typeof RangeEntry>, path: string): Dimension | number {
  const low = e.min ?? dim.low;
  const high = e.max ?? dim.high;
  if (low < dim.low) throw new ResearchInputError(`${low} widens the strategy's lower bound ${dim.low}; a space file may only narrow`, `${path}.min`);
  if (high > dim.high) throw new ResearchInputError(`${high} widens the strategy's upper bound ${dim.high}; a space file may only narrow`, `${path}.max`);
  if (low > high) throw new ResearchInputError(`min ${low} is above max ${high}`, path);
  const log = e.log ?? dim.log;
  if (log && low <= 0) throw new ResearchInputError('a log scale needs a positive min', `${path}.log`);
  if (dim.kind === 'int') {
    if (!Number.isInteger(low) || !Number.isInteger(high)) throw new ResearchInputError('an integer parameter needs integer bounds', path);
    const step = e.step ?? dim.step;
    if (!Number.isInteger(step) || step % dim.step !== 0) throw new ResearchInputError(`step must be a multiple of the strategy's step ${dim.step}`, `${path}.step`);
    if ((low - dim.low) % dim.step !== 0) throw new ResearchInputError(`min ${low} is not on the strategy's step ${dim.step} from ${dim.low}`, `${path}.min`);
    const hi = low + Math.floor((high - low) / step) * step;
    if (hi === low) return low;
    return { ...dim, low, high: hi, step, log };
  }
  if (low === high) return low;
  if (e.step !== undefined && dim.step !== null && Math.abs(e.step / dim.step - Math.round(e.step / dim.step)) > 1e-9) {
    throw new ResearchInputError(`step must be a multiple of the strategy's step ${dim.step}`, `${path}.step`);
  }
  return { ...dim, low, high, log, step: e.step ?? dim.step };
}

/** Apply a space file (already-parsed JSON) to a space: narrowing only, every mistake a ResearchInputError. */
export function applySpaceFile(space: SearchSpace, file: unknown): SearchSpace {
  const parsed = SpaceFile.safeParse(file);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ResearchInputError(issue?.message ?? 'invalid space file', issue ? issue.path.join('.') : '');
  }
  const byName = new Map(space.dimensions.map((d) => [d.name, d]));
  const fixed: ParamSet = { ...space.fixed };
  const next = new Map<string, Dimension>(byName);
  for (const [name, entry] of Object.entries(parsed.data.parameters)) {
    const path = `parameters.${name}`;
    const dim = byName.get(name);
    if (!dim) {
      const why = space.skipped[name];
      throw new ResearchInputError(why ? `cannot be searched: ${why}` : `the strategy has no parameter "${name}"`, path);
    }
    if (typeof entry !== 'object') {
      fixed[name] = checkValue(dim, entry, path);
      next.delete(name);
    } else if ('choices' in entry) {
      if (dim.kind !== 'categorical' && dim.kind !== 'boolean') throw new ResearchInputError('choices apply only to enum and boolean parameters', path);
      entry.choices.forEach((c, i) => checkValue(dim, c, `${path}.choices.${i}`));
      const unique = [...new Set(entry.choices)];
      if (unique.length === 1) {
        fixed[name] = unique[0] as ParamValue;
        next.delete(name);
      } else if (dim.kind === 'categorical') next.set(name, { ...dim, choices: unique as (string | number)[] });
    } else {
      if (dim.kind !== 'int' && dim.kind !== 'float') throw new ResearchInputError('min/max/step/log apply only to number parameters', path);
      const narrowed = narrowNumeric(dim, entry, path);
      if (typeof narrowed === 'number') {
        fixed[name] = narrowed;
        next.delete(name);
      } else next.set(name, narrowed);
    }
  }
  return { dimensions: space.dimensions.filter((d) => next.has(d.name)).map((d) => next.get(d.name) as Dimension), fixed, skipped: space.skipped };
}
