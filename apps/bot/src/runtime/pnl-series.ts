import type { Decimal } from 'decimal.js';
import type { PnlPoint } from '@aurora/contracts';
import { tradingDayIndex } from '@aurora/core';

const SAMPLE_EVERY_MS = 30_000;
const MAX_POINTS = 4000;

/**
 * Today's cumulative PnL curve (realized + unrealized), sampled every 30 s and at every closed
 * trade, with the drawdown from the day's peak. Resets at the trading-day boundary. Bounded.
 */
export class PnlSeries {
  private points: PnlPoint[] = [];
  private peak: Decimal | null = null;
  private day: number;
  private lastSampleAt = 0;

  constructor(
    private readonly clock: { now(): number },
    private offsetMin: number,
  ) {
    this.day = tradingDayIndex(clock.now(), offsetMin);
  }

  sample(realized: Decimal, unrealized: Decimal, trade: boolean): void {
    const now = this.clock.now();
    const day = tradingDayIndex(now, this.offsetMin);
    if (day !== this.day) {
      this.day = day;
      this.points = [];
      this.peak = null;
    }
    if (!trade && now - this.lastSampleAt < SAMPLE_EVERY_MS) return;
    this.lastSampleAt = now;
    const cum = realized.plus(unrealized);
    if (this.peak === null || cum.gt(this.peak)) this.peak = cum;
    this.points.push({ t: now, cum_pnl: cum.toFixed(), drawdown: cum.minus(this.peak).toFixed(), trade });
    if (this.points.length > MAX_POINTS) this.points.splice(0, this.points.length - MAX_POINTS);
  }

  list(): PnlPoint[] {
    return this.points;
  }

  setOffset(offsetMin: number): void {
    this.offsetMin = offsetMin;
  }
}
