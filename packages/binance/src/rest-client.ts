import { z } from 'zod';
import {
  Dec,
  isExchangeError,
  type AccountSnapshot,
  type BookTicker,
  type ExchangeOrder,
  type ExchangeTrade,
  type Kline,
  type OrderRef,
  type PlaceOrderRequest,
} from '@aurora/core';
import type { Decimal } from 'decimal.js';
import { BinanceCode, silentLogger, type Logger } from './errors';
import { exchangeInfoFromJson, type ExchangeInfo } from './exchange-info';
import { HttpTransport, type Credentials, type RequestSpec } from './http-transport';
import { buildOrderParams, orderRefParams } from './order-params';
import { RateLimiter } from './rate-limiter';
import {
  accountFromJson,
  bookTickerFromJson,
  klineFromRow,
  orderFromCancel,
  orderFromPlacement,
  orderFromQuery,
  tradeFromJson,
} from './rest-mappers';
import {
  AccountSchema,
  BookTickerSchema,
  CancelAllEntrySchema,
  CanceledOrderSchema,
  DepthSchema,
  ExchangeInfoSchema,
  KlineRowSchema,
  ListenKeySchema,
  MyTradeSchema,
  PlacedOrderSchema,
  QueriedOrderSchema,
  ServerTimeSchema,
} from './rest-schemas';
import { checkRecvWindow, DEFAULT_RECV_WINDOW_MS } from './signing';
import { TimeSync, type IntervalScheduler, type TimeSyncState } from './time-sync';
import { assertVenueAllowed, type Venue } from './venue';

export interface RestClientOptions {
  venue: Venue;
  credentials?: Credentials;
  /** Default 5000, max 60000. */
  recvWindowMs?: number;
  /** Per-request timeout. Default 10 s: Binance's own backend timeout (-1007) is 10 s. */
  timeoutMs?: number;
  logger?: Logger;
  now?: () => number;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Shares of the declared per-minute weight limit (RuntimeConfig.rate_limit). */
  warnFraction?: number;
  delayFraction?: number;
  /** Fraction of the declared REQUEST_WEIGHT limit this bot may use (AURORA_REQUEST_WEIGHT_SHARE). */
  weightShare?: number;
  timeSyncIntervalMs?: number;
  scheduler?: IntervalScheduler;
}

export interface DepthSnapshot {
  lastUpdateId: number;
  bids: { price: Decimal; qty: Decimal }[];
  asks: { price: Decimal; qty: Decimal }[];
}

const Empty = z.object({});
const level = ([price, qty]: [string, string]) => ({ price: new Dec(price), qty: new Dec(qty) });

/**
 * Binance Spot REST, typed. Every answer is parsed with zod into core types (Decimal for money);
 * every failure is one of core's three error families. Order-changing calls are `mutating`, so a
 * timeout or 5xx on them surfaces as UnknownExecutionStatus and is never silently retried.
 */
export class BinanceRestClient {
  readonly rateLimiter: RateLimiter;
  readonly timeSync: TimeSync;
  readonly venue: Venue;
  private readonly http: HttpTransport;
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(opts: RestClientOptions) {
    assertVenueAllowed(opts.venue);
    this.venue = opts.venue;
    this.now = opts.now ?? Date.now;
    this.log = opts.logger ?? silentLogger;
    const recvWindowMs = checkRecvWindow(opts.recvWindowMs ?? DEFAULT_RECV_WINDOW_MS);
    this.timeSync = new TimeSync({
      fetchServerTime: () => this.serverTime(),
      now: this.now,
      intervalMs: opts.timeSyncIntervalMs,
      scheduler: opts.scheduler,
      logger: this.log,
    });
    this.rateLimiter = new RateLimiter({
      // Binance's windows follow its own clock.
      now: () => this.timeSync.serverNow(),
      logger: this.log,
      warnFraction: opts.warnFraction,
      delayFraction: opts.delayFraction,
      weightShare: opts.weightShare,
    });
    this.http = new HttpTransport({
      venue: opts.venue,
      credentials: opts.credentials,
      rateLimiter: this.rateLimiter,
      timeSync: this.timeSync,
      recvWindowMs,
      timeoutMs: opts.timeoutMs ?? 10_000,
      logger: this.log,
      fetchImpl: opts.fetchImpl,
      sleep: opts.sleep,
    });
  }

  /** Measure the clock offset now and keep it fresh (every 5 min by default). */
  start(): Promise<TimeSyncState> {
    return this.timeSync.start();
  }

  stop(): void {
    this.timeSync.stop();
  }

  private req<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<z.infer<S>> {
    return this.http.request(spec, schema);
  }

  async ping(): Promise<void> {
    await this.req({ method: 'GET', path: '/api/v3/ping', security: 'NONE' }, Empty);
  }

  async serverTime(): Promise<number> {
    const r = await this.req({ method: 'GET', path: '/api/v3/time', security: 'NONE' }, ServerTimeSchema);
    return r.serverTime;
  }

  /** Also hands the declared rate limits to the rate limiter. */
  async exchangeInfo(symbols?: readonly string[]): Promise<ExchangeInfo> {
    const params = symbols && symbols.length > 0 ? { symbols: JSON.stringify(symbols) } : {};
    const json = await this.req(
      { method: 'GET', path: '/api/v3/exchangeInfo', params, security: 'NONE' },
      ExchangeInfoSchema,
    );
    const info = exchangeInfoFromJson(json);
    this.rateLimiter.setLimits(info.rateLimits);
    return info;
  }

  async account(): Promise<AccountSnapshot> {
    const json = await this.req(
      { method: 'GET', path: '/api/v3/account', security: 'SIGNED' },
      AccountSchema,
    );
    return accountFromJson(json);
  }

  async placeOrder(order: PlaceOrderRequest): Promise<ExchangeOrder> {
    const params = buildOrderParams(order);
    const json = await this.req(
      {
        method: 'POST',
        path: '/api/v3/order',
        params,
        security: 'SIGNED',
        mutating: true,
        isOrder: true,
        orderLane: order.lane ?? 'ENTRY',
      },
      PlacedOrderSchema,
    );
    return orderFromPlacement(json);
  }

  /** Validates an order with Binance without placing it (POST /api/v3/order/test). */
  async testOrder(order: PlaceOrderRequest): Promise<void> {
    const params = buildOrderParams(order);
    await this.req({ method: 'POST', path: '/api/v3/order/test', params, security: 'SIGNED' }, Empty);
  }

  async cancelOrder(ref: OrderRef): Promise<ExchangeOrder> {
    const json = await this.req(
      {
        method: 'DELETE',
        path: '/api/v3/order',
        params: orderRefParams(ref),
        security: 'SIGNED',
        mutating: true,
      },
      CanceledOrderSchema,
    );
    return orderFromCancel(json);
  }

  /** Order lists are flattened into their member orders' cancel reports. */
  async cancelAllOpenOrders(symbol: string): Promise<ExchangeOrder[]> {
    const json = await this.req(
      {
        method: 'DELETE',
        path: '/api/v3/openOrders',
        params: { symbol },
        security: 'SIGNED',
        mutating: true,
      },
      z.array(CancelAllEntrySchema),
    );
    return json.flatMap((e) =>
      'orderReports' in e ? e.orderReports.map(orderFromCancel) : [orderFromCancel(e)],
    );
  }

  async openOrders(symbol?: string): Promise<ExchangeOrder[]> {
    const json = await this.req(
      { method: 'GET', path: '/api/v3/openOrders', params: { symbol }, security: 'SIGNED' },
      z.array(QueriedOrderSchema),
    );
    return json.map(orderFromQuery);
  }

  /** null when Binance does not know the order (-2013): the answer phantom recovery waits for. */
  async getOrder(ref: OrderRef): Promise<ExchangeOrder | null> {
    try {
      const json = await this.req(
        { method: 'GET', path: '/api/v3/order', params: orderRefParams(ref), security: 'SIGNED' },
        QueriedOrderSchema,
      );
      return orderFromQuery(json);
    } catch (err) {
      if (isExchangeError(err) && err.code === BinanceCode.NO_SUCH_ORDER) return null;
      throw err;
    }
  }

  async allOrders(
    symbol: string,
    opts: { orderId?: string; startTime?: number; endTime?: number; limit?: number } = {},
  ): Promise<ExchangeOrder[]> {
    const json = await this.req(
      { method: 'GET', path: '/api/v3/allOrders', params: { symbol, ...opts }, security: 'SIGNED' },
      z.array(QueriedOrderSchema),
    );
    return json.map(orderFromQuery);
  }

  async myTrades(
    symbol: string,
    opts: { orderId?: string; fromId?: string; startTime?: number; endTime?: number; limit?: number } = {},
  ): Promise<ExchangeTrade[]> {
    const json = await this.req(
      { method: 'GET', path: '/api/v3/myTrades', params: { symbol, ...opts }, security: 'SIGNED' },
      z.array(MyTradeSchema),
    );
    return json.map(tradeFromJson);
  }

  async klines(
    symbol: string,
    interval: string,
    opts: { limit?: number; startTime?: number; endTime?: number } = {},
  ): Promise<Kline[]> {
    const rows = await this.req(
      { method: 'GET', path: '/api/v3/klines', params: { symbol, interval, ...opts }, security: 'NONE' },
      z.array(KlineRowSchema),
    );
    const serverNow = this.timeSync.serverNow();
    return rows.map((r) => klineFromRow(symbol, interval, r, serverNow));
  }

  async bookTicker(symbol: string): Promise<BookTicker> {
    const json = await this.req(
      { method: 'GET', path: '/api/v3/ticker/bookTicker', params: { symbol }, security: 'NONE' },
      BookTickerSchema,
    );
    return bookTickerFromJson(json, this.now());
  }

  async depth(symbol: string, limit = 100): Promise<DepthSnapshot> {
    const json = await this.req(
      { method: 'GET', path: '/api/v3/depth', params: { symbol, limit }, security: 'NONE' },
      DepthSchema,
    );
    return { lastUpdateId: json.lastUpdateId, bids: json.bids.map(level), asks: json.asks.map(level) };
  }

  /**
   * listenKey endpoints: deprecated by Binance (retired on its live venue 2026-02-20, see
   * CHANGELOG) and kept only as the user-stream fallback for venues that still serve them.
   */
  async createListenKey(): Promise<string> {
    const r = await this.req(
      { method: 'POST', path: '/api/v3/userDataStream', security: 'API_KEY' },
      ListenKeySchema,
    );
    return r.listenKey;
  }

  async keepAliveListenKey(listenKey: string): Promise<void> {
    await this.req(
      { method: 'PUT', path: '/api/v3/userDataStream', params: { listenKey }, security: 'API_KEY' },
      Empty,
    );
  }

  async closeListenKey(listenKey: string): Promise<void> {
    await this.req(
      { method: 'DELETE', path: '/api/v3/userDataStream', params: { listenKey }, security: 'API_KEY' },
      Empty,
    );
  }
}
