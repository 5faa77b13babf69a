import type { Decimal } from 'decimal.js';
import type { PnlPoint } from '@aurora/contracts';
import type { TradingCalendar } from '@aurora/core';

const SAMPLE_EVERY_MS = 30_000;
const MAX_POINTS = 4000;

/**
 * Today's equity-change curve (risk.equity_change_today), sampled every 30 s and at every
 * closed trade, with the drawdown from the day's peak. Resets at the trading-day boundary of the
 * risk engine's calendar, so it starts when the daily loss tally does. Bounded.
 */
export class PnlSeries {
  private points: PnlPoint[] = [];
  private peak: Decimal | null = null;
  private day: number;
  private lastSampleAt = 0;

  constructor(
    private readonly clock: { now(): number },
    private readonly calendar: TradingCalendar,
  ) {
    this.day = calendar.today().index;
  }

  sample(equityChangeToday: Decimal, trade: boolean): void {
    const now = this.clock.now();
    const day = this.calendar.todayIndex();
    if (day !== this.day) {
      this.day = day;
      this.points = [];
      this.peak = null;
    }
    if (!trade && now - this.lastSampleAt < SAMPLE_EVERY_MS) return;
    this.lastSampleAt = now;
    const v = equityChangeToday;
    if (this.peak === null || v.gt(this.peak)) this.peak = v;
    this.points.push({
      t: now,
      equity_change_today: v.toFixed(),
      drawdown: v.minus(this.peak).toFixed(),
      trade,
    });
    if (this.points.length > MAX_POINTS) this.points.splice(0, this.points.length - MAX_POINTS);
  }

  list(): PnlPoint[] {
    return this.points;
  }
}
