/**
 * The path a replayed 1m candle takes inside its minute: four price points, at fixed offsets.
 *
 *   +0 s      open
 *   +20 s     the extreme nearer the open (high or low)
 *   +40 s     the other extreme
 *   +59.999 s close (the candle's closeTime)
 *
 * then the closed kline is published at the minute's end (closeTime + 1 ms). Visiting the nearer
 * extreme first is the least-travel path through the four known prices; on a tie the candle is
 * assumed to have gone against its body first (a green candle dips, then rallies), which is the
 * conservative reading for a stop beside an entry. Every point is an exact price of the candle.
 */
export const PATH_OFFSETS_MS = [0, 20_000, 40_000, 59_999] as const;

export type PathField = 'open' | 'high' | 'low' | 'close';

/** The four fields in the order the price visits them. */
export function pathFields(open: number, high: number, low: number, close: number): readonly PathField[] {
  const up = high - open;
  const down = open - low;
  if (up < down) return HIGH_FIRST;
  if (down < up) return LOW_FIRST;
  return close >= open ? LOW_FIRST : HIGH_FIRST;
}

const HIGH_FIRST: readonly PathField[] = ['open', 'high', 'low', 'close'];
const LOW_FIRST: readonly PathField[] = ['open', 'low', 'high', 'close'];
