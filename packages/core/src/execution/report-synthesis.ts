import type { Decimal } from 'decimal.js';
import type { OrderStatus } from '@aurora/contracts';
import { ZERO } from '../money/decimal';
import type { ExchangeOrder, ExchangeTrade, OrderFill } from './exchange-port';
import type { ExecutionReport, ExecutionType } from './user-stream-events';

/**
 * The exchange's truth about an order, turned into the execution reports the user stream would
 * have delivered. Used for FULL placement responses, cancel responses, phantom adoption and
 * reconciliation, so every fill reaches the PositionEngine through its one normal, deduplicated
 * path (orderId + tradeId), whoever saw it first.
 */

/** A fill from either source: a FULL placement response or myTrades. */
export interface SynthFill {
  tradeId: string;
  price: Decimal;
  qty: Decimal;
  commission: Decimal;
  commissionAsset: string;
  isMaker: boolean;
  time: number;
}

/** Fills in a placement response matched on arrival, so we were the taker. */
export const fillsFromPlacement = (fills: readonly OrderFill[], time: number): SynthFill[] =>
  fills.map((f) => ({
    tradeId: f.tradeId,
    price: f.price,
    qty: f.qty,
    commission: f.commission,
    commissionAsset: f.commissionAsset,
    isMaker: false,
    time,
  }));

export const fillsFromTrades = (trades: readonly ExchangeTrade[]): SynthFill[] =>
  trades.map((t) => ({
    tradeId: t.tradeId,
    price: t.price,
    qty: t.qty,
    commission: t.commission,
    commissionAsset: t.commissionAsset,
    isMaker: t.isMaker,
    time: t.time,
  }));

/** Synthesized reports carry this prefix in executionId; Binance's own ids are numbers. */
export const SYNTH_EXECUTION_PREFIX = 'aurora:';

const EXECUTION_TYPE_FOR: Record<OrderStatus, ExecutionType> = {
  NEW: 'NEW',
  PARTIALLY_FILLED: 'TRADE',
  FILLED: 'TRADE',
  CANCELED: 'CANCELED',
  PENDING_CANCEL: 'CANCELED',
  REJECTED: 'REJECTED',
  EXPIRED: 'EXPIRED',
  EXPIRED_IN_MATCH: 'TRADE_PREVENTION',
};

/** Trade ids are numeric strings on Binance; order them numerically, fall back to text. */
const byTradeId = (a: SynthFill, b: SynthFill): number => {
  if (a.tradeId.length !== b.tradeId.length && /^\d+$/.test(a.tradeId) && /^\d+$/.test(b.tradeId))
    return a.tradeId.length - b.tradeId.length;
  return a.tradeId < b.tradeId ? -1 : a.tradeId > b.tradeId ? 1 : 0;
};

function baseReport(
  order: ExchangeOrder,
  at: number,
): Omit<ExecutionReport, 'executionType' | 'orderStatus'> {
  return {
    kind: 'executionReport',
    eventTime: at,
    transactTime: at,
    symbol: order.symbol,
    clientOrderId: order.clientOrderId,
    origClientOrderId: null,
    orderId: order.orderId,
    side: order.side,
    orderType: order.type,
    timeInForce: order.timeInForce,
    rejectReason: null,
    price: order.price,
    stopPrice: order.stopPrice ?? ZERO,
    origQty: order.origQty,
    lastQty: ZERO,
    lastPrice: ZERO,
    cumQty: ZERO,
    cumQuote: ZERO,
    commission: ZERO,
    commissionAsset: null,
    tradeId: null,
    executionId: '',
    isMaker: false,
  };
}

/**
 * Reports for what we have not seen yet of `order`, given the quantity already applied:
 * one TRADE report per fill beyond `knownFilledQty` (in trade-id order, with running
 * cumulative totals), then a status report when the order's status is not told by its trades.
 * When the fills at hand do not add up to the order's executedQty, the status report is held
 * back: a terminal status ahead of a missing trade would let that trade arrive "after" the end.
 */
export function reportsForOrder(
  order: ExchangeOrder,
  fills: readonly SynthFill[],
  knownFilledQty: Decimal,
  at: number,
): ExecutionReport[] {
  const out: ExecutionReport[] = [];
  let cumQty = ZERO;
  let cumQuote = ZERO;
  const sorted = fills.length > 1 ? [...fills].sort(byTradeId) : fills;
  for (const f of sorted) {
    cumQty = cumQty.plus(f.qty);
    cumQuote = cumQuote.plus(f.qty.times(f.price));
    if (cumQty.lte(knownFilledQty)) continue;
    out.push({
      ...baseReport(order, f.time),
      executionType: 'TRADE',
      orderStatus: cumQty.gte(order.origQty) ? 'FILLED' : 'PARTIALLY_FILLED',
      lastQty: f.qty,
      lastPrice: f.price,
      cumQty,
      cumQuote,
      commission: f.commission,
      commissionAsset: f.commissionAsset,
      tradeId: f.tradeId,
      executionId: `${SYNTH_EXECUTION_PREFIX}${order.orderId}:t:${f.tradeId}`,
      isMaker: f.isMaker,
    });
  }
  const known = cumQty.gt(knownFilledQty) ? cumQty : knownFilledQty;
  if (known.lt(order.executedQty)) return out;
  // A fill status is told by its TRADE reports (the new ones above, or ones already applied).
  if (order.status === 'FILLED' || order.status === 'PARTIALLY_FILLED') return out;
  out.push({
    ...baseReport(order, at),
    executionType: EXECUTION_TYPE_FOR[order.status],
    orderStatus: order.status,
    cumQty: order.executedQty,
    cumQuote: order.cumulativeQuoteQty,
    executionId: `${SYNTH_EXECUTION_PREFIX}${order.orderId}:s:${order.status}`,
  });
  return out;
}
