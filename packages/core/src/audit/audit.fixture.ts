import type { Decimal } from 'decimal.js';
import { dec, ZERO } from '../money/decimal';
import { ACCOUNTING_DP } from '../orders/pnl';
import type { ExchangeOrder, ExchangeTrade } from '../execution/exchange-port';
import { orderKey, type AuditBooks, type AuditInput, type BookedPosition } from './audit-input';

/* Books and a venue that agree, built from a few round trips; tests then break one thing. */

export const STEP = dec('0.001');
export const NOW = 1_000_000;

export interface TripSpec {
  symbol: 'BTCUSDT' | 'ETHUSDT';
  /** Entry fills as [steps, price]; exit fills likewise (their steps sum to at most the entry's). */
  entry: [number, string][];
  exit: [number, string][];
}

export function venueOrder(
  symbol: string,
  orderId: string,
  clientOrderId: string,
  side: 'BUY' | 'SELL',
  fills: [number, string][],
  status: ExchangeOrder['status'],
): { order: ExchangeOrder; trades: ExchangeTrade[] } {
  const trades = fills.map(([steps, price], n): ExchangeTrade => {
    const qty = STEP.mul(steps);
    return {
      symbol,
      tradeId: `${orderId}${n}`,
      orderId,
      price: dec(price),
      qty,
      quoteQty: qty.mul(price),
      commission: ZERO,
      commissionAsset: 'USDT',
      time: NOW - 60_000,
      isBuyer: side === 'BUY',
      isMaker: false,
    };
  });
  const executedQty = trades.reduce((s, t) => s.plus(t.qty), ZERO);
  return {
    order: {
      symbol,
      orderId,
      clientOrderId,
      side,
      type: 'MARKET',
      timeInForce: null,
      status,
      price: ZERO,
      stopPrice: null,
      origQty: executedQty.isZero() ? STEP : executedQty,
      executedQty,
      cumulativeQuoteQty: trades.reduce((s, t) => s.plus(t.quoteQty), ZERO),
      time: NOW - 60_000,
      updateTime: NOW - 60_000,
      fills: [],
    },
    trades,
  };
}

const avg = (trades: ExchangeTrade[]): Decimal | null => {
  const qty = trades.reduce((s, t) => s.plus(t.qty), ZERO);
  if (qty.isZero()) return null;
  return trades.reduce((s, t) => s.plus(t.quoteQty), ZERO).div(qty).toDecimalPlaces(ACCOUNTING_DP);
};

/**
 * Clean books for the trips. Order ids are counted per symbol from 1, as Binance does, so both
 * symbols use the same ids: anything keyed by the bare id would mix them up.
 */
export function agreeingInput(trips: TripSpec[], extraBalance = '0'): AuditInput {
  const nextId = new Map<string, number>();
  const id = (symbol: string) => {
    const n = (nextId.get(symbol) ?? 0) + 1;
    nextId.set(symbol, n);
    return String(n);
  };
  const orders: ExchangeOrder[] = [];
  const tradesByOrder = new Map<string, ExchangeTrade[]>();
  const positions: BookedPosition[] = [];
  const counts: Record<string, number> = {};
  const held = new Map<string, Decimal>();
  trips.forEach((t, n) => {
    const entry = venueOrder(t.symbol, id(t.symbol), `entry-${n}`, 'BUY', t.entry, 'FILLED');
    const exitFills = t.exit.filter(([steps]) => steps > 0);
    const exit =
      exitFills.length > 0 ? venueOrder(t.symbol, id(t.symbol), `exit-${n}`, 'SELL', exitFills, 'FILLED') : null;
    for (const o of exit ? [entry, exit] : [entry]) {
      orders.push(o.order);
      tradesByOrder.set(orderKey(o.order.symbol, o.order.orderId), o.trades);
    }
    const filled = entry.order.executedQty;
    const exited = exit?.order.executedQty ?? ZERO;
    const closed = exited.eq(filled);
    const base = t.symbol.slice(0, 3);
    held.set(base, (held.get(base) ?? ZERO).plus(filled.minus(exited)));
    positions.push({
      id: `pos-${n}`,
      symbol: t.symbol,
      side: 'BUY',
      status: closed ? 'Closed' : 'Open',
      entryClientOrderId: `entry-${n}`,
      exitClientOrderIds: exit ? [`exit-${n}`] : [],
      filledQty: filled,
      exitedQty: exited,
      avgEntryPrice: avg(entry.trades),
      avgExitPrice: exit ? avg(exit.trades) : null,
      openQty: filled.minus(exited),
      updatedAt: NOW - 30_000,
      closedAt: closed ? NOW - 30_000 : null,
    });
    if (closed) counts[`pos-${n}`] = 1;
  });
  const books: AuditBooks = {
    symbols: [
      { symbol: 'BTCUSDT', baseAsset: 'BTC', stepSize: STEP },
      { symbol: 'ETHUSDT', baseAsset: 'ETH', stepSize: STEP },
    ],
    positions,
    intents: [],
    riskReceipts: { horizon: 0, counts },
    baseline: {},
  };
  return {
    books,
    venue: {
      orders,
      openOrdersComplete: ['BTCUSDT', 'ETHUSDT'],
      ordersComplete: ['BTCUSDT', 'ETHUSDT'],
      tradesByOrder,
      balances: ['BTC', 'ETH'].map((asset) => ({
        asset,
        free: (held.get(asset) ?? ZERO).plus(extraBalance),
        locked: ZERO,
      })),
    },
    now: NOW,
    settleMs: 5_000,
  };
}
