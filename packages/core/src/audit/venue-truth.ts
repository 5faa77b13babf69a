import type { AssetBalance, ExchangeOrder, ExchangePort } from '../execution/exchange-port';
import type { AuditBooks, VenueTruth } from './audit-input';

export interface VenueTruthLimits {
  /** Orders of each symbol's history read in one allOrders call (A5 and most of A1). */
  historyLimit: number;
  /** getOrder lookups per run at most, for orders older than that history. */
  maxLookups: number;
}

export const DEFAULT_VENUE_TRUTH_LIMITS: VenueTruthLimits = { historyLimit: 100, maxLookups: 20 };

/**
 * Read the venue's side of the audit through the ExchangePort, bounded in request weight: only
 * the symbols the books name, per symbol one open-orders and one recent-history query, a few
 * lookups by clientOrderId for older orders the books still hold, and the account LAST, so the
 * balances are at least as fresh as the orders (Binance weights: open orders 6, allOrders 20,
 * order 4, account 20). Trades are not fetched: an order's executedQty and cummulativeQuoteQty
 * are the venue's sums of its trades. Throws when a query fails (the audit then reports an error
 * and judges nothing).
 */
export async function readVenueTruth(
  exchange: ExchangePort,
  books: AuditBooks,
  limits: VenueTruthLimits = DEFAULT_VENUE_TRUTH_LIMITS,
): Promise<VenueTruth> {
  const symbols = [
    ...new Set([...books.symbols.map((s) => s.symbol), ...books.positions.map((p) => p.symbol), ...books.intents.map((i) => i.symbol)]),
  ].sort();
  const orders: ExchangeOrder[] = [];
  for (const symbol of symbols) {
    orders.push(...(await exchange.getOpenOrders(symbol)));
    orders.push(...(await exchange.getAllOrders(symbol, { limit: limits.historyLimit })));
  }
  const seen = new Set(orders.map((o) => `${o.symbol}:${o.clientOrderId}`));
  const wanted: { symbol: string; clientOrderId: string }[] = [];
  for (const p of books.positions)
    for (const id of [p.entryClientOrderId, ...p.exitClientOrderIds])
      if (!seen.has(`${p.symbol}:${id}`)) wanted.push({ symbol: p.symbol, clientOrderId: id });
  for (const ref of wanted.slice(0, limits.maxLookups)) {
    const o = await exchange.getOrder(ref);
    if (o !== null) orders.push(o);
  }
  const balances: AssetBalance[] = (await exchange.getAccount()).balances;
  return { orders, openOrdersComplete: symbols, ordersComplete: [], tradesByOrder: new Map(), balances };
}
