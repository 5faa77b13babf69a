import type { Decimal } from 'decimal.js';
import type { OrderStatus } from '@aurora/contracts';
import type { Clock } from '../../clock';
import { dec, ZERO } from '../../money/decimal';
import type { SymbolFilters } from '../../money/symbol-filters';
import type { BookTicker, Kline } from '../../market/types';
import { ExchangeRejected, ExchangeRetryable, UnknownExecutionStatus } from '../exchange-errors';
import type {
  AccountSnapshot,
  AssetBalance,
  ExchangeOrder,
  ExchangePort,
  ExchangeTrade,
  OrderFill,
  OrderRef,
  PlaceOrderRequest,
} from '../exchange-port';
import type { ExecutionReport } from '../user-stream-events';

/** What the next placeOrder call does instead of (or on top of) a normal placement. */
export type PlaceFault =
  | { kind: 'reject'; code?: number; message?: string }
  | { kind: 'retryable'; retry?: 'now' | 'after-resync' | 'after-backoff'; retryAfterMs?: number | null }
  /** The order is created, then the response is lost: the caller sees UnknownExecutionStatus. */
  | { kind: 'unknown-accepted' }
  /** The request is lost before the matching engine: no order, UnknownExecutionStatus. */
  | { kind: 'unknown-dropped' };

/** What the next getOrder call does instead of answering. */
export type QueryFault = { kind: 'retryable' } | { kind: 'unknown' };

export interface FakeExchangeOptions {
  clock: Clock;
  filters?: SymbolFilters[];
  /** Last trade price per symbol: MARKET orders fill here, LIMIT orders cross against it. */
  prices?: Record<string, string>;
  /** Taker/maker commission rate charged in the quote asset. Default 0.001. */
  commissionRate?: string;
  /** getOrder does not see an order until this long after its creation (Binance lags after a timeout). */
  queryLagMs?: number;
}

interface StoredOrder {
  order: ExchangeOrder;
  trades: ExchangeTrade[];
}

const OPEN: ReadonlySet<OrderStatus> = new Set(['NEW', 'PARTIALLY_FILLED']);

/**
 * An in-memory venue that behaves like Binance Spot where the execution engine can tell:
 * newClientOrderId must be unique among OPEN orders only (so a blind resend after a fill WOULD
 * create a second order, which is what the tests must catch), FULL responses carry fills,
 * cancels of unknown orders fail with -2011, and getOrder answers null (-2013) for unknown ids.
 * Faults are scripted per call. Execution reports are emitted to listeners as the user stream would.
 */
export class FakeExchange implements ExchangePort {
  readonly placeFaults: PlaceFault[] = [];
  readonly queryFaults: QueryFault[] = [];
  /** Every placeOrder call, in order, with the time it arrived. */
  readonly placeCalls: { req: PlaceOrderRequest; at: number }[] = [];
  readonly cancelCalls: OrderRef[] = [];
  getOrderCalls = 0;
  private readonly orders: StoredOrder[] = [];
  private readonly prices = new Map<string, Decimal>();
  private readonly filters: SymbolFilters[];
  private readonly balances = new Map<string, AssetBalance>();
  private readonly listeners: ((r: ExecutionReport) => void)[] = [];
  /** Reports held back while `holdStream` is on: the user stream lagging the REST answers. */
  private readonly held: ExecutionReport[] = [];
  /** On: execution reports wait until releaseStream(), as when Binance's REST answer comes first. */
  holdStream = false;
  private readonly clock: Clock;
  private readonly commissionRate: Decimal;
  private readonly queryLagMs: number;
  private nextOrderId = 1000;
  private nextTradeId = 5000;
  private nextExecutionId = 1;

  constructor(opts: FakeExchangeOptions) {
    this.clock = opts.clock;
    this.filters = opts.filters ?? [];
    this.commissionRate = dec(opts.commissionRate ?? '0.001');
    this.queryLagMs = opts.queryLagMs ?? 0;
    for (const [s, p] of Object.entries(opts.prices ?? {})) this.prices.set(s, dec(p));
  }

  onReport(listener: (r: ExecutionReport) => void): void {
    this.listeners.push(listener);
  }

  /** Deliver the reports held back by `holdStream`, in the order the exchange emitted them. */
  releaseStream(): number {
    const out = this.held.splice(0);
    for (const r of out) for (const l of this.listeners) l(r);
    return out.length;
  }

  setPrice(symbol: string, price: string): void {
    this.prices.set(symbol, dec(price));
  }

  setBalance(asset: string, free: string, locked = '0'): void {
    this.balances.set(asset, { asset, free: dec(free), locked: dec(locked) });
  }

  /** Every order ever created with this clientOrderId (a correct client makes at most one). */
  ordersWithClientId(clientOrderId: string): ExchangeOrder[] {
    return this.orders.filter((o) => o.order.clientOrderId === clientOrderId).map((o) => ({ ...o.order }));
  }

  allOrders(): ExchangeOrder[] {
    return this.orders.map((o) => ({ ...o.order }));
  }

  tradesOf(orderId: string): ExchangeTrade[] {
    return [...(this.find({ symbol: '', orderId })?.trades ?? [])];
  }

  /** Fill part of a resting order (as a maker) at its limit price or the given price. */
  fill(clientOrderId: string, qty: string, price?: string): ExchangeOrder {
    const stored = this.orders.find(
      (o) => o.order.clientOrderId === clientOrderId && OPEN.has(o.order.status),
    );
    if (stored === undefined) throw new Error(`no open order ${clientOrderId}`);
    this.applyFill(stored, dec(qty), price === undefined ? stored.order.price : dec(price), true);
    return { ...stored.order };
  }

  /** Cancel an order behind our client's back (an operator in Binance's UI, say). */
  expire(clientOrderId: string): void {
    const stored = this.orders.find(
      (o) => o.order.clientOrderId === clientOrderId && OPEN.has(o.order.status),
    );
    if (stored === undefined) throw new Error(`no open order ${clientOrderId}`);
    this.setStatus(stored, 'EXPIRED');
    this.emit(stored, 'EXPIRED', null);
  }

  /** Place an order as someone else would (not through our engine): an orphan for the reconciler. */
  placeForeign(req: PlaceOrderRequest): ExchangeOrder {
    return { ...this.create(req).order };
  }

  async placeOrder(req: PlaceOrderRequest): Promise<ExchangeOrder> {
    this.placeCalls.push({ req, at: this.clock.now() });
    const fault = this.placeFaults.shift();
    if (fault?.kind === 'reject')
      throw new ExchangeRejected(fault.message ?? 'Order rejected', fault.code ?? -2010, 400);
    if (fault?.kind === 'retryable')
      throw new ExchangeRetryable(
        'Too many requests',
        -1015,
        429,
        fault.retry ?? 'after-backoff',
        fault.retryAfterMs ?? null,
      );
    if (fault?.kind === 'unknown-dropped')
      throw new UnknownExecutionStatus('Timeout waiting for response', -1007, 408);
    const duplicate = this.orders.some(
      (o) => o.order.clientOrderId === req.clientOrderId && OPEN.has(o.order.status),
    );
    if (duplicate) throw new ExchangeRejected('Duplicate order sent.', -2010, 400);
    const stored = this.create(req);
    if (fault?.kind === 'unknown-accepted')
      throw new UnknownExecutionStatus('Timeout waiting for response', -1007, 408);
    return { ...stored.order, fills: this.fillsOf(stored) };
  }

  async cancelOrder(ref: OrderRef): Promise<ExchangeOrder> {
    this.cancelCalls.push(ref);
    const stored = this.find(ref);
    if (stored === undefined || !OPEN.has(stored.order.status))
      throw new ExchangeRejected('Unknown order sent.', -2011, 400);
    this.setStatus(stored, 'CANCELED');
    this.emit(stored, 'CANCELED', null);
    return { ...stored.order, fills: [] };
  }

  async cancelAllOpenOrders(symbol: string): Promise<ExchangeOrder[]> {
    const open = this.orders.filter((o) => o.order.symbol === symbol && OPEN.has(o.order.status));
    const out: ExchangeOrder[] = [];
    for (const o of open) out.push(await this.cancelOrder({ symbol, orderId: o.order.orderId }));
    return out;
  }

  async getOrder(ref: OrderRef): Promise<ExchangeOrder | null> {
    this.getOrderCalls++;
    const fault = this.queryFaults.shift();
    if (fault?.kind === 'retryable')
      throw new ExchangeRetryable('Too many requests', -1003, 429, 'after-backoff', 10);
    if (fault?.kind === 'unknown') throw new UnknownExecutionStatus('Internal error', null, 503);
    const stored = this.find(ref);
    if (stored === undefined || this.clock.now() < stored.order.time + this.queryLagMs) return null;
    return { ...stored.order, fills: [] };
  }

  async getOpenOrders(symbol?: string): Promise<ExchangeOrder[]> {
    return this.orders
      .filter((o) => OPEN.has(o.order.status) && (symbol === undefined || o.order.symbol === symbol))
      .map((o) => ({ ...o.order, fills: [] }));
  }

  async getAllOrders(symbol: string): Promise<ExchangeOrder[]> {
    return this.orders.filter((o) => o.order.symbol === symbol).map((o) => ({ ...o.order, fills: [] }));
  }

  async getMyTrades(symbol: string, opts?: { orderId?: string }): Promise<ExchangeTrade[]> {
    return this.orders
      .filter(
        (o) => o.order.symbol === symbol && (opts?.orderId === undefined || o.order.orderId === opts.orderId),
      )
      .flatMap((o) => o.trades);
  }

  async getAccount(): Promise<AccountSnapshot> {
    return {
      canTrade: true,
      balances: [...this.balances.values()].map((b) => ({ ...b })),
      updateTime: this.clock.now(),
      commissionRates: { maker: this.commissionRate, taker: this.commissionRate },
    };
  }

  async getExchangeInfo(symbols?: string[]): Promise<SymbolFilters[]> {
    return this.filters.filter((f) => symbols === undefined || symbols.includes(f.symbol));
  }

  async getKlines(_symbol: string, _interval: string, _limit: number): Promise<Kline[]> {
    return [];
  }

  async getBookTicker(symbol: string): Promise<BookTicker> {
    const p = this.prices.get(symbol) ?? ZERO;
    return {
      symbol,
      updateId: 1,
      bidPrice: p,
      bidQty: dec(1),
      askPrice: p,
      askQty: dec(1),
      receivedAt: this.clock.now(),
    };
  }

  async getServerTime(): Promise<number> {
    return this.clock.now();
  }

  private create(req: PlaceOrderRequest): StoredOrder {
    const now = this.clock.now();
    const stored: StoredOrder = {
      order: {
        symbol: req.symbol,
        orderId: String(this.nextOrderId++),
        clientOrderId: req.clientOrderId,
        side: req.side,
        type: req.type,
        timeInForce: req.timeInForce ?? null,
        status: 'NEW',
        price: req.price ?? ZERO,
        stopPrice: req.stopPrice ?? null,
        origQty: req.quantity ?? ZERO,
        executedQty: ZERO,
        cumulativeQuoteQty: ZERO,
        time: now,
        updateTime: now,
        fills: [],
      },
      trades: [],
    };
    this.orders.push(stored);
    this.emit(stored, 'NEW', null);
    this.matchOnArrival(stored);
    return stored;
  }

  private matchOnArrival(stored: StoredOrder): void {
    const o = stored.order;
    const market = this.prices.get(o.symbol);
    if (market === undefined) return;
    const crosses =
      o.type === 'MARKET' ||
      ((o.type === 'LIMIT' || o.type === 'LIMIT_MAKER') &&
        (o.side === 'BUY' ? o.price.gte(market) : o.price.lte(market)));
    if (o.type === 'LIMIT_MAKER' && crosses) {
      this.setStatus(stored, 'EXPIRED');
      this.emit(stored, 'EXPIRED', null);
      return;
    }
    if (crosses) this.applyFill(stored, o.origQty, market, false);
    else if (o.timeInForce === 'IOC' || o.timeInForce === 'FOK') {
      this.setStatus(stored, 'EXPIRED');
      this.emit(stored, 'EXPIRED', null);
    }
  }

  private applyFill(stored: StoredOrder, qty: Decimal, price: Decimal, isMaker: boolean): void {
    const o = stored.order;
    const remaining = o.origQty.minus(o.executedQty);
    const q = qty.gt(remaining) ? remaining : qty;
    const quote = q.times(price);
    const trade: ExchangeTrade = {
      symbol: o.symbol,
      tradeId: String(this.nextTradeId++),
      orderId: o.orderId,
      price,
      qty: q,
      quoteQty: quote,
      commission: quote.times(this.commissionRate),
      commissionAsset: this.quoteAssetOf(o.symbol),
      time: this.clock.now(),
      isBuyer: o.side === 'BUY',
      isMaker,
    };
    stored.trades.push(trade);
    o.executedQty = o.executedQty.plus(q);
    o.cumulativeQuoteQty = o.cumulativeQuoteQty.plus(quote);
    this.setStatus(stored, o.executedQty.gte(o.origQty) ? 'FILLED' : 'PARTIALLY_FILLED');
    this.emit(stored, 'TRADE', trade);
  }

  private fillsOf(stored: StoredOrder): OrderFill[] {
    return stored.trades.map((t) => ({
      tradeId: t.tradeId,
      price: t.price,
      qty: t.qty,
      commission: t.commission,
      commissionAsset: t.commissionAsset,
    }));
  }

  private setStatus(stored: StoredOrder, status: OrderStatus): void {
    stored.order.status = status;
    stored.order.updateTime = this.clock.now();
  }

  private find(ref: OrderRef): StoredOrder | undefined {
    // Latest first: with a reused clientOrderId Binance answers for the most recent order.
    for (let i = this.orders.length - 1; i >= 0; i--) {
      const o = this.orders[i];
      if (o === undefined) continue;
      if ('orderId' in ref ? o.order.orderId === ref.orderId : o.order.clientOrderId === ref.clientOrderId)
        return o;
    }
    return undefined;
  }

  private quoteAssetOf(symbol: string): string {
    const f = this.filters.find((x) => x.symbol === symbol);
    if (f !== undefined) return f.quoteAsset;
    return symbol.endsWith('USDT') ? 'USDT' : symbol.slice(-3);
  }

  private emit(
    stored: StoredOrder,
    executionType: ExecutionReport['executionType'],
    trade: ExchangeTrade | null,
  ): void {
    if (this.listeners.length === 0) return;
    const o = stored.order;
    const report: ExecutionReport = {
      kind: 'executionReport',
      eventTime: this.clock.now(),
      transactTime: this.clock.now(),
      symbol: o.symbol,
      clientOrderId: executionType === 'CANCELED' ? `cancel-${o.orderId}` : o.clientOrderId,
      origClientOrderId: executionType === 'CANCELED' ? o.clientOrderId : null,
      orderId: o.orderId,
      side: o.side,
      orderType: o.type,
      timeInForce: o.timeInForce,
      executionType,
      orderStatus: o.status,
      rejectReason: null,
      price: o.price,
      stopPrice: o.stopPrice ?? ZERO,
      origQty: o.origQty,
      lastQty: trade?.qty ?? ZERO,
      lastPrice: trade?.price ?? ZERO,
      cumQty: o.executedQty,
      cumQuote: o.cumulativeQuoteQty,
      commission: trade?.commission ?? ZERO,
      commissionAsset: trade?.commissionAsset ?? null,
      tradeId: trade?.tradeId ?? null,
      executionId: String(this.nextExecutionId++),
      isMaker: trade?.isMaker ?? false,
    };
    if (this.holdStream) this.held.push(report);
    else for (const l of this.listeners) l(report);
  }
}
