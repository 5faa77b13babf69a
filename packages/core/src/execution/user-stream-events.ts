import type { Decimal } from 'decimal.js';
import type { OrderStatus, OrderType, Side, TimeInForce } from '@aurora/contracts';
import type { AssetBalance } from './exchange-port';

/** Binance's execution types (executionReport `x`). */
export type ExecutionType = 'NEW' | 'CANCELED' | 'REPLACED' | 'REJECTED' | 'TRADE' | 'EXPIRED' | 'TRADE_PREVENTION';

/** One order update from the user stream, already parsed from Binance's executionReport. */
export interface ExecutionReport {
  kind: 'executionReport';
  eventTime: number;
  transactTime: number;
  symbol: string;
  clientOrderId: string;
  /** For cancels, Binance puts the cancelled order's clientOrderId in `C`. */
  origClientOrderId: string | null;
  orderId: string;
  side: Side;
  orderType: OrderType;
  timeInForce: TimeInForce | null;
  executionType: ExecutionType;
  orderStatus: OrderStatus;
  rejectReason: string | null;
  price: Decimal;
  stopPrice: Decimal;
  origQty: Decimal;
  lastQty: Decimal;
  lastPrice: Decimal;
  cumQty: Decimal;
  cumQuote: Decimal;
  commission: Decimal;
  commissionAsset: string | null;
  /** null when Binance sends -1 (no trade in this report). */
  tradeId: string | null;
  /** Binance's execution id `I`: unique per report; the idempotency key with orderId. */
  executionId: string;
  isMaker: boolean;
}

export interface AccountPositionUpdate {
  kind: 'outboundAccountPosition';
  eventTime: number;
  lastUpdateTime: number;
  balances: AssetBalance[];
}

export interface BalanceUpdate {
  kind: 'balanceUpdate';
  eventTime: number;
  asset: string;
  delta: Decimal;
  clearTime: number;
}

export interface ListStatus {
  kind: 'listStatus';
  eventTime: number;
  symbol: string;
  orderListId: string;
  listStatusType: string;
  listOrderStatus: string;
  listClientOrderId: string;
  orders: { symbol: string; orderId: string; clientOrderId: string }[];
}

export interface StreamTerminated {
  kind: 'eventStreamTerminated';
  eventTime: number;
}

/** Emitted by the adapter after every reconnect: events may have been missed, reconcile now. */
export interface StreamResynced {
  kind: 'resynced';
  at: number;
}

export type UserStreamEvent =
  | ExecutionReport
  | AccountPositionUpdate
  | BalanceUpdate
  | ListStatus
  | StreamTerminated
  | StreamResynced;
