import type { Clock } from './clock';
import { tradingDayIndex, tradingDayStart } from './trading-day';

/** One trading day: its number (see tradingDayIndex) and the instants it starts and ends. */
export interface TradingDay {
  index: number;
  startsAt: number;
  endsAt: number;
}

const isMs = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A persisted trading day, or null when it is not one (the caller then opens a fresh day). */
export function parseTradingDay(raw: unknown): TradingDay | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const d = raw as Record<string, unknown>;
  if (typeof d.index !== 'number' || !Number.isInteger(d.index)) return null;
  if (!isMs(d.startsAt) || !isMs(d.endsAt) || d.endsAt <= d.startsAt) return null;
  return { index: d.index, startsAt: d.startsAt, endsAt: d.endsAt };
}

const dayAt = (ms: number, offsetMin: number): TradingDay => {
  const index = tradingDayIndex(ms, offsetMin);
  return {
    index,
    startsAt: tradingDayStart(index, offsetMin),
    endsAt: tradingDayStart(index + 1, offsetMin),
  };
};

/**
 * The one calendar the daily figures share (risk counters, the realized-PnL ledger, the PnL
 * curve), so "today" is the same day for all of them.
 *
 * A change of `trading_day_offset_min` never ends the day in progress: the running day keeps its
 * counters until its end, and the new offset decides only where the following boundaries fall.
 * Moving the offset west lengthens the running day to the new offset's boundary; moving it east
 * makes the first day under the new offset start at the old boundary and end at the new one.
 * Either way a reached daily limit is never cleared before the day it was reached in is over.
 */
export class TradingCalendar {
  private day: TradingDay;

  constructor(
    private readonly clock: Clock,
    private offsetMin: number,
    restored: TradingDay | null = null,
  ) {
    this.day = restored ?? dayAt(clock.now(), offsetMin);
  }

  get offset(): number {
    return this.offsetMin;
  }

  /** The day in progress (rolled forward first when the clock has passed its end). */
  today(): TradingDay {
    this.roll();
    return { ...this.day };
  }

  /** today().index without the copy: the risk figures ask on every reading. */
  todayIndex(): number {
    this.roll();
    return this.day.index;
  }

  /** The day number a moment belongs to: today's, a later one, or (before today) an earlier one. */
  indexOf(ms: number): number {
    this.roll();
    if (ms >= this.day.startsAt && ms < this.day.endsAt) return this.day.index;
    if (ms >= this.day.endsAt) return this.next(ms).index;
    // Before today: an earlier day. Its exact number under an older offset is not kept; only
    // today's figures depend on the calendar, so "strictly earlier" is what matters.
    return Math.min(tradingDayIndex(ms, this.offsetMin), this.day.index - 1);
  }

  /** Takes effect at the next boundary, never mid-day (see the class comment). */
  setOffset(offsetMin: number): void {
    this.roll();
    this.offsetMin = offsetMin;
  }

  toJSON(): TradingDay {
    return { ...this.day };
  }

  private roll(): void {
    const now = this.clock.now();
    if (now >= this.day.endsAt) this.day = this.next(now);
  }

  /** The day that `ms` (at or after today's end) falls in. */
  private next(ms: number): TradingDay {
    const natural = dayAt(ms, this.offsetMin);
    // The offset moved west: under the new offset today has not ended yet.
    if (natural.index <= this.day.index)
      return { ...this.day, endsAt: tradingDayStart(this.day.index + 1, this.offsetMin) };
    return { ...natural, startsAt: Math.max(natural.startsAt, this.day.endsAt) };
  }
}
