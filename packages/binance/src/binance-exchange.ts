import type {
  AccountSnapshot,
  BookTicker,
  ExchangeOrder,
  ExchangePort,
  ExchangeTrade,
  Kline,
  OrderRef,
  PlaceOrderRequest,
  SymbolFilters,
} from '@aurora/core';
import type { BinanceRestClient } from './rest-client';

/**
 * core's ExchangePort over Binance REST. The execution engine sees core types and core's three
 * error families only; Binance JSON stops at the rest client.
 */
export class BinanceExchange implements ExchangePort {
  constructor(readonly rest: BinanceRestClient) {}

  placeOrder(req: PlaceOrderRequest): Promise<ExchangeOrder> {
    return this.rest.placeOrder(req);
  }

  cancelOrder(ref: OrderRef): Promise<ExchangeOrder> {
    return this.rest.cancelOrder(ref);
  }

  cancelAllOpenOrders(symbol: string): Promise<ExchangeOrder[]> {
    return this.rest.cancelAllOpenOrders(symbol);
  }

  getOrder(ref: OrderRef): Promise<ExchangeOrder | null> {
    return this.rest.getOrder(ref);
  }

  getOpenOrders(symbol?: string): Promise<ExchangeOrder[]> {
    return this.rest.openOrders(symbol);
  }

  getAllOrders(symbol: string, opts: { startTime?: number; limit?: number } = {}): Promise<ExchangeOrder[]> {
    return this.rest.allOrders(symbol, opts);
  }

  getMyTrades(
    symbol: string,
    opts: { orderId?: string; fromId?: string; limit?: number } = {},
  ): Promise<ExchangeTrade[]> {
    return this.rest.myTrades(symbol, opts);
  }

  getAccount(): Promise<AccountSnapshot> {
    return this.rest.account();
  }

  async getExchangeInfo(symbols?: string[]): Promise<SymbolFilters[]> {
    return (await this.rest.exchangeInfo(symbols)).symbols;
  }

  getKlines(symbol: string, interval: string, limit: number): Promise<Kline[]> {
    return this.rest.klines(symbol, interval, { limit });
  }

  getBookTicker(symbol: string): Promise<BookTicker> {
    return this.rest.bookTicker(symbol);
  }

  getServerTime(): Promise<number> {
    return this.rest.serverTime();
  }
}
