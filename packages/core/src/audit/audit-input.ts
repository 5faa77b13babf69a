import type { Decimal } from 'decimal.js';
import type { AuditCheck, IntentStatus, OrderStatus, PositionStatus, Side } from '@aurora/contracts';
import type { AssetBalance, ExchangeOrder, ExchangeTrade } from '../execution/exchange-port';

/** What the auditor needs to know about one of the bot's positions. */
export interface BookedPosition {
  id: string;
  symbol: string;
  side: Side;
  status: PositionStatus;
  entryClientOrderId: string;
  exitClientOrderIds: readonly string[];
  /** Executed quantity of the entry order, as booked. */
  filledQty: Decimal;
  exitedQty: Decimal;
  avgEntryPrice: Decimal | null;
  avgExitPrice: Decimal | null;
  /** Units held (long) or owed (short), as booked. */
  openQty: Decimal;
  updatedAt: number;
  closedAt: number | null;
}

export interface BookedIntent {
  id: string;
  symbol: string;
  positionId: string | null;
  status: IntentStatus;
  exchangeStatus: OrderStatus | null;
  updatedAt: number;
}

/** The bot's side of the audit. */
export interface AuditBooks {
  symbols: readonly { symbol: string; baseAsset: string; stepSize: Decimal | null }[];
  positions: readonly BookedPosition[];
  intents: readonly BookedIntent[];
  /** Closed positions the risk engine was told of (see ClosedTradeReceipts). */
  riskReceipts: { horizon: number; counts: Readonly<Record<string, number>> };
  /** Per asset, what the user holds outside the bot (A2 subtracts it from the venue's balance). */
  baseline: Readonly<Record<string, Decimal>>;
}

/**
 * The venue's side. It may be partial (the bot audits a bounded set of orders per run): a check
 * only judges what the truth covers and counts the rest as skipped.
 */
export interface VenueTruth {
  /** Orders the venue showed (open lists, allOrders pages, lookups by clientOrderId). */
  orders: readonly ExchangeOrder[];
  /**
   * Symbols whose open orders are all in `orders` (an open-orders query answered for them), so a
   * live order missing from the list does not exist.
   */
  openOrdersComplete: readonly string[];
  /**
   * Symbols whose every order is in `orders` (a complete allOrders history, as the simulator can
   * give): an order of ours missing from it never reached the venue.
   */
  ordersComplete: readonly string[];
  /** Trades per order, keyed by orderKey(symbol, orderId); orders not fetched are absent. */
  tradesByOrder: ReadonlyMap<string, readonly ExchangeTrade[]>;
  /** null when the account was not read in this run. */
  balances: readonly AssetBalance[] | null;
}

export interface AuditInput {
  books: AuditBooks;
  venue: VenueTruth;
  now: number;
  /**
   * Anything that moved within this many ms (a position, an intent, a venue order) is in flight
   * between the two sides and skipped: its reports may still be on the way.
   */
  settleMs: number;
}

export interface AuditViolation {
  check: AuditCheck;
  symbol: string | null;
  /** The position, intent, asset or clientOrderId at fault. */
  ref: string;
  /** The evidence: what the bot booked and what the venue shows. */
  detail: string;
}

export interface AuditReport {
  violations: AuditViolation[];
  checked: { positions: number; intents: number; orders: number; assets: number };
  /** Items left out: in flight, or not covered by the venue truth of this run. */
  skipped: number;
}

/** Binance numbers orders and trades per symbol: an id alone names nothing. */
export const orderKey = (symbol: string, orderId: string): string => `${symbol}:${orderId}`;
