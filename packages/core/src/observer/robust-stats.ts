/**
 * Robust location and scale for the anomaly observer. Floats on purpose: these are statistics
 * about the bot's behaviour, never money.
 *
 *   median(x)  the middle of the sorted values (mean of the two middle ones for an even count)
 *   MAD(x)     median(|x_i − median(x)|)
 *   scale      max(1.4826 · MAD, floor)
 *   z(v)       (v − median) / scale
 *
 * 1.4826 = 1 / Φ⁻¹(0.75) makes 1.4826 · MAD estimate σ for normal data, so |z| reads like a
 * classical z-score, but one wild value in the window moves neither the median nor the MAD
 * (breakdown point 50 %, where the mean and standard deviation break on a single outlier).
 * `floor` is the series' resolution: a latency that moves by 0.3 ms over a window of identical
 * values is not an anomaly, and without a floor a constant window (MAD 0) would turn any
 * difference into an infinite z.
 */
export const MAD_TO_SIGMA = 1.4826;

/** Median of values already sorted ascending; null for none. */
export function sortedMedian(sorted: readonly number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const ascending = (a: number, b: number): number => a - b;

export function median(values: readonly number[]): number | null {
  return sortedMedian([...values].sort(ascending));
}

/** Median absolute deviation around `center` (the median, normally). */
export function medianAbsoluteDeviation(values: readonly number[], center: number): number | null {
  return median(values.map((v) => Math.abs(v - center)));
}

/**
 * Median absolute deviation of values already sorted ascending, around `center`: the same figure
 * as medianAbsoluteDeviation, found by walking outwards from `center` (the deviations of the
 * left part and of the right part are each sorted), so no copy and no sort.
 */
export function sortedMedianAbsoluteDeviation(sorted: readonly number[], center: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < center) lo = mid + 1;
    else hi = mid;
  }
  let l = lo - 1;
  let r = lo;
  const next = (): number => {
    const dl = l >= 0 ? Math.abs((sorted[l] as number) - center) : Infinity;
    const dr = r < n ? Math.abs((sorted[r] as number) - center) : Infinity;
    if (r >= n || (l >= 0 && dl <= dr)) {
      l -= 1;
      return dl;
    }
    r += 1;
    return dr;
  };
  const half = n >> 1;
  let prev = 0;
  for (let k = 0; k < half; k++) prev = next();
  const at = next();
  return n % 2 === 1 ? at : (prev + at) / 2;
}

/** robustZ over a reference already sorted ascending (the same figures, without a sort). */
export function sortedRobustZ(value: number, sorted: readonly number[], floor: number): RobustZ | null {
  const med = sortedMedian(sorted);
  if (med === null) return null;
  const mad = sortedMedianAbsoluteDeviation(sorted, med) ?? 0;
  return zAgainst(value, med, mad, floor);
}

function zAgainst(value: number, med: number, mad: number, floor: number): RobustZ {
  const scale = Math.max(MAD_TO_SIGMA * mad, floor);
  const diff = value - med;
  const z = scale > 0 ? diff / scale : diff === 0 ? 0 : Math.sign(diff) * Infinity;
  return { z, median: med, mad, scale };
}

export interface RobustZ {
  z: number;
  median: number;
  mad: number;
  scale: number;
}

/**
 * The robust z of `value` against `reference` (which should not contain `value`: the question is
 * whether the new value fits what came before). null when the reference is empty.
 * With floor 0 and a constant reference, a different value has z = ±Infinity.
 */
export function robustZ(value: number, reference: readonly number[], floor: number): RobustZ | null {
  const med = median(reference);
  if (med === null) return null;
  const mad = medianAbsoluteDeviation(reference, med) ?? 0;
  return zAgainst(value, med, mad, floor);
}

/** z against a fixed reference (e.g. a backtest's distribution) rather than a window. */
export function fixedZ(value: number, ref: { median: number; mad: number }, floor: number): RobustZ {
  const scale = Math.max(MAD_TO_SIGMA * ref.mad, floor);
  const diff = value - ref.median;
  const z = scale > 0 ? diff / scale : diff === 0 ? 0 : Math.sign(diff) * Infinity;
  return { z, median: ref.median, mad: ref.mad, scale };
}
