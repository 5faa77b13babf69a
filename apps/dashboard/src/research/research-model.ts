import type { ResearchObjective, ResearchTrial } from '@aurora/contracts';

/** `#/research/<run id>` opens that run; `#/research` the list. */
export function runIdFromHash(hash: string): string | null {
  const m = /^#\/?research\/([^/?&#]+)/.exec(hash);
  if (!m?.[1]) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

export const runHash = (id: string | null): string =>
  id === null ? '#/research' : `#/research/${encodeURIComponent(id)}`;

export type TrialSort = { key: 'n' } | { key: 'objective'; index: number };

/**
 * Trials in table order. By an objective: best first in that objective's direction (drawdown
 * lowest first), trials without a score last, ties by trial number so the order never jumps.
 */
export function sortTrials(
  trials: readonly ResearchTrial[],
  objectives: readonly ResearchObjective[],
  sort: TrialSort,
): ResearchTrial[] {
  const copy = [...trials];
  if (sort.key === 'n') return copy.sort((a, b) => a.n - b.n);
  const better = objectives[sort.index]?.better ?? 'higher';
  return copy.sort((a, b) => {
    const x = a.scores[sort.index] ?? null;
    const y = b.scores[sort.index] ?? null;
    if (x === null || y === null) return x === y ? a.n - b.n : x === null ? 1 : -1;
    if (x === y) return a.n - b.n;
    return better === 'higher' ? y - x : x - y;
  });
}

/** A point of the Pareto scatter: every done trial, the front marked. */
export interface ScatterPoint {
  n: number;
  x: number;
  y: number;
  front: boolean;
}

export function scatterPoints(trials: readonly ResearchTrial[], front: readonly number[]): ScatterPoint[] {
  const onFront = new Set(front);
  return trials.flatMap((t) => {
    const [x, y] = t.scores;
    return typeof x === 'number' && typeof y === 'number' ? [{ n: t.n, x, y, front: onFront.has(t.n) }] : [];
  });
}

const UNITS: Record<string, string> = { totalReturnPct: '%', maxDrawdownPct: '%', winRatePct: '%' };
/** The label of an objective's axis or column: `return (%)`, `drawdown (%, lower is better)`. */
export function objectiveLabel(o: ResearchObjective): string {
  const unit = UNITS[o.metric];
  const notes = [unit, o.better === 'lower' ? 'lower is better' : null].filter(Boolean);
  return notes.length > 0 ? `${o.name} (${notes.join(', ')})` : o.name;
}

/** How the Research page shows a run's window: `2024-01-01 → 2024-03-31` (the end is exclusive). */
export const dayOf = (t: number): string => new Date(t).toISOString().slice(0, 10);
export const windowLabel = (from: number, to: number): string =>
  `${dayOf(from)} → ${dayOf(Math.max(from, to - 1))}`;

/** Parameters as one short line: `fast=12 slow=40`. */
export const paramsLine = (params: Record<string, unknown>): string =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? String(Number(v.toPrecision(6))) : String(v)}`)
    .join(' ');

/** The confirmation must be the strategy's name exactly (spaces around it forgiven, as the bot does). */
export const confirmationMatches = (typed: string, strategy: string): boolean => typed.trim() === strategy;
