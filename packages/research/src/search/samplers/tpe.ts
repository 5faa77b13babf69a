import { ResearchInputError } from '../../errors';
import { SeededRng } from '../../random';
import type { ParamSet, ParamValue } from '../../trial';
import { choicesOf, type SearchSpace } from '../space';
import { categoricalLogProbs, ParzenEstimator, sampleCategorical } from './parzen';
import { fromInternal, internalBounds, isNumeric, sampleAllUniform, singleValue, toInternal, toLoss, type Direction, type Sampler } from './sampler';

export interface TpeOptions {
  seed: number;
  direction?: Direction;
  /** Random trials before the model takes over (default 10). */
  nStartup?: number;
  /** Share of the finite trials in the good group (default 0.25) ... */
  gamma?: number;
  /** ... at most this many (default 25), so the good density stays sharp on long runs. */
  maxGood?: number;
  /** Candidates drawn from l(x) per dimension; the one with the largest l/g wins (default 24). */
  nEiCandidates?: number;
}

interface Observation {
  /** Per dimension: internal coordinate (numeric) or choice index (discrete); NaN when absent. */
  coords: Float64Array;
  loss: number;
}

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011), univariate like Optuna's default: after
 * `nStartup` random trials, the told trials split into a good group (the best γ share) and a bad
 * one; per dimension a Parzen density l(x) is fitted to the good values and g(x) to the bad;
 * `nEiCandidates` draws from l are scored by log l − log g and the best is proposed. Maximizing
 * l/g maximizes expected improvement under the model.
 */
export class TpeSampler implements Sampler {
  private readonly rng: SeededRng;
  private readonly direction: Direction;
  private readonly nStartup: number;
  private readonly gamma: number;
  private readonly maxGood: number;
  private readonly nEi: number;
  private readonly observations: Observation[] = [];

  constructor(
    private readonly space: SearchSpace,
    options: TpeOptions,
  ) {
    this.rng = new SeededRng(options.seed);
    this.direction = options.direction ?? 'maximize';
    this.nStartup = options.nStartup ?? 10;
    this.gamma = options.gamma ?? 0.25;
    this.maxGood = options.maxGood ?? 25;
    this.nEi = options.nEiCandidates ?? 24;
    if (!(this.gamma > 0 && this.gamma < 1)) throw new ResearchInputError('gamma must be between 0 and 1', 'gamma');
    if (!Number.isInteger(this.nEi) || this.nEi < 1) throw new ResearchInputError('nEiCandidates must be a positive integer', 'nEiCandidates');
    if (!Number.isInteger(this.nStartup) || this.nStartup < 0) throw new ResearchInputError('nStartup must be a non-negative integer', 'nStartup');
  }

  tell(params: ParamSet, value: number | readonly number[]): void {
    const dims = this.space.dimensions;
    const coords = new Float64Array(dims.length).fill(NaN);
    dims.forEach((d, i) => {
      const v = params[d.name];
      if (v === undefined) return;
      if (isNumeric(d)) {
        if (typeof v === 'number' && v >= d.low && v <= d.high && (!d.log || v > 0)) coords[i] = toInternal(d, v);
      } else {
        const idx = choicesOf(d).indexOf(v);
        if (idx >= 0) coords[i] = idx;
      }
    });
    this.observations.push({ coords, loss: toLoss(singleValue(value), this.direction) });
  }

  ask(): ParamSet {
    const finite = this.observations.filter((o) => Number.isFinite(o.loss));
    if (this.observations.length < this.nStartup || finite.length === 0) return sampleAllUniform(this.space, this.rng);
    const sorted = [...this.observations].sort((a, b) => a.loss - b.loss);
    const nGood = Math.max(1, Math.min(Math.ceil(this.gamma * finite.length), this.maxGood));
    const good = sorted.slice(0, nGood);
    const bad = sorted.slice(nGood);
    const out: ParamSet = {};
    this.space.dimensions.forEach((d, i) => {
      const pick = (group: Observation[]): number[] => {
        const values: number[] = [];
        for (const o of group) {
          const c = o.coords[i] as number;
          if (!Number.isNaN(c)) values.push(c);
        }
        return values;
      };
      const gv = pick(good);
      const bv = pick(bad);
      if (isNumeric(d)) {
        const [lo, hi] = internalBounds(d);
        // A range too narrow for a density (a denormal width underflows the bandwidth): draw uniformly.
        if (!(hi - lo > 1e-12 * Math.max(1, Math.abs(lo), Math.abs(hi)))) {
          out[d.name] = fromInternal(d, this.rng.uniform(lo, hi));
          return;
        }
        const l = new ParzenEstimator(gv, lo, hi);
        const g = new ParzenEstimator(bv, lo, hi);
        let best = l.sample(this.rng);
        let bestScore = -Infinity;
        for (let c = 0; c < this.nEi; c++) {
          const x = c === 0 ? best : l.sample(this.rng);
          const s = l.logPdf(x) - g.logPdf(x);
          if (s > bestScore) {
            bestScore = s;
            best = x;
          }
        }
        out[d.name] = fromInternal(d, best);
      } else {
        const choices = choicesOf(d);
        const l = categoricalLogProbs(gv, choices.length);
        const g = categoricalLogProbs(bv, choices.length);
        let best = sampleCategorical(l, this.rng);
        let bestScore = (l[best] as number) - (g[best] as number);
        for (let c = 1; c < this.nEi; c++) {
          const x = sampleCategorical(l, this.rng);
          const s = (l[x] as number) - (g[x] as number);
          if (s > bestScore) {
            bestScore = s;
            best = x;
          }
        }
        out[d.name] = choices[best] as ParamValue;
      }
    });
    return { ...out, ...this.space.fixed };
  }
}
