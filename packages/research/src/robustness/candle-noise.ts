import { Dec, type Kline } from '@aurora/core';
import type { Decimal } from 'decimal.js';
import { ResearchInputError } from '../errors';
import { SeededRng } from '../random';

export interface CandleNoiseOptions {
  /** Standard deviation of the multiplicative noise on each price, in basis points. */
  sigmaBps: number;
  seed: number;
  /** Round prices onto the symbol's tick so the venue accepts them (default: 12 significant digits). */
  tickSize?: Decimal;
}

/** Draws far in the tail are clipped so a price never crosses zero, however large sigma is. */
const MAX_Z = 6;
/** With z clipped at ±6, σ ≤ 10% keeps every factor 1 + σ·z at 0.4 or more. */
const MAX_SIGMA_BPS = 1000;

/**
 * Perturbed copies of candles: open, high, low and close each multiplied by 1 + σ·z (z standard
 * normal, clipped at ±6), then high raised to max(high, open, close) and low lowered to
 * min(low, open, close), so every candle stays a valid candle. Volume, times and the rest are kept.
 * The noise is a statistic (float); the prices go back to Decimal, rounded to the tick.
 */
export function candleNoise<K extends Kline>(candles: readonly K[], options: CandleNoiseOptions): K[] {
  const { sigmaBps, tickSize } = options;
  if (!(sigmaBps >= 0 && sigmaBps <= MAX_SIGMA_BPS)) throw new ResearchInputError(`must be a number from 0 to ${MAX_SIGMA_BPS} (10% per price is no longer noise)`, 'sigmaBps');
  if (tickSize !== undefined && !tickSize.gt(0)) throw new ResearchInputError('must be positive', 'tickSize');
  const sigma = sigmaBps / 10_000;
  const rng = new SeededRng(options.seed);
  const draw = (): number => 1 + sigma * Math.max(-MAX_Z, Math.min(MAX_Z, rng.normal()));
  const toPrice = (x: number, mode: 'near' | 'up' | 'down'): Decimal => {
    if (tickSize === undefined) return new Dec(x.toPrecision(12));
    const ticks = new Dec(x.toPrecision(15)).div(tickSize);
    const n = mode === 'near' ? ticks.toDecimalPlaces(0, Dec.ROUND_HALF_EVEN) : mode === 'up' ? ticks.ceil() : ticks.floor();
    return Dec.max(n, 1).mul(tickSize);
  };
  return candles.map((k) => {
    const open = toPrice(k.open.toNumber() * draw(), 'near');
    const close = toPrice(k.close.toNumber() * draw(), 'near');
    const high = Dec.max(toPrice(k.high.toNumber() * draw(), 'up'), open, close);
    const low = Dec.min(toPrice(k.low.toNumber() * draw(), 'down'), open, close);
    return { ...k, open, high, low, close };
  });
}
