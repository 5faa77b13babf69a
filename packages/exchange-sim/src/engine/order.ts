import type { Dec } from '@aurora/core';

export type OrderSide = 'BUY' | 'SELL';
export type OrderType =
  'LIMIT' | 'LIMIT_MAKER' | 'MARKET' | 'STOP_LOSS' | 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT' | 'TAKE_PROFIT_LIMIT';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK';
export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED';
export type ExecutionType = 'NEW' | 'CANCELED' | 'REJECTED' | 'TRADE' | 'EXPIRED';
export type ExpiryReason =
  | 'UNFILLED_IOC_QUANTITY_EXPIRED'
  | 'UNFILLED_FOK_ORDER_EXPIRED'
  | 'INSUFFICIENT_LIQUIDITY'
  | 'EXCHANGE_CANCELED';
export type NewOrderRespType = 'ACK' | 'RESULT' | 'FULL';

/** One order as the matching engine keeps it. Amounts are Decimal; JSON rendering is elsewhere. */
export interface SimOrder {
  uid: number;
  symbol: string;
  orderId: number;
  clientOrderId: string;
  side: OrderSide;
  type: OrderType;
  /** Binance renders GTC for MARKET and LIMIT_MAKER orders too. */
  timeInForce: TimeInForce;
  price: Dec;
  origQty: Dec;
  origQuoteOrderQty: Dec;
  stopPrice: Dec;
  executedQty: Dec;
  cumQuote: Dec;
  status: OrderStatus;
  time: number;
  updateTime: number;
  /** -1 until the order works (untriggered stops never have). */
  workingTime: number;
  isWorking: boolean;
  /** Asset and amount still reserved for this order (free → locked at placement). */
  lockedAsset: string;
  lockedAmount: Dec;
  expiryReason: ExpiryReason | null;
  strategyId: number | null;
  strategyType: number | null;
  /** Placement sequence: time priority among resting orders at one price. */
  seq: number;
}

export const isStopType = (type: OrderType): boolean =>
  type === 'STOP_LOSS' ||
  type === 'STOP_LOSS_LIMIT' ||
  type === 'TAKE_PROFIT' ||
  type === 'TAKE_PROFIT_LIMIT';

export const hasLimitPrice = (type: OrderType): boolean =>
  type === 'LIMIT' || type === 'LIMIT_MAKER' || type === 'STOP_LOSS_LIMIT' || type === 'TAKE_PROFIT_LIMIT';

export const isOpenStatus = (status: OrderStatus): boolean =>
  status === 'NEW' || status === 'PARTIALLY_FILLED';

export const remainingQty = (order: SimOrder): Dec => order.origQty.minus(order.executedQty);

/** One execution of an order: the `fills` entry of a FULL response and an executionReport TRADE. */
export interface OrderFill {
  tradeId: number;
  price: Dec;
  qty: Dec;
  quoteQty: Dec;
  commission: Dec;
  commissionAsset: string;
  isMaker: boolean;
  time: number;
}
