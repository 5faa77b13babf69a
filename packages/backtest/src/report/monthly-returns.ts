import type { MonthlyReturn } from '@aurora/contracts';
import type { EquityCurve } from './equity-curve';

const monthKey = (t: number): string => new Date(t).toISOString().slice(0, 7);
const nextMonthStart = (t: number): number => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

/**
 * One row per UTC month the period touches: equity at the month's end (or at `to`) against equity
 * at its start (or at `from`). The months compound to the total return.
 */
export function monthlyReturns(curve: EquityCurve): MonthlyReturn[] {
  const rows: MonthlyReturn[] = [];
  let start = curve.from;
  while (start < curve.to) {
    const end = Math.min(nextMonthStart(start), curve.to);
    // The month closes just before the next one opens: a sample at 00:00 of the 1st belongs to the new month.
    const before = curve.at(start === curve.from ? start : start - 1);
    const after = curve.at(end === curve.to ? end : end - 1);
    rows.push({
      month: monthKey(start),
      return_pct: before.lte(0) ? 0 : after.div(before).minus(1).times(100).toNumber(),
      pnl: after.minus(before).toFixed(),
    });
    start = end;
  }
  return rows;
}
