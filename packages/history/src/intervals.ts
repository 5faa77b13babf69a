/**
 * Binance kline intervals as the public archive names them (`1mo`, not `1M`, so case-insensitive
 * file systems keep it apart from `1m`). Every interval but `1mo` has a fixed step; a month's
 * step is the calendar's, so gap detection asks `nextOpenTime` instead of adding a constant.
 */
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const FIXED_STEP_MS = {
  '1s': SECOND,
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': HOUR,
  '2h': 2 * HOUR,
  '4h': 4 * HOUR,
  '6h': 6 * HOUR,
  '8h': 8 * HOUR,
  '12h': 12 * HOUR,
  '1d': DAY,
  '3d': 3 * DAY,
  '1w': 7 * DAY,
} as const;

export type KlineInterval = keyof typeof FIXED_STEP_MS | '1mo';

export const KLINE_INTERVALS: readonly KlineInterval[] = [
  ...(Object.keys(FIXED_STEP_MS) as KlineInterval[]),
  '1mo',
];

export function parseInterval(text: string): KlineInterval {
  if ((KLINE_INTERVALS as readonly string[]).includes(text)) return text as KlineInterval;
  throw new Error(`unknown kline interval "${text}" (one of ${KLINE_INTERVALS.join(', ')})`);
}

/** The open time of the candle after the one opening at `openTime`. */
export function nextOpenTime(interval: KlineInterval, openTime: number): number {
  if (interval === '1mo') {
    const d = new Date(openTime);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return openTime + FIXED_STEP_MS[interval];
}

export const DAY_MS = DAY;
