import type { Decimal } from 'decimal.js';
import { dec, decString, ZERO } from '../money/decimal';
import type { TradingCalendar } from '../trading-calendar';
import { tradingDayLabel } from '../trading-day';

export interface DailyPnlEntry {
  /** 'YYYY-MM-DD' of the trading day. */
  day: string;
  dayIndex: number;
  realized: string;
}

/**
 * Realized PnL summed per trading day of its fill time, bounded to the most recent `maxDays`
 * days (older days drop out; the database holds history). Days are integers on the hot path,
 * labelled on read. The days are the shared TradingCalendar's, so an offset change moves the
 * ledger's boundary exactly when it moves the risk engine's.
 */
export class DailyPnlLedger {
  private readonly byDay = new Map<number, Decimal>();

  constructor(
    private readonly calendar: TradingCalendar,
    private readonly maxDays = 40,
  ) {}

  /** `atMs` is the fill's time: a fill belongs to the day it happened, whenever it is booked. */
  add(atMs: number, amount: Decimal): void {
    if (amount.isZero()) return;
    const day = this.calendar.indexOf(atMs);
    const prior = this.byDay.get(day);
    this.byDay.set(day, prior === undefined ? amount : prior.plus(amount));
    if (prior === undefined && this.byDay.size > this.maxDays) this.evictOldest();
  }

  realizedOn(atMs: number): Decimal {
    return this.byDay.get(this.calendar.indexOf(atMs)) ?? ZERO;
  }

  entries(): DailyPnlEntry[] {
    return [...this.byDay.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([dayIndex, v]) => ({ day: tradingDayLabel(dayIndex), dayIndex, realized: decString(v) }));
  }

  /** Replace the contents with persisted entries (restart). Invalid entries are skipped and returned. */
  load(entries: readonly DailyPnlEntry[]): DailyPnlEntry[] {
    this.byDay.clear();
    const rejected: DailyPnlEntry[] = [];
    for (const e of entries) {
      try {
        const v = dec(e.realized);
        if (!Number.isInteger(e.dayIndex) || !v.isFinite()) throw new RangeError('bad entry');
        this.byDay.set(e.dayIndex, v);
      } catch {
        rejected.push(e);
      }
    }
    while (this.byDay.size > this.maxDays) this.evictOldest();
    return rejected;
  }

  private evictOldest(): void {
    let oldest = Infinity;
    for (const d of this.byDay.keys()) if (d < oldest) oldest = d;
    this.byDay.delete(oldest);
  }
}
