const DAY_MS = 86_400_000;

/**
 * The trading day a moment belongs to, as a day number since the epoch. The trading day starts
 * at midnight of UTC+offsetMin (runtime config trading_day_offset_min: minutes east of UTC).
 */
export const tradingDayIndex = (ms: number, offsetMin: number): number =>
  Math.floor((ms + offsetMin * 60_000) / DAY_MS);

/** A trading day number as 'YYYY-MM-DD' (the calendar date at UTC+offset). */
export const tradingDayLabel = (dayIndex: number): string =>
  new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);
