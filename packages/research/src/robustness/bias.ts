import Decimal from 'decimal.js';
import { ResearchInputError } from '../errors';

/** One signal a strategy emitted: when, for what (symbol, strategy, signal name), and its content. */
export interface SignalRecord {
  time: number;
  key: string;
  value: unknown;
}

export interface LookaheadDifference {
  cutAt: number;
  time: number;
  key: string;
  /** missing-when-cut: the full run had it and the cut run did not; only-when-cut: the reverse; changed: both, different. */
  kind: 'missing-when-cut' | 'only-when-cut' | 'changed';
  full?: unknown;
  cut?: unknown;
}

export interface LookaheadReport {
  cutsChecked: number;
  /** Signals (before their cut) compared across all cuts. */
  signalsCompared: number;
  differences: LookaheadDifference[];
  /** True when no signal before any cut changed: no sign of look-ahead. */
  clean: boolean;
}

export interface CompareOptions {
  /** Relative tolerance for numbers inside signal values (default 0: exact). */
  tolerance?: number;
}

function sameValue(a: unknown, b: unknown, tol: number): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) && Number.isNaN(b)) return true;
    return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
  }
  if (Decimal.isDecimal(a) && Decimal.isDecimal(b)) return (a as Decimal).equals(b as Decimal);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i], tol));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined).sort();
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined).sort();
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tol));
  }
  return false;
}

const slot = (s: SignalRecord): string => `${s.time}\u0000${s.key}`;

function group(signals: readonly SignalRecord[], cutAt: number): Map<string, SignalRecord[]> {
  const m = new Map<string, SignalRecord[]>();
  for (const s of signals) {
    if (s.time >= cutAt) continue;
    const k = slot(s);
    const list = m.get(k);
    if (list) list.push(s);
    else m.set(k, [s]);
  }
  return m;
}

/**
 * Every signal before `cutAt` that differs between a run on the full data and a run on the data
 * cut at `cutAt`. A strategy that never looks ahead emits exactly the same signals before the cut.
 */
export function lookaheadDiff(full: readonly SignalRecord[], cut: readonly SignalRecord[], cutAt: number, options: CompareOptions = {}): { compared: number; differences: LookaheadDifference[] } {
  const tol = options.tolerance ?? 0;
  const f = group(full, cutAt);
  const c = group(cut, cutAt);
  const differences: LookaheadDifference[] = [];
  let compared = 0;
  for (const [k, fl] of f) {
    const cl = c.get(k) ?? [];
    const n = Math.max(fl.length, cl.length);
    for (let i = 0; i < n; i++) {
      const a = fl[i];
      const b = cl[i];
      compared++;
      if (a && !b) differences.push({ cutAt, time: a.time, key: a.key, kind: 'missing-when-cut', full: a.value });
      else if (!a && b) differences.push({ cutAt, time: b.time, key: b.key, kind: 'only-when-cut', cut: b.value });
      else if (a && b && !sameValue(a.value, b.value, tol)) differences.push({ cutAt, time: a.time, key: a.key, kind: 'changed', full: a.value, cut: b.value });
    }
  }
  for (const [k, cl] of c) {
    if (f.has(k)) continue;
    for (const b of cl) {
      compared++;
      differences.push({ cutAt, time: b.time, key: b.key, kind: 'only-when-cut', cut: b.value });
    }
  }
  differences.sort((x, y) => x.time - y.time || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return { compared, differences };
}

/** The look-ahead check over many cut points: one full run, one run per cut. */
export function lookaheadReport(full: readonly SignalRecord[], cuts: readonly { cutAt: number; signals: readonly SignalRecord[] }[], options: CompareOptions = {}): LookaheadReport {
  if (cuts.length === 0) throw new ResearchInputError('the look-ahead check needs at least one cut run', 'cuts');
  let signalsCompared = 0;
  const differences: LookaheadDifference[] = [];
  for (const { cutAt, signals } of cuts) {
    const r = lookaheadDiff(full, signals, cutAt, options);
    signalsCompared += r.compared;
    differences.push(...r.differences);
  }
  return { cutsChecked: cuts.length, signalsCompared, differences, clean: differences.length === 0 };
}

export interface IndicatorPoint {
  time: number;
  value: number | null;
}

export interface WarmupInput {
  name: string;
  /** Candles the strategy declares it needs before this indicator is trusted. */
  warmupCandles: number;
  /** The series computed from the earliest start (the most history). */
  reference: readonly IndicatorPoint[];
  /** The same indicator computed from later starts, one series each, from its own first candle. */
  variants: readonly (readonly IndicatorPoint[])[];
}

export interface WarmupFinding {
  name: string;
  warmupCandles: number;
  converged: boolean;
  /** Points after the warm-up that differ beyond the tolerance, over all variants. */
  divergentPoints: number;
  worst: { variant: number; time: number; reference: number | null; value: number | null; diff: number } | null;
  /**
   * Candles from a variant's start after which it stays within tolerance (the worst variant): the
   * warm-up this indicator really needs. Null when some variant never converges.
   */
  candlesToConverge: number | null;
}

export interface WarmupReport {
  indicators: WarmupFinding[];
  /** Names of the indicators still depending on where the data starts after their warm-up. */
  unconverged: string[];
}

/**
 * The warm-up check: after its declared warm-up an indicator must not depend on where the data
 * started. Differences are relative: |a − b| / max(1, |a|, |b|) (default tolerance 1e-6);
 * `absolute: true` compares |a − b| instead.
 */
export function warmupReport(inputs: readonly WarmupInput[], { tolerance = 1e-6, absolute = false }: { tolerance?: number; absolute?: boolean } = {}): WarmupReport {
  if (!(tolerance >= 0)) throw new ResearchInputError('must be a non-negative number', 'tolerance');
  const diffOf = (a: number | null, b: number | null): number => {
    if (a === null && b === null) return 0;
    if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b)) return a === b ? 0 : Infinity;
    const d = Math.abs(a - b);
    return absolute ? d : d / Math.max(1, Math.abs(a), Math.abs(b));
  };
  const indicators = inputs.map((input): WarmupFinding => {
    if (!Number.isInteger(input.warmupCandles) || input.warmupCandles < 0) throw new ResearchInputError('must be a non-negative integer', `${input.name}.warmupCandles`);
    const ref = new Map(input.reference.map((p) => [p.time, p.value]));
    let divergentPoints = 0;
    let worst: WarmupFinding['worst'] = null;
    let needed: number | null = 0;
    input.variants.forEach((series, v) => {
      let lastBad = -1;
      series.forEach((p, i) => {
        if (!ref.has(p.time)) return;
        const r = ref.get(p.time) as number | null;
        const d = diffOf(r, p.value);
        if (d <= tolerance) return;
        lastBad = i;
        if (i < input.warmupCandles) return;
        divergentPoints++;
        if (!worst || d > worst.diff) worst = { variant: v, time: p.time, reference: r, value: p.value, diff: d };
      });
      if (needed !== null) needed = lastBad === series.length - 1 && lastBad >= 0 ? null : Math.max(needed, lastBad + 1);
    });
    return { name: input.name, warmupCandles: input.warmupCandles, converged: divergentPoints === 0, divergentPoints, worst, candlesToConverge: needed };
  });
  return { indicators, unconverged: indicators.filter((i) => !i.converged).map((i) => i.name) };
}
