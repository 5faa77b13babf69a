import { Dec } from '@aurora/core';
import type { BacktestTrade } from '../run-data';

/** Figures derived by division are rounded to this many places; sums stay exact. */
const MONEY_DP = 8;
const money = (d: Dec): string => {
  const r = d.toDecimalPlaces(MONEY_DP);
  return r.isZero() ? '0' : r.toFixed();
};

export interface TradeStats {
  count: number;
  wins: number;
  losses: number;
  win_rate_pct: number | null;
  profit_factor: number | null;
  expectancy: string;
  avg_win: string;
  avg_loss: string;
  gross_profit: string;
  gross_loss: string;
  fees: string;
}

/**
 * A trade's pnl is its net result as the runner booked it (fees already taken). A win is pnl > 0,
 * a loss pnl < 0; a trade at exactly 0 counts in the total only. Profit factor is gross profit over
 * gross loss, null when nothing was lost.
 */
export function tradeStats(trades: readonly BacktestTrade[]): TradeStats {
  let gp = new Dec(0);
  let gl = new Dec(0);
  let fees = new Dec(0);
  let wins = 0;
  let losses = 0;
  for (const t of trades) {
    const pnl = new Dec(t.pnl);
    fees = fees.plus(t.fees);
    if (pnl.gt(0)) {
      wins++;
      gp = gp.plus(pnl);
    } else if (pnl.lt(0)) {
      losses++;
      gl = gl.plus(pnl.abs());
    }
  }
  const n = trades.length;
  return {
    count: n,
    wins,
    losses,
    win_rate_pct: n === 0 ? null : (wins / n) * 100,
    profit_factor: gl.isZero() ? null : gp.div(gl).toNumber(),
    expectancy: n === 0 ? '0' : money(gp.minus(gl).div(n)),
    avg_win: wins === 0 ? '0' : money(gp.div(wins)),
    avg_loss: losses === 0 ? '0' : money(gl.div(losses).neg()),
    gross_profit: money(gp),
    gross_loss: money(gl),
    fees: money(fees),
  };
}

/** Share of [from, to] (in %) during which at least one trade was open: overlapping trades count once. */
export function exposurePct(trades: readonly BacktestTrade[], from: number, to: number): number {
  if (to <= from) return 0;
  const spans = trades
    .map((t) => [Math.max(from, t.entryTime), Math.min(to, t.exitTime)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const [a, b] of spans) {
    if (a > curEnd) {
      if (curEnd > curStart) covered += curEnd - curStart;
      curStart = a;
      curEnd = b;
    } else if (b > curEnd) curEnd = b;
  }
  if (curEnd > curStart) covered += curEnd - curStart;
  return (covered / (to - from)) * 100;
}
