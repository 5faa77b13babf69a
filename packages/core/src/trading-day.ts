const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * The trading day a moment belongs to, as a day number. `offsetMin` is minutes east of UTC at
 * which the day starts: +60 starts each day at 00:00 UTC+1, i.e. 23:00 UTC of the day before.
 */
export function tradingDayIndex(ms: number, offsetMin: number): number {
  return Math.floor((ms + offsetMin * MINUTE_MS) / DAY_MS);
}

/** 'YYYY-MM-DD' of a trading day number (the calendar date in the offset's zone). */
export function tradingDayLabel(dayIndex: number): string {
  return new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);
}

/** The UTC instant at which a trading day starts. */
export function tradingDayStart(dayIndex: number, offsetMin: number): number {
  return dayIndex * DAY_MS - offsetMin * MINUTE_MS;
}
