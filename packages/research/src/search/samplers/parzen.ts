import type { SeededRng } from '../../random';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Standard normal CDF (erfc by Chebyshev fit, fractional error below 1.2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/**
 * A one-dimensional Parzen estimator on [low, high]: an equal-weight mixture of Gaussians
 * truncated to the range, one per observation plus a wide prior at the middle.
 *
 * Bandwidth (hyperopt's neighbour rule): with the centres sorted and the bounds as sentinels, a
 * kernel's sigma is the larger gap to its two neighbours, clipped to
 * [range / min(100, n + 1), range]. Dense clusters get narrow kernels, isolated points wide ones.
 */
export class ParzenEstimator {
  private readonly mus: Float64Array;
  private readonly sigmas: Float64Array;
  /** Per kernel: log weight − log sigma − log(truncated mass) − log √(2π). */
  private readonly logNorm: Float64Array;
  private readonly cdfLo: Float64Array;
  private readonly cdfHi: Float64Array;

  constructor(
    centres: readonly number[],
    private readonly low: number,
    private readonly high: number,
  ) {
    const range = high - low;
    const sorted = [...centres].sort((x, y) => x - y);
    const n = sorted.length;
    const k = n + 1;
    this.mus = new Float64Array(k);
    this.sigmas = new Float64Array(k);
    this.logNorm = new Float64Array(k);
    this.cdfLo = new Float64Array(k);
    this.cdfHi = new Float64Array(k);
    const minSigma = range / Math.min(100, n + 1);
    for (let i = 0; i < n; i++) {
      const mu = sorted[i] as number;
      const left = mu - (i === 0 ? low : (sorted[i - 1] as number));
      const right = (i === n - 1 ? high : (sorted[i + 1] as number)) - mu;
      this.mus[i] = mu;
      this.sigmas[i] = Math.min(range, Math.max(minSigma, left, right));
    }
    this.mus[n] = (low + high) / 2;
    this.sigmas[n] = range;
    const logW = -Math.log(k);
    for (let i = 0; i < k; i++) {
      const mu = this.mus[i] as number;
      const s = this.sigmas[i] as number;
      const lo = normalCdf((low - mu) / s);
      const hi = normalCdf((high - mu) / s);
      this.cdfLo[i] = lo;
      this.cdfHi[i] = hi;
      this.logNorm[i] = logW - Math.log(s) - Math.log(Math.max(hi - lo, 1e-300)) - LOG_SQRT_2PI;
    }
  }

  /** Log density at x: a one-pass log-sum-exp over the kernels (no allocation; asked thousands of times). */
  logPdf(x: number): number {
    let max = -Infinity;
    let sum = 0;
    const k = this.mus.length;
    for (let i = 0; i < k; i++) {
      const z = (x - (this.mus[i] as number)) / (this.sigmas[i] as number);
      const t = (this.logNorm[i] as number) - 0.5 * z * z;
      if (t <= max) sum += Math.exp(t - max);
      else {
        sum = sum * Math.exp(max - t) + 1;
        max = t;
      }
    }
    return max === -Infinity ? -Infinity : max + Math.log(sum);
  }

  /** One draw: a kernel uniformly, then its truncated Gaussian by inverse CDF. */
  sample(rng: SeededRng): number {
    const i = rng.int(this.mus.length);
    const lo = this.cdfLo[i] as number;
    const hi = this.cdfHi[i] as number;
    const u = lo + (hi - lo) * rng.next();
    const x = (this.mus[i] as number) + (this.sigmas[i] as number) * normalQuantile(Math.min(Math.max(u, 1e-300), 1 - 1e-16));
    return Math.min(this.high, Math.max(this.low, x));
  }
}

/** Smoothed category frequencies: p(c) = (count(c) + 1) / (n + k). Never zero, so l/g is always defined. */
export function categoricalLogProbs(indices: readonly number[], k: number): Float64Array {
  const counts = new Float64Array(k).fill(1);
  for (const i of indices) counts[i] = (counts[i] as number) + 1;
  const total = indices.length + k;
  return counts.map((c) => Math.log(c / total));
}

export function sampleCategorical(logProbs: Float64Array, rng: SeededRng): number {
  let u = rng.next();
  for (let i = 0; i < logProbs.length; i++) {
    u -= Math.exp(logProbs[i] as number);
    if (u < 0) return i;
  }
  return logProbs.length - 1;
}
