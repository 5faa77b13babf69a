/**
 * Exact decimals as scaled integers: value = integer / 10^scale. A column of one catalog file
 * shares one scale (the most fractional digits any of its values needs), and is stored in the
 * narrowest integer form that holds every value exactly: int32, a float64 holding an integer
 * (exact below 2^53), or int64 when a figure (a month's quote volume, say) is larger still.
 */
export type ScaledKind = 'i32' | 'f64' | 'i64';
export type ScaledArray = Int32Array | Float64Array | BigInt64Array;

export const INT32_MAX = 2_147_483_647;
const INT64_MAX = 9_223_372_036_854_775_807n;

export const fractionDigits = (canonical: string): number => {
  const dot = canonical.indexOf('.');
  return dot < 0 ? 0 : canonical.length - dot - 1;
};

/** The integer digits of `canonical` × 10^scale (scale ≥ its fraction digits). */
export function scaledDigits(canonical: string, scale: number): string {
  const dot = canonical.indexOf('.');
  const whole = dot < 0 ? canonical : canonical.slice(0, dot);
  const frac = dot < 0 ? '' : canonical.slice(dot + 1);
  return (whole + frac.padEnd(scale, '0')).replace(/^0+(?=\d)/, '');
}

/** Packs canonical decimal strings into one scaled column; null when a value exceeds int64. */
export function packScaled(
  values: readonly string[],
): { kind: ScaledKind; scale: number; array: ScaledArray } | null {
  let scale = 0;
  for (const v of values) scale = Math.max(scale, fractionDigits(v));
  const digits = values.map((v) => scaledDigits(v, scale));
  let longest = 0;
  for (const d of digits) longest = Math.max(longest, d.length);
  if (longest <= 15) {
    const nums = digits.map(Number);
    const fitsI32 = nums.every((n) => n <= INT32_MAX);
    return fitsI32
      ? { kind: 'i32', scale, array: Int32Array.from(nums) }
      : { kind: 'f64', scale, array: Float64Array.from(nums) };
  }
  const bigs = digits.map((d) => BigInt(d));
  if (bigs.some((b) => b > INT64_MAX)) return null;
  if (bigs.every((b) => b <= BigInt(Number.MAX_SAFE_INTEGER)))
    return { kind: 'f64', scale, array: Float64Array.from(bigs, Number) };
  return { kind: 'i64', scale, array: BigInt64Array.from(bigs) };
}

/** The canonical decimal string of integer `v` / 10^scale. */
export function scaledToString(v: number | bigint, scale: number): string {
  const s = v.toString();
  if (scale === 0) return s;
  const padded = s.padStart(scale + 1, '0');
  const whole = padded.slice(0, -scale);
  const frac = padded.slice(-scale).replace(/0+$/, '');
  return frac === '' ? whole : `${whole}.${frac}`;
}

/**
 * The nearest double of every value. For int32/float64 columns one IEEE division by an exact
 * power of ten is correctly rounded, so each figure equals parseFloat of its decimal string.
 */
export function toNumbers(array: ScaledArray, scale: number, out: Float64Array, at: number): void {
  const f = 10 ** scale;
  if (array instanceof BigInt64Array) {
    for (let i = 0; i < array.length; i++) out[at + i] = Number(array[i] as bigint) / f;
  } else {
    for (let i = 0; i < array.length; i++) out[at + i] = (array[i] as number) / f;
  }
}
