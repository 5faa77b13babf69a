import type { Kline } from '../../market/types';

/*
 * Small pure helpers over closed candles for plug-in strategies: each recomputes from the
 * candles it is given, so a strategy stays a readable function of the past.
 */

/** The closes of the last `n` candles (fewer when there are not that many), oldest first. */
export function lastCloses(candles: ReadonlyArray<Kline>, n: number): number[] {
  const from = Math.max(0, candles.length - n);
  const out: number[] = [];
  for (let i = from; i < candles.length; i++) out.push((candles[i] as Kline).close.toNumber());
  return out;
}

/** EMA of `values` seeded with the SMA of the first `period`; null when there are fewer values. */
export function emaOf(values: ReadonlyArray<number>, period: number): number | null {
  if (values.length < period) return null;
  let ema = 0;
  for (let i = 0; i < period; i++) ema += values[i] as number;
  ema /= period;
  const k = 2 / (period + 1);
  for (let i = period; i < values.length; i++) ema = (values[i] as number) * k + ema * (1 - k);
  return ema;
}

/** Wilder RSI of `values` (0..100); null with fewer than period + 1 values. */
export function rsiOf(values: ReadonlyArray<number>, period: number): number | null {
  if (values.length < period + 1) return null;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const d = (values[i] as number) - (values[i - 1] as number);
    if (d > 0) gain += d;
    else loss -= d;
  }
  gain /= period;
  loss /= period;
  for (let i = period + 1; i < values.length; i++) {
    const d = (values[i] as number) - (values[i - 1] as number);
    gain = (gain * (period - 1) + Math.max(d, 0)) / period;
    loss = (loss * (period - 1) + Math.max(-d, 0)) / period;
  }
  if (loss === 0) return gain === 0 ? 50 : 100;
  return 100 - 100 / (1 + gain / loss);
}

/** Highest high and lowest low of candles [from, to) (indices into `candles`). */
export function channel(candles: ReadonlyArray<Kline>, from: number, to: number): { high: number; low: number } {
  let high = -Infinity;
  let low = Infinity;
  for (let i = Math.max(0, from); i < to; i++) {
    const k = candles[i] as Kline;
    high = Math.max(high, k.high.toNumber());
    low = Math.min(low, k.low.toNumber());
  }
  return { high, low };
}
