import { z } from 'zod';
import {
  AccountSchema,
  BinanceCode,
  BookTickerSchema,
  CanceledOrderSchema,
  ExchangeInfoSchema,
  KlineRowSchema,
  MyTradeSchema,
  PlacedOrderSchema,
  QueriedOrderSchema,
  accountFromJson,
  bookTickerFromJson,
  buildOrderParams,
  exchangeInfoFromJson,
  klineFromRow,
  orderFromCancel,
  orderFromPlacement,
  orderFromQuery,
  orderRefParams,
  tradeFromJson,
  type Params,
} from '@aurora/binance';
import {
  isExchangeError,
  type AccountSnapshot,
  type BookTicker,
  type ExchangeOrder,
  type ExchangePort,
  type ExchangeTrade,
  type Kline,
  type OrderRef,
  type PlaceOrderRequest,
  type SymbolFilters,
} from '@aurora/core';
import type { NewOrderParams, SimExchange } from '@aurora/exchange-sim';
import { simFailure } from './sim-failure';

/** REST kline rows (Binance's 12-column arrays) for `symbol`'s last `limit` 1m candles. */
export type KlineRows = (symbol: string, interval: string, limit: number) => unknown[];

export interface SimExchangePortOptions {
  sim: SimExchange;
  apiKey: string;
  /** Where GET /api/v3/klines is answered from; default the simulator's own candle series. */
  klines?: KlineRows;
  /** Runs before every call (the replay brings the venue's prices up to date). */
  beforeCall?: () => void;
  /** Runs after every call with the calls's user events buffered: the venue delivers them. */
  afterCall?: () => void;
}

/** Binance's parameters as strings, the way they would reach the venue in a query string. */
const asStrings = (p: Params): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = String(v);
  return out;
};

const CancelAllSchema = z.array(CanceledOrderSchema);
const QueriedOrdersSchema = z.array(QueriedOrderSchema);
const MyTradesSchema = z.array(MyTradeSchema);
const KlineRowsSchema = z.array(KlineRowSchema);

/**
 * core's ExchangePort over the simulator's matching engine, in-process: the same order
 * parameters the live REST client builds go in, the simulator's Binance JSON comes out and is
 * read by the live client's own schemas and mappers, and every refusal becomes the live
 * client's typed error. Answers are promises that settle as microtasks: no timer, no socket.
 */
export class SimExchangePort implements ExchangePort {
  private readonly sim: SimExchange;
  private readonly apiKey: string;

  constructor(private readonly opts: SimExchangePortOptions) {
    this.sim = opts.sim;
    this.apiKey = opts.apiKey;
  }

  placeOrder(req: PlaceOrderRequest): Promise<ExchangeOrder> {
    return this.call('POST /api/v3/order', true, () => {
      const params = asStrings(buildOrderParams(req)) as NewOrderParams;
      return orderFromPlacement(PlacedOrderSchema.parse(this.sim.placeOrder(this.apiKey, params)));
    });
  }

  cancelOrder(ref: OrderRef): Promise<ExchangeOrder> {
    return this.call('DELETE /api/v3/order', true, () => {
      const p = asStrings(orderRefParams(ref));
      const json = this.sim.cancelOrder(this.apiKey, ref.symbol, p);
      return orderFromCancel(CanceledOrderSchema.parse(json));
    });
  }

  cancelAllOpenOrders(symbol: string): Promise<ExchangeOrder[]> {
    return this.call('DELETE /api/v3/openOrders', true, () =>
      CancelAllSchema.parse(this.sim.cancelOpenOrders(this.apiKey, symbol)).map(orderFromCancel),
    );
  }

  async getOrder(ref: OrderRef): Promise<ExchangeOrder | null> {
    try {
      return await this.call('GET /api/v3/order', false, () => {
        const p = asStrings(orderRefParams(ref));
        return orderFromQuery(QueriedOrderSchema.parse(this.sim.getOrder(this.apiKey, ref.symbol, p)));
      });
    } catch (err) {
      // As the live client: -2013 is the answer "no such order", not a failure.
      if (isExchangeError(err) && err.code === BinanceCode.NO_SUCH_ORDER) return null;
      throw err;
    }
  }

  getOpenOrders(symbol?: string): Promise<ExchangeOrder[]> {
    return this.call('GET /api/v3/openOrders', false, () =>
      QueriedOrdersSchema.parse(this.sim.openOrders(this.apiKey, symbol)).map(orderFromQuery),
    );
  }

  getAllOrders(symbol: string, opts: { startTime?: number; limit?: number } = {}): Promise<ExchangeOrder[]> {
    return this.call('GET /api/v3/allOrders', false, () =>
      QueriedOrdersSchema.parse(this.sim.allOrders(this.apiKey, symbol, opts)).map(orderFromQuery),
    );
  }

  getMyTrades(
    symbol: string,
    opts: { orderId?: string; fromId?: string; limit?: number } = {},
  ): Promise<ExchangeTrade[]> {
    return this.call('GET /api/v3/myTrades', false, () =>
      MyTradesSchema.parse(this.sim.myTrades(this.apiKey, symbol, opts)).map(tradeFromJson),
    );
  }

  getAccount(): Promise<AccountSnapshot> {
    return this.call('GET /api/v3/account', false, () =>
      accountFromJson(AccountSchema.parse(this.sim.accountInfo(this.apiKey))),
    );
  }

  getExchangeInfo(symbols?: string[]): Promise<SymbolFilters[]> {
    return this.call('GET /api/v3/exchangeInfo', false, () => this.exchangeInfoNow(symbols));
  }

  /** The symbols' rules, read at once (the venue loads them at start). */
  exchangeInfoNow(symbols?: string[]): SymbolFilters[] {
    return exchangeInfoFromJson(ExchangeInfoSchema.parse(this.sim.exchangeInfo(symbols))).symbols;
  }

  getKlines(symbol: string, interval: string, limit: number): Promise<Kline[]> {
    return this.call('GET /api/v3/klines', false, () => {
      const rows = this.opts.klines
        ? this.opts.klines(symbol, interval, limit)
        : this.sim.klines(symbol, interval, { limit });
      const now = this.sim.serverTime();
      return KlineRowsSchema.parse(rows).map((r) => klineFromRow(symbol, interval, r, now));
    });
  }

  getBookTicker(symbol: string): Promise<BookTicker> {
    return this.call('GET /api/v3/ticker/bookTicker', false, () =>
      bookTickerFromJson(BookTickerSchema.parse(this.sim.bookTicker(symbol)), this.sim.serverTime()),
    );
  }

  getServerTime(): Promise<number> {
    return this.call('GET /api/v3/time', false, () => this.sim.serverTime());
  }

  /**
   * One request: the venue is brought up to date, the simulator answers synchronously, and the
   * answer (or the live client's typed error) settles the promise on the microtask queue.
   */
  private call<T>(endpoint: string, mutating: boolean, fn: () => T): Promise<T> {
    this.opts.beforeCall?.();
    try {
      return Promise.resolve(fn());
    } catch (err) {
      return Promise.reject(simFailure(err, { endpoint, mutating }));
    } finally {
      this.opts.afterCall?.();
    }
  }
}
