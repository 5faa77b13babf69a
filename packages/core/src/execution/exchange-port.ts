import type { Decimal } from 'decimal.js';
import type { OrderStatus, OrderType, Side, TimeInForce } from '@aurora/contracts';
import type { SymbolFilters } from '../money/symbol-filters';
import type { BookTicker, Kline } from '../market/types';

/**
 * What the execution layer needs from a venue. packages/binance implements it over Binance's
 * REST/WebSocket API; nothing behind this interface leaks Binance JSON into the core.
 *
 * Errors: implementations throw the typed errors of ./exchange-errors — ExchangeRejected
 * (never retry), ExchangeRetryable (safe to retry: the request did not take effect) and
 * UnknownExecutionStatus (the order may exist: settle by getOrder with the clientOrderId).
 */
export interface PlaceOrderRequest {
  symbol: string;
  side: Side;
  type: OrderType;
  timeInForce?: TimeInForce;
  quantity?: Decimal;
  quoteOrderQty?: Decimal;
  price?: Decimal;
  stopPrice?: Decimal;
  /** Always set: the intent id, so a retry can never create a second order. */
  clientOrderId: string;
  /**
   * EXIT for orders that reduce risk (exits, protective stops): the adapter lets them use the
   * share of the order budget it holds back from entries. Not sent to the exchange.
   */
  lane?: 'ENTRY' | 'EXIT';
}

export interface OrderFill {
  tradeId: string;
  price: Decimal;
  qty: Decimal;
  commission: Decimal;
  commissionAsset: string;
}

export interface ExchangeOrder {
  symbol: string;
  orderId: string;
  clientOrderId: string;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce | null;
  status: OrderStatus;
  price: Decimal;
  stopPrice: Decimal | null;
  origQty: Decimal;
  executedQty: Decimal;
  cumulativeQuoteQty: Decimal;
  /** Order creation time (ms). */
  time: number;
  updateTime: number;
  /** Present on FULL placement responses. */
  fills: OrderFill[];
}

export interface ExchangeTrade {
  symbol: string;
  tradeId: string;
  orderId: string;
  price: Decimal;
  qty: Decimal;
  quoteQty: Decimal;
  commission: Decimal;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
}

export interface AssetBalance {
  asset: string;
  free: Decimal;
  locked: Decimal;
}

export interface AccountSnapshot {
  canTrade: boolean;
  balances: AssetBalance[];
  updateTime: number;
  commissionRates: { maker: Decimal; taker: Decimal } | null;
}

export type OrderRef = { symbol: string; orderId: string } | { symbol: string; clientOrderId: string };

export interface ExchangePort {
  placeOrder(req: PlaceOrderRequest): Promise<ExchangeOrder>;
  cancelOrder(ref: OrderRef): Promise<ExchangeOrder>;
  cancelAllOpenOrders(symbol: string): Promise<ExchangeOrder[]>;
  /** null when the exchange does not know the order (-2013). */
  getOrder(ref: OrderRef): Promise<ExchangeOrder | null>;
  getOpenOrders(symbol?: string): Promise<ExchangeOrder[]>;
  getAllOrders(symbol: string, opts?: { startTime?: number; limit?: number }): Promise<ExchangeOrder[]>;
  getMyTrades(symbol: string, opts?: { orderId?: string; fromId?: string; limit?: number }): Promise<ExchangeTrade[]>;
  getAccount(): Promise<AccountSnapshot>;
  getExchangeInfo(symbols?: string[]): Promise<SymbolFilters[]>;
  getKlines(symbol: string, interval: string, limit: number): Promise<Kline[]>;
  getBookTicker(symbol: string): Promise<BookTicker>;
  getServerTime(): Promise<number>;
}
