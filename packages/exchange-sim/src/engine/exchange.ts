import { Dec } from '@aurora/core';
import { ApiErrors } from '../errors';
import { SimAccount } from './account';
import { allOrdersJson, commissionRatesJson, myTradesJson, testOrderCommissionJson } from './account-queries';
import { bestQuotes, DEFAULT_BOOK, meanBestLevelQty, type BookConfig } from './book';
import type { CommissionRates } from './commission';
import { Outbox, type MarketEventListener, type UserEventListener } from './events';
import { exchangeInfoJson, fx8, type RateLimitSpec, type SymbolStatus } from './exchange-info';
import { createFeed, openMarkets, type SimFeedConfig } from './exchange-setup';
import { isSupportedInterval, klineRowJson, klineStreamJson } from './klines';
import type { SymbolMarket } from './market';
import { crossResting, syntheticFlow, upstreamFlow } from './market-flow';
import * as mj from './market-json';
import { OrderEngine, type OrderIdScope } from './order-engine';
import { accountJson, balanceUpdateJson, cancelOrderJson, newOrderJson, queryOrderJson } from './order-json';
import type { NewOrderParams } from './order-request';
import { intParam } from './params';
import { MirrorFeed, type MirrorMode } from './feeds/mirror-feed';
import type { PriceFeed } from './feeds/price-feed';
import { publishAccounts, publishMarket } from './publication';
import { SeededRandom } from './rng';

export type { SimFeedConfig, MirrorMode };

/** One trade of the real market a mirror follows (already parsed from the upstream's JSON). */
export interface UpstreamTrade {
  symbol: string;
  price: Dec;
  qty: Dec;
  /** Binance's `m`: true when the buyer was the maker, i.e. a seller took liquidity. */
  buyerIsMaker: boolean;
}

export interface SimExchangeOptions {
  seed?: number;
  symbols?: string[];
  clock?: { now(): number };
  feed?: SimFeedConfig;
  /** 1m candles generated before "now" so clients can warm up (default 500). */
  historyCandles?: number;
  /** Maker and taker commission rate (default '0.001'). */
  commissionRate?: string;
  /** Override one side of the commission (a VIP tier or a backtest's fee model); default commissionRate. */
  makerCommissionRate?: string;
  takerCommissionRate?: string;
  book?: Partial<BookConfig>;
  /** Order ids: one venue-wide counter (default) or per symbol, as Binance counts them. */
  orderIdScope?: OrderIdScope;
}

export interface CreateAccountOptions {
  balances?: Record<string, string>;
  apiKey?: string;
  apiSecret?: string;
  /** Pay commissions in BNB at Binance's 25 % discount when the BNB balance allows. */
  bnbBurn?: boolean;
}

export const DEFAULT_BALANCES: Record<string, string> = { USDT: '10000', BTC: '0.1', ETH: '1', BNB: '5' };

export const DEFAULT_RATE_LIMITS: RateLimitSpec[] = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
  { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
  { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 300000 },
];

/** Accounts are cheap but not free: a runaway test cannot grow the venue without bound. */
const MAX_ACCOUNTS = 10_000;

type Ref = { orderId?: string | number; origClientOrderId?: string };
const str = (v: string | number | undefined): string | undefined => (v === undefined ? undefined : String(v));

/**
 * The simulated venue as a library: deterministic given seed and clock, speaking Binance JSON.
 * Backtests drive it directly (`step()` after advancing their clock by `tickMs`); the server is
 * a thin protocol layer over it. Order operations throw SimApiError with Binance's code and msg.
 */
export class SimExchange {
  readonly tickMs: number;
  readonly symbols: string[];
  rateLimits: RateLimitSpec[] = DEFAULT_RATE_LIMITS;
  listenerErrors = 0;
  private readonly clock: { now(): number };
  private readonly markets: Map<string, SymbolMarket>;
  private readonly accountsByKey = new Map<string, SimAccount>();
  private readonly accountsByUid = new Map<number, SimAccount>();
  private readonly feed: PriceFeed;
  private readonly engine: OrderEngine;
  private readonly commission: CommissionRates;
  private readonly bookCfg: BookConfig;
  private readonly bookRng: SeededRandom;
  private readonly flowRng: SeededRandom;
  private readonly keyRng: SeededRandom;
  private readonly userListeners = new Set<UserEventListener>();
  private readonly marketListeners = new Set<MarketEventListener>();
  private paused = false;
  private uidSeq = 354_937_000;
  /** The mirror feed, when this market follows a real one; symbols that had a real price yet. */
  private readonly mirror: MirrorFeed | null;
  private readonly mirrorPriced = new Set<string>();
  /** The best level's mean size per symbol, as quoted while a replayed price is pending. */
  private readonly meanQtyText = new Map<string, string>();

  constructor(opts: SimExchangeOptions = {}) {
    const seed = opts.seed ?? 42;
    this.clock = opts.clock ?? { now: () => Date.now() };
    const root = new SeededRandom(seed, 'root');
    const feedRng = root.fork('feed');
    this.bookRng = root.fork('book');
    this.flowRng = root.fork('flow');
    this.keyRng = root.fork('keys');
    const rate = opts.commissionRate ?? '0.001';
    this.commission = {
      maker: new Dec(opts.makerCommissionRate ?? rate),
      taker: new Dec(opts.takerCommissionRate ?? rate),
    };
    this.bookCfg = { ...DEFAULT_BOOK, ...opts.book };
    const feedCfg = opts.feed ?? { kind: 'synthetic' };
    this.tickMs = feedCfg.tickMs ?? 1000;

    const { feed, specs } = createFeed(feedCfg, opts.symbols, feedRng);
    this.feed = feed;
    this.symbols = specs.map((s) => s.symbol);
    this.markets = openMarkets({
      feed,
      specs,
      historyCandles: Math.max(0, opts.historyCandles ?? 500),
      now: this.clock.now(),
      book: this.bookCfg,
      rng: this.bookRng,
    });
    this.engine = new OrderEngine({
      now: () => this.clock.now(),
      market: (s) => this.market(s),
      findMarket: (s) => (this.markets.has(s) ? this.market(s) : undefined),
      accountByUid: (uid) => this.accountsByUid.get(uid)!,
      commission: () => this.commission,
      idRng: root.fork('ids'),
    });
    this.engine.orderIdScope = opts.orderIdScope ?? 'global';
    this.mirror = feed instanceof MirrorFeed ? feed : null;
    // A mirror knows no price before the real market's first trade: until then nothing may
    // trade at the catalogue's made-up start price.
    if (this.mirror) for (const m of this.markets.values()) m.status = 'BREAK';
  }

  /** Trade ids are always per symbol; order ids follow this scope (switchable at any time). */
  get orderIdScope(): OrderIdScope {
    return this.engine.orderIdScope;
  }

  setOrderIdScope(scope: OrderIdScope): void {
    this.engine.orderIdScope = scope;
  }

  // ---- events -------------------------------------------------------------------------------

  onUserEvent(listener: UserEventListener): () => void {
    this.userListeners.add(listener);
    return () => this.userListeners.delete(listener);
  }

  onMarketEvent(listener: MarketEventListener): () => void {
    this.marketListeners.add(listener);
    return () => this.marketListeners.delete(listener);
  }

  // ---- accounts -----------------------------------------------------------------------------

  createAccount(opts: CreateAccountOptions = {}): { uid: number; apiKey: string; apiSecret: string } {
    const apiKey = opts.apiKey ?? this.keyRng.alphanumeric(64);
    const apiSecret = opts.apiSecret ?? this.keyRng.alphanumeric(64);
    if (this.accountsByKey.has(apiKey)) throw new Error('API key already in use');
    if (this.accountsByKey.size >= MAX_ACCOUNTS) throw new Error(`at most ${MAX_ACCOUNTS} accounts`);
    const balances = opts.balances ?? DEFAULT_BALANCES;
    const account = new SimAccount(++this.uidSeq, apiKey, apiSecret, opts.bnbBurn ?? false);
    const now = this.clock.now();
    for (const [asset, amount] of Object.entries(balances)) {
      if (!/^[0-9]{1,20}(\.[0-9]{1,20})?$/.test(amount))
        throw new Error(`bad balance for ${asset}: ${amount}`);
      account.credit(asset, new Dec(amount), now);
    }
    account.changed.clear();
    this.accountsByKey.set(apiKey, account);
    this.accountsByUid.set(account.uid, account);
    return { uid: account.uid, apiKey, apiSecret };
  }

  /** The account behind an API key, or undefined (the server answers -2015). */
  findAccount(apiKey: string): SimAccount | undefined {
    return this.accountsByKey.get(apiKey);
  }

  /** Deposit (positive) or withdrawal (negative): emits balanceUpdate + outboundAccountPosition. */
  fund(apiKey: string, asset: string, amount: string): void {
    const account = this.accountOf(apiKey);
    if (!/^-?[0-9]{1,20}(\.[0-9]{1,20})?$/.test(amount) || !/^[A-Z0-9]{1,20}$/.test(asset)) {
      throw ApiErrors.invalidParam('amount');
    }
    const delta = new Dec(amount);
    const now = this.clock.now();
    this.operate((out) => {
      if (delta.lt(0)) account.debitFree(asset, delta.neg(), now);
      else account.credit(asset, delta, now);
      out.userEvent(account, balanceUpdateJson(asset, delta, now));
    });
  }

  setBnbBurn(apiKey: string, enabled: boolean): void {
    this.accountOf(apiKey).bnbBurn = enabled;
  }

  // ---- trading (Binance JSON in and out) ------------------------------------------------------

  placeOrder(apiKey: string, params: NewOrderParams) {
    const account = this.accountOf(apiKey);
    return this.operate((out) => {
      const p = this.engine.place(account, params, out);
      return newOrderJson(p.order, p.respType, p.transactTime, p.fills);
    });
  }

  /** POST /api/v3/order/test: every check of a real placement, nothing placed. */
  testOrder(apiKey: string, params: NewOrderParams, computeCommissionRates = false) {
    const account = this.accountOf(apiKey);
    this.engine.admit(account, params);
    return computeCommissionRates ? testOrderCommissionJson(account, this.commission) : {};
  }

  cancelOrder(
    apiKey: string,
    symbol: string,
    ref: Ref & { newClientOrderId?: string; cancelRestrictions?: string },
  ) {
    const account = this.accountOf(apiKey);
    return this.operate((out) => {
      const r = this.engine.cancel(account, symbol, { ...ref, orderId: str(ref.orderId) }, out);
      return cancelOrderJson(r.order, r.cancelClientOrderId, r.transactTime);
    });
  }

  cancelOpenOrders(apiKey: string, symbol: string) {
    const account = this.accountOf(apiKey);
    this.market(symbol);
    const open = account.openOrders(symbol);
    if (open.length === 0) throw ApiErrors.unknownOrderOnCancel();
    return this.operate((out) =>
      open.map((o) => {
        const r = this.engine.cancel(account, symbol, { orderId: String(o.orderId) }, out);
        return cancelOrderJson(r.order, r.cancelClientOrderId, r.transactTime);
      }),
    );
  }

  getOrder(apiKey: string, symbol: string, ref: Ref) {
    const account = this.accountOf(apiKey);
    this.market(symbol);
    return queryOrderJson(this.engine.resolve(account, symbol, { ...ref, orderId: str(ref.orderId) }, false));
  }

  openOrders(apiKey: string, symbol?: string) {
    if (symbol !== undefined) this.market(symbol);
    return this.accountOf(apiKey).openOrders(symbol).map(queryOrderJson);
  }

  allOrders(apiKey: string, symbol: string, q: Parameters<typeof allOrdersJson>[2] = {}) {
    const account = this.accountOf(apiKey);
    this.market(symbol);
    return allOrdersJson(account, symbol, q);
  }

  myTrades(apiKey: string, symbol: string, q: Parameters<typeof myTradesJson>[2] = {}) {
    const account = this.accountOf(apiKey);
    this.market(symbol);
    return myTradesJson(account, symbol, q);
  }

  accountInfo(apiKey: string, opts: { omitZeroBalances?: boolean } = {}) {
    const assets = new Set<string>();
    for (const m of this.markets.values()) assets.add(m.spec.baseAsset).add(m.spec.quoteAsset);
    return accountJson(this.accountOf(apiKey), this.commission, assets, opts.omitZeroBalances ?? false);
  }

  commissionRates(apiKey: string, symbol: string) {
    const account = this.accountOf(apiKey);
    this.market(symbol);
    return commissionRatesJson(account, symbol, this.commission);
  }

  // The brief's short names for the same operations.
  cancel(...args: Parameters<SimExchange['cancelOrder']>) {
    return this.cancelOrder(...args);
  }

  account(...args: Parameters<SimExchange['accountInfo']>) {
    return this.accountInfo(...args);
  }

  trades(...args: Parameters<SimExchange['myTrades']>) {
    return this.myTrades(...args);
  }

  // ---- market data ----------------------------------------------------------------------------

  exchangeInfo(symbols?: string[]) {
    const markets = (symbols ?? this.symbols).map((s) => this.market(s));
    return exchangeInfoJson(
      markets.map((m) => ({ spec: m.spec, status: m.status })),
      this.clock.now(),
      this.rateLimits,
    );
  }

  symbolStatus(symbol: string): SymbolStatus {
    return this.market(symbol).status;
  }

  /**
   * HALT (emergency: prices still move), BREAK (planned: no market data, the price holds until
   * trading resumes), CANCEL_ONLY: new orders get -2010 "Market is closed.", cancels work,
   * resting orders do not fill and stops do not trigger until the symbol is TRADING again.
   */
  setSymbolStatus(symbol: string, status: SymbolStatus): void {
    this.market(symbol).status = status;
  }

  /**
   * When set, GET klines is answered from here (a replay of recorded candles drives this venue
   * and owns its history); otherwise from the market's own candles.
   */
  klineSource: ((symbol: string, interval: string, limit: number) => unknown[][]) | null = null;

  klines(
    symbol: string,
    interval: string,
    q: { startTime?: string | number; endTime?: string | number; limit?: string | number } = {},
  ) {
    const market = this.market(symbol);
    if (!isSupportedInterval(interval)) throw ApiErrors.badInterval();
    if (this.klineSource)
      return this.klineSource(symbol, interval, intParam('limit', q.limit, { default: 500, min: 1, max: 1000 })!);
    return market.klines
      .query(interval, {
        startTime: intParam('startTime', q.startTime),
        endTime: intParam('endTime', q.endTime),
        limit: intParam('limit', q.limit, { default: 500, min: 1, max: 1000 })!,
      })
      .map(klineRowJson);
  }

  /**
   * The open candle of `interval` as a kline stream payload (for kline streams other than 1m);
   * `offsetMs` puts the buckets in another time zone (`@kline_<i>@+08:00`).
   */
  klineEvent(symbol: string, interval: string, offsetMs = 0) {
    const c = this.market(symbol).klines.currentOf(interval, offsetMs);
    return c ? klineStreamJson(symbol, interval, c, this.clock.now(), false) : null;
  }

  /**
   * When the 1m candle closing at `minuteCloseTime` also closes a bucket of `interval`, that
   * bucket as a closed (x = true) kline stream payload; otherwise null.
   */
  closedKlineEvent(symbol: string, interval: string, minuteCloseTime: number, offsetMs = 0) {
    const c = this.market(symbol).klines.closedOf(interval, minuteCloseTime, offsetMs);
    return c ? klineStreamJson(symbol, interval, c, this.clock.now(), true) : null;
  }

  depth(symbol: string, limit?: string | number) {
    return mj.depthJson(this.market(symbol), intParam('limit', limit, { default: 100, min: 1, max: 5000 })!);
  }

  recentTrades(symbol: string, limit?: string | number) {
    return mj.recentTradesJson(
      this.market(symbol),
      intParam('limit', limit, { default: 500, min: 1, max: 1000 })!,
    );
  }

  aggTrades(symbol: string, q: { fromId?: string | number; limit?: string | number } = {}) {
    const limit = intParam('limit', q.limit, { default: 500, min: 1, max: 1000 })!;
    return mj.aggTradesJson(this.market(symbol), limit, intParam('fromId', q.fromId));
  }

  avgPrice(symbol: string) {
    return mj.avgPriceJson(this.market(symbol));
  }

  bookTicker(symbol: string) {
    return mj.bookTickerJson(this.market(symbol));
  }

  tickerPrice(symbol: string) {
    return mj.tickerPriceJson(this.market(symbol));
  }

  ticker24hr(symbol: string) {
    return mj.ticker24hrJson(this.market(symbol), this.clock.now());
  }

  /** Rolling-window statistics over the last `windowMinutes` (the `@ticker_<window>` streams). */
  rollingWindowTicker(symbol: string, windowMinutes: number) {
    return mj.rollingWindowJson(this.market(symbol), this.clock.now(), windowMinutes);
  }

  /** The closed 1s candle opening at `openTime` as a kline stream payload (`@kline_1s`). */
  secondKlineEvent(symbol: string, openTime: number) {
    return klineStreamJson(
      symbol,
      '1s',
      mj.secondCandle(this.market(symbol), openTime),
      this.clock.now(),
      true,
    );
  }

  serverTime(): number {
    return this.clock.now();
  }

  get regime(): string {
    return this.feed.regime;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Paused: prices hold still, but candles keep closing on time (flat) when `tick()` runs. */
  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  // ---- time --------------------------------------------------------------------------------------

  /** The server's timer: a feed step, or only the passage of time while paused. */
  tick(): void {
    if (!this.paused) return this.step();
    // Still publish every symbol's open candle, as Binance's kline streams do without trades.
    this.operate((out) => {
      for (const m of this.markets.values()) out.markets.add(m);
    });
  }

  /** Advances the feed by `count` ticks of `tickMs` (even while paused: manual stepping). */
  step(count = 1): void {
    for (let i = 0; i < count; i++) {
      this.operate((out) => {
        const now = this.clock.now();
        for (const [symbol, tick] of this.feed.advance(this.tickMs)) {
          const market = this.markets.get(symbol)!;
          market.roll(now);
          if (market.status === 'BREAK') continue;
          market.setMid(this.toPrice(market, tick.price), this.bookRng);
          if (market.status !== 'TRADING') continue;
          crossResting(this.engine, market, out);
          syntheticFlow(this.engine, market, tick.volume, this.flowRng, out, now);
          this.engine.processTriggers(market, out);
        }
      });
    }
  }

  /** Moves a symbol to `price` at once (admin): one trade prints there, stops and books react. */
  onPrice(symbol: string, price: string): void {
    const market = this.market(symbol);
    if (!/^[0-9]{1,20}(\.[0-9]{1,20})?$/.test(price) || new Dec(price).lte(0))
      throw ApiErrors.invalidParam('price');
    this.movePrice(market, new Dec(price));
  }

  /**
   * A replayed price point (a backtest's intra-candle path): what `onPrice` does — the book
   * re-centres on `price`, one trade of one step prints there, resting orders the book now
   * crosses fill as makers, stops run — for a price already held as a Decimal. While no order
   * rests or waits on the symbol nothing can react, so the move is only noted, and the latest
   * one applied the moment anything reads or trades the symbol (see `market()`): a replay of
   * idle minutes costs no book rebuilds. The moves skipped print no trade and draw no sizes.
   */
  replayPrice(symbol: string, price: Dec): void {
    const market = this.markets.get(symbol);
    if (!market) throw ApiErrors.badSymbol();
    if (!price.gt(0)) throw ApiErrors.invalidParam('price');
    if (!this.hasWorking(market)) {
      market.pendingMid = price;
      market.updateId++;
      return;
    }
    market.pendingMid = null;
    this.movePrice(market, price);
  }

  /** Whether any account has a resting order or an untriggered stop on the symbol. */
  hasWorkingOrders(symbol: string): boolean {
    const m = this.markets.get(symbol);
    if (!m) throw ApiErrors.badSymbol();
    return this.hasWorking(m);
  }

  /**
   * The symbol's best bid/ask as a `@bookTicker` stream payload, as the server would push it.
   * With a replayed price pending, the quote is the book's rule around it (bestQuotes) and the
   * size the best level's mean size, without rebuilding the book.
   */
  bookTickerEvent(symbol: string) {
    const m = this.markets.get(symbol);
    if (!m) throw ApiErrors.badSymbol();
    if (m.pendingMid === null) return mj.bookTickerStreamJson(m);
    const mid = m.pendingMid.toNearest(m.spec.tickSize, Dec.ROUND_HALF_UP);
    const { bestBid, bestAsk } = bestQuotes(mid, m.spec, this.bookCfg);
    let qty = this.meanQtyText.get(symbol);
    if (qty === undefined) this.meanQtyText.set(symbol, (qty = fx8(meanBestLevelQty(m.spec, this.bookCfg))));
    return { u: m.updateId, s: symbol, b: fx8(bestBid), B: qty, a: fx8(bestAsk), A: qty };
  }

  private hasWorking(m: SymbolMarket): boolean {
    return m.restingBids.length > 0 || m.restingAsks.length > 0 || m.stops.length > 0;
  }

  private movePrice(market: SymbolMarket, price: Dec): void {
    const symbol = market.spec.symbol;
    const target = price.toNearest(market.spec.tickSize, Dec.ROUND_HALF_UP);
    this.operate((out) => {
      const now = this.clock.now();
      const rising = target.gte(market.lastPrice);
      this.feed.setPrice(symbol, target.toNumber());
      market.roll(now);
      market.setMid(target, this.bookRng);
      // Not trading: the quote moves, but nothing prints, matches or triggers.
      if (market.status !== 'TRADING') return;
      crossResting(this.engine, market, out);
      const trade = market.recordTrade(target, market.spec.stepSize, rising, now);
      this.engine.publishTrade(market, trade.id, target, trade.qty, now, !rising, out);
      this.engine.processTriggers(market, out);
    });
  }

  // ---- mirror ------------------------------------------------------------------------------------

  /** The mirror's mode (null when the feed is not a mirror). */
  get mirrorMode(): MirrorMode | null {
    return this.mirror?.mode ?? null;
  }

  /**
   * Real trades, in upstream order, applied in one publication. Each re-centres the book on the
   * real price, fills the resting orders the market now crosses or the print trades through, and
   * runs the stops. Returns how many were applied: none unless the mirror is mirroring, and
   * never one for a symbol this venue does not list.
   */
  mirrorTrades(trades: readonly UpstreamTrade[]): number {
    if (!this.mirror || this.mirror.mode !== 'mirroring') return 0;
    let applied = 0;
    this.operate((out) => {
      const now = this.clock.now();
      for (const t of trades) {
        const market = this.markets.get(t.symbol);
        if (!market || !(t.price.gt(0) && t.qty.gt(0))) continue;
        applied++;
        const price = Dec.max(market.spec.tickSize, t.price.toNearest(market.spec.tickSize, Dec.ROUND_HALF_UP));
        const qty = Dec.max(market.spec.stepSize, t.qty.toNearest(market.spec.stepSize, Dec.ROUND_DOWN));
        this.feed.setPrice(t.symbol, price.toNumber());
        market.roll(now);
        if (!this.mirrorPriced.has(t.symbol)) {
          this.mirrorPriced.add(t.symbol);
          if (market.status === 'BREAK') market.status = 'TRADING';
        }
        market.setMid(price, this.bookRng);
        if (market.status !== 'TRADING') continue;
        crossResting(this.engine, market, out);
        upstreamFlow(this.engine, market, { price, qty, takerIsBuyer: !t.buyerIsMaker }, out, now);
        this.engine.processTriggers(market, out);
      }
    });
    return applied;
  }

  /**
   * Upstream lost or back (the server's upstream client decides): halted puts every symbol in
   * BREAK (orders refused with "Market is closed.", nothing fills); synthetic runs the model on
   * from the last real prices; mirroring waits for real trades again (a symbol that never had
   * one stays in BREAK).
   */
  setMirrorMode(mode: MirrorMode): void {
    if (!this.mirror) throw new Error('setMirrorMode: this venue does not mirror a market');
    this.mirror.setMode(mode);
    this.operate((out) => {
      for (const [symbol, m] of this.markets) {
        if (mode === 'halted') m.status = 'BREAK';
        else if (mode === 'synthetic') m.status = 'TRADING';
        else m.status = this.mirrorPriced.has(symbol) ? 'TRADING' : 'BREAK';
        out.markets.add(m);
      }
    });
  }

  // ---- internals ---------------------------------------------------------------------------------

  private market(symbol: string): SymbolMarket {
    const m = this.markets.get(symbol);
    if (!m) throw ApiErrors.badSymbol();
    if (m.pendingMid !== null) {
      const price = m.pendingMid;
      m.pendingMid = null;
      this.movePrice(m, price);
    }
    return m;
  }

  private accountOf(apiKey: string): SimAccount {
    const a = this.accountsByKey.get(apiKey);
    if (!a) throw ApiErrors.rejectedApiKey();
    return a;
  }

  private toPrice(market: SymbolMarket, price: number): Dec {
    const p = new Dec(price.toPrecision(15)).toNearest(market.spec.tickSize, Dec.ROUND_HALF_UP);
    return p.gt(0) ? p : market.spec.tickSize;
  }

  /**
   * Runs one operation and delivers its events: user events in order, one
   * outboundAccountPosition per touched account, then book and candle publications.
   */
  private operate<T>(fn: (out: Outbox) => T): T {
    const out = new Outbox(this.marketListeners.size > 0);
    let result: T;
    try {
      result = fn(out);
    } finally {
      this.finish(out);
    }
    return result;
  }

  private finish(out: Outbox): void {
    const now = this.clock.now();
    publishAccounts(out.accounts, out, now);
    for (const market of this.markets.values()) {
      market.roll(now);
      publishMarket(market, out, now);
    }
    for (const e of out.user) this.deliver(this.userListeners, e);
    for (const e of out.market) this.deliver(this.marketListeners, e);
  }

  private deliver<E>(listeners: Set<(e: E) => void>, e: E): void {
    for (const l of listeners) {
      try {
        l(e);
      } catch {
        // A faulty subscriber must not break the venue; counted for diagnostics.
        this.listenerErrors++;
      }
    }
  }
}
