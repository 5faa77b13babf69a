import { Dec } from '@aurora/core';

export const DAY_MS = 86_400_000;
export const ANNUALISATION_DAYS = 365;

export interface EquityPoint {
  t: number;
  equity: Dec;
}

/**
 * The equity curve as a step function: the start balance at `from`, then each sample from the
 * moment it was taken. Samples before `from` or after `to` are ignored; samples are taken in time order.
 */
export class EquityCurve {
  readonly points: readonly EquityPoint[];

  constructor(
    readonly from: number,
    readonly to: number,
    startBalance: string,
    samples: ReadonlyArray<{ t: number; equity: string }>,
  ) {
    const pts: EquityPoint[] = [{ t: from, equity: new Dec(startBalance) }];
    const sorted = samples.filter((s) => s.t >= from && s.t <= to).sort((a, b) => a.t - b.t);
    for (const s of sorted) pts.push({ t: s.t, equity: new Dec(s.equity) });
    this.points = pts;
  }

  get start(): Dec {
    return this.points[0]!.equity;
  }

  get end(): Dec {
    return this.points[this.points.length - 1]!.equity;
  }

  /** Equity at `t`: the last sample at or before it (the start balance before the first). */
  at(t: number): Dec {
    let lo = 0;
    let hi = this.points.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.points[mid]!.t <= t) lo = mid;
      else hi = mid - 1;
    }
    return this.points[lo]!.equity;
  }

  /** Equity at `from`, at every UTC midnight inside the period, and at `to`: the daily closes. */
  dailyCloses(): Dec[] {
    const closes = [this.at(this.from)];
    let day = Math.floor(this.from / DAY_MS) * DAY_MS + DAY_MS;
    for (; day < this.to; day += DAY_MS) closes.push(this.at(day));
    if (this.to > this.from) closes.push(this.at(this.to));
    return closes;
  }

  /** Simple daily returns, as floats (statistics, not money). */
  dailyReturns(): number[] {
    const closes = this.dailyCloses();
    const out: number[] = [];
    for (let i = 1; i < closes.length; i++) {
      const prev = closes[i - 1]!;
      out.push(prev.lte(0) ? 0 : closes[i]!.div(prev).minus(1).toNumber());
    }
    return out;
  }

  /** The deepest fall from a running peak: in money, and as a percentage of that peak (0…100). */
  maxDrawdown(): { abs: Dec; pct: number } {
    let peak = this.points[0]!.equity;
    let abs = new Dec(0);
    let pct = 0;
    for (const p of this.points) {
      if (p.equity.gt(peak)) peak = p.equity;
      const fall = peak.minus(p.equity);
      if (fall.gt(abs)) abs = fall;
      if (peak.gt(0)) pct = Math.max(pct, fall.div(peak).times(100).toNumber());
    }
    return { abs, pct: Math.min(pct, 100) };
  }

  /** Drawdown in % below the running peak at every point (for the chart). */
  drawdownSeries(): Array<{ t: number; pct: number }> {
    let peak = this.points[0]!.equity;
    return this.points.map((p) => {
      if (p.equity.gt(peak)) peak = p.equity;
      return { t: p.t, pct: peak.gt(0) ? Math.min(100, peak.minus(p.equity).div(peak).times(100).toNumber()) : 0 };
    });
  }
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Annualised Sharpe ratio of daily returns, risk-free 0, sample standard deviation; null when undefined. */
export function sharpeRatio(daily: readonly number[]): number | null {
  if (daily.length < 2) return null;
  const m = mean(daily);
  const variance = daily.reduce((a, r) => a + (r - m) ** 2, 0) / (daily.length - 1);
  const sd = Math.sqrt(variance);
  if (!(sd > 1e-15)) return null;
  return (m / sd) * Math.sqrt(ANNUALISATION_DAYS);
}

/** Annualised Sortino ratio: mean over the downside deviation √(Σ min(r,0)² / n); null without a losing day. */
export function sortinoRatio(daily: readonly number[]): number | null {
  if (daily.length < 2) return null;
  const downside = Math.sqrt(daily.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / daily.length);
  if (!(downside > 1e-15)) return null;
  return (mean(daily) / downside) * Math.sqrt(ANNUALISATION_DAYS);
}

/** Compound annual growth rate in %, over a 365-day year; −100 when the account is wiped out. */
export function cagrPct(start: Dec, end: Dec, spanMs: number): number | null {
  if (spanMs <= 0 || start.lte(0)) return null;
  if (end.lte(0)) return -100;
  const years = spanMs / (ANNUALISATION_DAYS * DAY_MS);
  const growth = Math.pow(end.div(start).toNumber(), 1 / years) - 1;
  return Number.isFinite(growth) ? growth * 100 : null;
}
