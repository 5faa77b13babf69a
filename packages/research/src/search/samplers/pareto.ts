import { ResearchInputError } from '../../errors';
import type { Direction } from './sampler';

/**
 * Objective vectors turned into losses (all minimized). A vector with any value not finite is a
 * failed trial: all its losses become +Infinity, so every real trial dominates it.
 */
export function toLosses(points: readonly (readonly number[])[], directions: readonly Direction[]): number[][] {
  return points.map((p, i) => {
    if (p.length !== directions.length) throw new ResearchInputError(`point ${i} has ${p.length} values for ${directions.length} objectives`);
    if (!p.every(Number.isFinite)) return p.map(() => Infinity);
    return p.map((v, k) => (directions[k] === 'maximize' ? -v : v));
  });
}

/** a dominates b: no worse on every objective and better on one (losses). */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let k = 0; k < a.length; k++) {
    const x = a[k] as number;
    const y = b[k] as number;
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/** Deb's fast non-dominated sort over losses: fronts of indices, the first front non-dominated. */
export function nonDominatedSort(losses: readonly (readonly number[])[]): number[][] {
  const n = losses.length;
  const dominatedBy = Array.from({ length: n }, () => [] as number[]);
  const count = new Int32Array(n);
  const fronts: number[][] = [[]];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = losses[i] as number[];
      const b = losses[j] as number[];
      if (dominates(a, b)) {
        (dominatedBy[i] as number[]).push(j);
        count[j]!++;
      } else if (dominates(b, a)) {
        (dominatedBy[j] as number[]).push(i);
        count[i]!++;
      }
    }
    if (count[i] === 0) (fronts[0] as number[]).push(i);
  }
  // Points after i may have gained dominators late: rebuild the first front from the final counts.
  fronts[0] = [];
  for (let i = 0; i < n; i++) if (count[i] === 0) (fronts[0] as number[]).push(i);
  let f = 0;
  while ((fronts[f] as number[]).length > 0) {
    const next: number[] = [];
    for (const i of fronts[f] as number[]) {
      for (const j of dominatedBy[i] as number[]) {
        count[j]!--;
        if (count[j] === 0) next.push(j);
      }
    }
    fronts.push(next);
    f++;
  }
  fronts.pop();
  return fronts;
}

/** Crowding distance of each member of one front (same order as `front`); the extremes get Infinity. */
export function crowdingDistance(losses: readonly (readonly number[])[], front: readonly number[]): Float64Array {
  const m = front.length;
  const dist = new Float64Array(m);
  if (m <= 2) return dist.fill(Infinity);
  const objectives = (losses[front[0] as number] as number[]).length;
  const order = Array.from({ length: m }, (_, i) => i);
  for (let k = 0; k < objectives; k++) {
    const val = (i: number): number => (losses[front[i] as number] as number[])[k] as number;
    order.sort((a, b) => val(a) - val(b));
    const lo = val(order[0] as number);
    const hi = val(order[m - 1] as number);
    dist[order[0] as number] = Infinity;
    dist[order[m - 1] as number] = Infinity;
    const span = hi - lo;
    if (!(span > 0) || !Number.isFinite(span)) continue;
    for (let r = 1; r < m - 1; r++) {
      dist[order[r] as number]! += (val(order[r + 1] as number) - val(order[r - 1] as number)) / span;
    }
  }
  return dist;
}

/**
 * Indices (ascending) of the points no other point dominates, each objective maximized or
 * minimized as given. Equal points do not dominate each other: both stay.
 */
export function paretoFront(points: readonly (readonly number[])[], directions: readonly Direction[]): number[] {
  const losses = toLosses(points, directions);
  const front: number[] = [];
  for (let i = 0; i < losses.length; i++) {
    let dominated = false;
    for (let j = 0; j < losses.length && !dominated; j++) dominated = j !== i && dominates(losses[j] as number[], losses[i] as number[]);
    if (!dominated) front.push(i);
  }
  return front;
}
