import type { Dec } from '@aurora/core';

/**
 * A closed trade's return on its entry notional, in bps, commissions included (realized PnL
 * includes every commission). Floats: a statistic, not money. null when there is no notional.
 */
export function tradeReturnBps(realizedPnl: Dec, avgEntryPrice: Dec | null, filledQty: Dec): number | null {
  if (avgEntryPrice === null || !avgEntryPrice.gt(0) || !filledQty.gt(0)) return null;
  return realizedPnl.div(avgEntryPrice.times(filledQty)).times(10_000).toNumber();
}
