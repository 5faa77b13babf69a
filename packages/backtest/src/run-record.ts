import type { DecisionEnvelope } from '@aurora/contracts';
import { Dec, type PositionRecord } from '@aurora/core';
import type { CandleSeries } from '@aurora/history';
import type { BacktestTrade } from './run-data';

const MAX_CHART_POINTS = 2_000;

/**
 * A closed position as a backtest trade. Prices are the position's average fills (notional /
 * quantity, exact); fees its commissions in the quote asset; the exit reason is that of the exit
 * order that closed it (`exitReasonOf`), or 'UNKNOWN' when none is on record.
 */
export function tradeFromRecord(
  r: PositionRecord,
  exitReasonOf: (r: PositionRecord) => string | null,
): BacktestTrade {
  const filled = new Dec(r.filledQty);
  const exited = new Dec(r.exitedQty);
  const avg = (notional: string, qty: Dec) => (qty.isZero() ? '0' : new Dec(notional).div(qty).toFixed());
  return {
    id: r.id,
    symbol: r.symbol,
    strategy: r.tags.strategy ?? 'unknown',
    entryTime: r.openedAt ?? r.createdAt,
    exitTime: r.closedAt ?? r.updatedAt,
    entryPrice: avg(r.entryNotional, filled),
    exitPrice: avg(r.exitNotional, exited),
    qty: r.filledQty,
    pnl: r.realizedPnl,
    fees: r.commissionTotalQuote,
    exitReason: exitReasonOf(r) ?? 'UNKNOWN',
  };
}

/**
 * Closed trades in exit-time order; ties by symbol, then entry time (what both the backtest and
 * the live path produce alike: ids are labels drawn differently on each), last by id.
 */
export function sortTrades(trades: BacktestTrade[]): BacktestTrade[] {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return trades.sort((a, b) => a.exitTime - b.exitTime || cmp(a.symbol, b.symbol) || a.entryTime - b.entryTime || cmp(a.id, b.id));
}

/** Blocked decisions by the layer that blocked them, and how many were allowed. */
export function tallyDecisions(decisions: Iterable<DecisionEnvelope>): {
  gateBlocks: Record<string, number>;
  decisions: { total: number; allowed: number };
} {
  const gateBlocks: Record<string, number> = {};
  let total = 0;
  let allowed = 0;
  for (const d of decisions) {
    total++;
    if (d.final_decision === 'ALLOW') allowed++;
    else {
      const layer = d.blocking_layer ?? 'unknown';
      gateBlocks[layer] = (gateBlocks[layer] ?? 0) + 1;
    }
  }
  return { gateBlocks, decisions: { total, allowed } };
}

/** The replayed closes of a series, at most 2,000 points (every k-th candle, and the last). */
export function chartPrices(s: CandleSeries, from: number, to: number): Array<{ t: number; close: number }> {
  const close = s.numbers('close');
  let a = 0;
  while (a < s.length && s.openTime[a]! < from) a++;
  let b = a;
  while (b < s.length && s.openTime[b]! < to) b++;
  const n = b - a;
  if (n <= 0) return [];
  const stride = Math.max(1, Math.ceil(n / (MAX_CHART_POINTS - 1)));
  const out: Array<{ t: number; close: number }> = [];
  for (let i = a; i < b; i += stride) out.push({ t: s.closeTime[i]! + 1, close: close[i]! });
  if ((n - 1) % stride !== 0) out.push({ t: s.closeTime[b - 1]! + 1, close: close[b - 1]! });
  return out;
}
