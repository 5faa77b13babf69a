import { nextOpenTime, type KlineInterval } from './intervals';

/**
 * Holes in a candle series: open times that should be there and are not. Reported, never
 * filled — a backtest that invents candles trades on prices that never existed.
 */
export interface CandleGap {
  /** Open time of the first missing candle (ms). */
  from: number;
  /** Open time of the last missing candle (ms). */
  to: number;
  missing: number;
}

/** The gap between two consecutive candles, or null when `next` follows `prev` directly. */
export function gapBetween(interval: KlineInterval, prev: number, next: number): CandleGap | null {
  const expected = nextOpenTime(interval, prev);
  if (next <= expected) return null;
  if (interval !== '1mo') {
    const step = expected - prev;
    const missing = Math.ceil((next - expected) / step);
    return { from: expected, to: expected + (missing - 1) * step, missing };
  }
  let missing = 0;
  let last = expected;
  for (let t = expected; t < next; t = nextOpenTime(interval, t)) {
    missing++;
    last = t;
  }
  return { from: expected, to: last, missing };
}

export function findGaps(interval: KlineInterval, openTimes: ArrayLike<number>): CandleGap[] {
  const gaps: CandleGap[] = [];
  for (let i = 1; i < openTimes.length; i++) {
    const g = gapBetween(interval, openTimes[i - 1] as number, openTimes[i] as number);
    if (g) gaps.push(g);
  }
  return gaps;
}
