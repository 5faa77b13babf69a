import { ResearchInputError } from '../../errors';
import { SeededRng } from '../../random';
import type { ParamSet, ParamValue } from '../../trial';
import { choicesOf, type SearchSpace } from '../space';
import { crowdingDistance, nonDominatedSort, toLosses } from './pareto';
import { fromInternal, internalBounds, isNumeric, sampleAllUniform, toInternal, type Direction, type Sampler } from './sampler';

export interface Nsga2Options {
  seed: number;
  directions: readonly Direction[];
  /** Parents kept each generation; also the number of random trials that seed the first one (default 40). */
  populationSize?: number;
  /** Probability that a child is bred by SBX rather than copied from one parent (default 0.9). */
  crossoverProb?: number;
  /** SBX distribution index: larger keeps children nearer their parents (default 15). */
  etaCrossover?: number;
  /** Polynomial mutation distribution index (default 20). */
  etaMutation?: number;
  /** Per-gene mutation probability (default 1 / number of dimensions). */
  mutationProb?: number;
}

interface Individual {
  /** Numeric genes normalized to [0, 1] over the internal bounds; discrete genes as choice indices. */
  genes: Float64Array;
  losses: number[];
  rank: number;
  crowding: number;
}

/**
 * NSGA-II (Deb et al. 2002) in ask/tell form. Told trials collect as offspring; once there are
 * `populationSize` of them, parents ∪ offspring are ranked by non-dominated sorting and crowding
 * distance and the best `populationSize` become the next parents. Children are bred from parents
 * chosen by binary tournament (lower rank, then larger crowding), by simulated binary crossover
 * and polynomial mutation on numeric genes (uniform crossover and resampling on discrete ones).
 */
export class Nsga2Sampler implements Sampler {
  private readonly rng: SeededRng;
  private readonly n: number;
  private readonly pc: number;
  private readonly etaC: number;
  private readonly etaM: number;
  private readonly pm: number;
  private parents: Individual[] = [];
  private offspring: Individual[] = [];
  private readonly bounds: [number, number][];

  constructor(
    private readonly space: SearchSpace,
    private readonly options: Nsga2Options,
  ) {
    this.rng = new SeededRng(options.seed);
    this.n = options.populationSize ?? 40;
    this.pc = options.crossoverProb ?? 0.9;
    this.etaC = options.etaCrossover ?? 15;
    this.etaM = options.etaMutation ?? 20;
    this.pm = options.mutationProb ?? 1 / Math.max(1, space.dimensions.length);
    if (options.directions.length < 1) throw new ResearchInputError('NSGA-II needs at least one objective direction', 'directions');
    if (!Number.isInteger(this.n) || this.n < 4) throw new ResearchInputError('populationSize must be an integer of at least 4', 'populationSize');
    this.bounds = space.dimensions.map((d) => (isNumeric(d) ? internalBounds(d) : [0, 0]));
  }

  /** The current parents' parameter sets and objective values (the running approximation of the front). */
  get population(): { params: ParamSet; values: number[] }[] {
    return this.parents.map((p) => ({ params: this.decode(p.genes), values: p.losses.map((l, k) => (this.options.directions[k] === 'maximize' ? -l : l)) }));
  }

  tell(params: ParamSet, value: number | readonly number[]): void {
    const values = typeof value === 'number' ? [value] : [...value];
    const [losses] = toLosses([values], this.options.directions);
    this.offspring.push({ genes: this.encode(params), losses: losses as number[], rank: 0, crowding: 0 });
    if (this.offspring.length >= this.n) this.nextGeneration();
  }

  ask(): ParamSet {
    if (this.parents.length === 0) return sampleAllUniform(this.space, this.rng);
    const a = this.tournament();
    const b = this.tournament();
    const child = this.rng.next() < this.pc ? this.crossover(a.genes, b.genes) : Float64Array.from(a.genes);
    this.mutate(child);
    return this.decode(child);
  }

  private nextGeneration(): void {
    const pool = [...this.parents, ...this.offspring];
    this.offspring = [];
    const losses = pool.map((p) => p.losses);
    const next: Individual[] = [];
    for (const [rank, front] of nonDominatedSort(losses).entries()) {
      const crowd = crowdingDistance(losses, front);
      const members = front.map((idx, i) => Object.assign(pool[idx] as Individual, { rank, crowding: crowd[i] as number }));
      if (next.length + members.length <= this.n) next.push(...members);
      else {
        members.sort((x, y) => y.crowding - x.crowding);
        next.push(...members.slice(0, this.n - next.length));
      }
      if (next.length >= this.n) break;
    }
    this.parents = next;
  }

  private tournament(): Individual {
    const a = this.parents[this.rng.int(this.parents.length)] as Individual;
    const b = this.parents[this.rng.int(this.parents.length)] as Individual;
    if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
    if (a.crowding !== b.crowding) return a.crowding > b.crowding ? a : b;
    return this.rng.next() < 0.5 ? a : b;
  }

  private crossover(p1: Float64Array, p2: Float64Array): Float64Array {
    const child = new Float64Array(p1.length);
    const pickSecond = this.rng.next() < 0.5;
    this.space.dimensions.forEach((d, i) => {
      const x1 = p1[i] as number;
      const x2 = p2[i] as number;
      if (!isNumeric(d)) {
        child[i] = this.rng.next() < 0.5 ? x1 : x2;
        return;
      }
      if (this.rng.next() > 0.5 || Math.abs(x1 - x2) < 1e-14) {
        child[i] = pickSecond ? x2 : x1;
        return;
      }
      // Deb's bounded SBX on [0, 1].
      const y1 = Math.min(x1, x2);
      const y2 = Math.max(x1, x2);
      const u = this.rng.next();
      const e = this.etaC + 1;
      const spread = (beta: number): number => {
        const alpha = 2 - Math.pow(beta, -e);
        return u <= 1 / alpha ? Math.pow(u * alpha, 1 / e) : Math.pow(1 / (2 - u * alpha), 1 / e);
      };
      const c1 = 0.5 * (y1 + y2 - spread(1 + (2 * y1) / (y2 - y1)) * (y2 - y1));
      const c2 = 0.5 * (y1 + y2 + spread(1 + (2 * (1 - y2)) / (y2 - y1)) * (y2 - y1));
      child[i] = Math.min(1, Math.max(0, pickSecond ? c2 : c1));
    });
    return child;
  }

  private mutate(genes: Float64Array): void {
    this.space.dimensions.forEach((d, i) => {
      if (this.rng.next() >= this.pm) return;
      if (!isNumeric(d)) {
        genes[i] = this.rng.int(choicesOf(d).length);
        return;
      }
      // Deb's polynomial mutation on [0, 1].
      const y = genes[i] as number;
      const u = this.rng.next();
      const e = this.etaM + 1;
      let dq: number;
      if (u < 0.5) dq = Math.pow(2 * u + (1 - 2 * u) * Math.pow(1 - y, e), 1 / e) - 1;
      else dq = 1 - Math.pow(2 * (1 - u) + 2 * (u - 0.5) * Math.pow(y, e), 1 / e);
      genes[i] = Math.min(1, Math.max(0, y + dq));
    });
  }

  private encode(params: ParamSet): Float64Array {
    const genes = new Float64Array(this.space.dimensions.length);
    this.space.dimensions.forEach((d, i) => {
      const v = params[d.name];
      if (isNumeric(d)) {
        const [lo, hi] = this.bounds[i] as [number, number];
        const t = typeof v === 'number' && (!d.log || v > 0) ? toInternal(d, Math.min(d.high, Math.max(d.low, v))) : (lo + hi) / 2;
        genes[i] = hi > lo ? Math.min(1, Math.max(0, (t - lo) / (hi - lo))) : 0;
      } else genes[i] = Math.max(0, choicesOf(d).indexOf(v as ParamValue));
    });
    return genes;
  }

  private decode(genes: Float64Array): ParamSet {
    const out: ParamSet = {};
    this.space.dimensions.forEach((d, i) => {
      const g = genes[i] as number;
      if (isNumeric(d)) {
        const [lo, hi] = this.bounds[i] as [number, number];
        out[d.name] = fromInternal(d, lo + g * (hi - lo));
      } else out[d.name] = choicesOf(d)[Math.round(g)] as ParamValue;
    });
    return { ...out, ...this.space.fixed };
  }
}
