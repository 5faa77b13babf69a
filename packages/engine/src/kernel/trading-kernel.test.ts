import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultRuntimeConfig, type RuntimeConfig } from '@aurora/contracts';
import {
  Dec,
  StrategyRegistry,
  type AnyStrategy,
  type BookTicker,
  type ExchangeOrder,
  type ExchangePort,
  type Kline,
  type PlaceOrderRequest,
  type SymbolFilters,
  type UserStreamEvent,
} from '@aurora/core';
import { memoryHost } from '../host/memory-host';
import { SeededIds } from '../host/seeded-ids';
import type { KernelDeps } from '../kernel-deps';
import type { MarketEvent, VenuePort } from '../ports/venue-port';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { MemoryStore } from '../store/memory-store';
import { TradingKernel } from './trading-kernel';

/*
 * The kernel as the backtest runs it: a virtual clock, the memory store, a venue whose every
 * answer is a resolved promise. Feeding one closed candle and draining microtasks must complete
 * the trading turn (decision → order → fill → position) with no timer and no wall time.
 */

const SYMBOL = 'BTCUSDT';
const T0 = Date.UTC(2026, 0, 5, 12);
const MINUTE = 60_000;

const FILTERS: SymbolFilters = {
  symbol: SYMBOL,
  status: 'TRADING',
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  baseAssetPrecision: 8,
  quoteAssetPrecision: 8,
  orderTypes: ['LIMIT', 'MARKET', 'STOP_LOSS_LIMIT'],
  priceFilter: { minPrice: new Dec('0.01'), maxPrice: new Dec('1000000'), tickSize: new Dec('0.01') },
  lotSize: { minQty: new Dec('0.00001'), maxQty: new Dec('9000'), stepSize: new Dec('0.00001') },
};

/** A strategy that buys on every closed candle once warm: the turn, not the signal, is under test. */
const alwaysBuy: AnyStrategy = {
  name: 'always-buy',
  description: 'test: proposes a long on every closed candle',
  params: z.object({}).strict(),
  warmupCandles: () => 20,
  create: () => ({
    onCandle: (ctx) => ctx.propose({ side: 'BUY', stopDistance: 200, targetDistance: 400, confidence: 0.95 }),
  }),
};

function kline(openTime: number, close: number, closed = true): Kline {
  const c = new Dec(close);
  return {
    symbol: SYMBOL,
    interval: '1m',
    openTime,
    closeTime: openTime + MINUTE - 1,
    open: c.minus(5),
    high: c.plus(20),
    low: c.minus(20),
    close: c,
    volume: new Dec(10),
    quoteVolume: c.mul(10),
    trades: 50,
    closed,
  };
}

/** An in-process venue: every answer is already there (a resolved promise); MARKET orders fill at the ask. */
class InstantVenue implements VenuePort {
  readonly kind = 'sim' as const;
  readonly description = 'in-process test venue';
  readonly placed: PlaceOrderRequest[] = [];
  private readonly users = new Set<(e: UserStreamEvent) => void>();
  private readonly markets = new Set<(e: MarketEvent) => void>();
  private orderNo = 0;
  private usdt = new Dec(10_000);
  private btc = new Dec(0);
  book: BookTicker;

  constructor(
    private readonly clock: { now(): number },
    private readonly history: Kline[],
  ) {
    const last = history[history.length - 1]!.close;
    this.book = { symbol: SYMBOL, updateId: 1, bidPrice: last.minus('0.5'), bidQty: new Dec(5), askPrice: last.plus('0.5'), askQty: new Dec(5), receivedAt: clock.now() };
  }

  readonly exchange: ExchangePort = {
    placeOrder: async (req) => {
      this.placed.push(req);
      const now = this.clock.now();
      const qty = req.quantity!;
      const price = this.book.askPrice;
      this.usdt = this.usdt.minus(qty.mul(price));
      this.btc = this.btc.plus(qty);
      const order: ExchangeOrder = {
        symbol: req.symbol,
        orderId: String(++this.orderNo),
        clientOrderId: req.clientOrderId,
        side: req.side,
        type: req.type,
        timeInForce: req.timeInForce ?? null,
        status: 'FILLED',
        price: req.price ?? new Dec(0),
        stopPrice: null,
        origQty: qty,
        executedQty: qty,
        cumulativeQuoteQty: qty.mul(price),
        time: now,
        updateTime: now,
        fills: [{ tradeId: `t${this.orderNo}`, price, qty, commission: new Dec(0), commissionAsset: 'USDT' }],
      };
      return order;
    },
    cancelOrder: async () => Promise.reject(new Error('nothing to cancel')),
    cancelAllOpenOrders: async () => [],
    getOrder: async () => null,
    getOpenOrders: async () => [],
    getAllOrders: async () => [],
    getMyTrades: async () => [],
    getAccount: async () => ({
      canTrade: true,
      balances: [
        { asset: 'USDT', free: this.usdt, locked: new Dec(0) },
        { asset: 'BTC', free: this.btc, locked: new Dec(0) },
      ].filter((b) => b.free.gt(0)),
      updateTime: this.clock.now(),
      commissionRates: null,
    }),
    getExchangeInfo: async () => [FILTERS],
    getKlines: async () => this.history,
    getBookTicker: async () => ({ ...this.book, receivedAt: this.clock.now() }),
    getServerTime: async () => this.clock.now(),
  };

  filters(symbol: string) {
    return symbol === SYMBOL ? FILTERS : undefined;
  }
  onUserEvent(l: (e: UserStreamEvent) => void) {
    this.users.add(l);
    return () => this.users.delete(l);
  }
  onMarketEvent(l: (e: MarketEvent) => void) {
    this.markets.add(l);
    return () => this.markets.delete(l);
  }
  emit(e: MarketEvent): void {
    for (const l of this.markets) l(e);
  }
  async start() {}
  async resyncTime() {}
  health() {
    const now = this.clock.now();
    return {
      user_stream_last_event_at: now,
      user_stream_connected: true,
      market_data_last_message_at: now,
      market_stream_connected: true,
      clock_offset_ms: 0,
      last_time_sync_at: now,
      exchange_info_loaded_at: now,
    };
  }
  rateLimits() {
    return { used_weight_1m: 0, weight_limit_1m: 6000, order_count_10s: 0, order_limit_10s: 100, order_count_1d: 0, order_limit_1d: 200_000, rate_limited: false, banned_until: null, retry_after_until: null, delayed_requests: 0, updated_at: null };
  }
  streamStats() {
    return { user: null, market: null };
  }
  async close() {}
}

/** Promise continuations only: no timer, no I/O. */
async function drainMicrotasks(): Promise<void> {
  for (let i = 0; i < 200; i++) await Promise.resolve();
}

function setup(strategy: AnyStrategy = alwaysBuy) {
  const clock = new VirtualScheduler(T0);
  const config: RuntimeConfig = {
    ...defaultRuntimeConfig(),
    trading_mode: 'RUNNING',
    symbols: [SYMBOL],
    strategy: { ...defaultRuntimeConfig().strategy, per_symbol: { [SYMBOL]: { name: strategy.name, params: {} } } },
  };
  const firstOpen = T0 - 100 * MINUTE;
  const history = Array.from({ length: 100 }, (_, i) => kline(firstOpen + i * MINUTE, 50_000 + (i % 7) * 10));
  const venue = new InstantVenue(clock, history);
  const store = new MemoryStore();
  const h = memoryHost(clock, config);
  const { state } = h;
  const noGo = state.noGo;
  const errors = {
    get list() {
      return state.errors.map((e) => `${e.source} ${e.code}: ${e.message}`);
    },
  };
  const deps: KernelDeps = {
    clock,
    scheduler: clock,
    ids: new SeededIds(42),
    store,
    host: h,
    strategies: new StrategyRegistry([strategy]),
  };
  return { clock, venue, store, state, noGo, errors, kernel: new TradingKernel(deps) };
}

describe('TradingKernel on a virtual clock, the memory store and an in-process venue', () => {
  it('start-up reconciles before trading, then one closed candle completes the trading turn', async () => {
    const { clock, venue, store, state, noGo, errors, kernel } = setup();
    await kernel.start(venue, { ephemeral: true });
    expect(errors.list).toEqual([]);
    expect(state.ready).toBe(true);
    expect(noGo.has('STARTUP_RECONCILE')).toBe(false);
    expect(venue.placed).toEqual([]);

    // The candle that just closed, and a fresh book, at the virtual now.
    clock.advanceTo(T0 + MINUTE + 1_000);
    venue.book = { ...venue.book, receivedAt: clock.now() };
    venue.emit({ kind: 'bookTicker', ticker: venue.book });
    venue.emit({ kind: 'kline', kline: kline(T0, 50_030) });
    await drainMicrotasks();

    expect(errors.list).toEqual([]);
    expect(venue.placed).toHaveLength(1);
    expect(venue.placed[0]).toMatchObject({ symbol: SYMBOL, side: 'BUY' });
    const open = kernel.engines.positions.getOpenPositions();
    expect(open).toHaveLength(1);
    expect(open[0]!.status).toBe('Open');
    expect(open[0]!.filledQty.gt(0)).toBe(true);
    // The client order id came from the injected ids, the position and its fill are in the store.
    const seeded = new SeededIds(42);
    const expected = Array.from({ length: 20 }, () => `aur-${seeded.uuid().replaceAll('-', '')}`);
    expect(expected).toContain(venue.placed[0]!.clientOrderId);
    expect(store.positionRecord(open[0]!.id)?.status).toBe('Open');
    expect(store.fillsByPosition(open[0]!.id)).toHaveLength(1);
    // The decision is written after the turn (deferred): on the next advance.
    clock.advanceBy(0);
    expect(store.pageDecisions({ limit: 10, offset: 0 }).items.map((d) => d.final_decision)).toContain('ALLOW');
    kernel.stop();
  });

  it('records a reconcile once when a second call joins the one running', async () => {
    const { venue, store, errors, kernel } = setup();
    await kernel.start(venue, { ephemeral: true });
    const startup = store.lastReconcile();
    const [a, b] = await Promise.all([kernel.reconcile('MANUAL'), kernel.reconcile('INTERVAL')]);
    expect(b).toBe(a);
    expect(errors.list).toEqual([]);
    expect(store.lastReconcile()?.id).toBe(a.id);
    expect(a.id).not.toBe(startup?.id);
    kernel.stop();
  });

  it('replays byte for byte with the same seeded ids', async () => {
    const run = async () => {
      const { clock, venue, store, kernel } = setup();
      await kernel.start(venue, { ephemeral: true });
      for (let i = 0; i < 3; i++) {
        clock.advanceTo(T0 + (i + 1) * MINUTE);
        venue.book = { ...venue.book, receivedAt: clock.now() };
        venue.emit({ kind: 'bookTicker', ticker: venue.book });
        venue.emit({ kind: 'kline', kline: kline(T0 + i * MINUTE, 50_040 + i) });
        await drainMicrotasks();
      }
      clock.advanceBy(0);
      kernel.stop();
      return JSON.stringify({ positions: store.allPositionBodies(), fills: store.fillsSince(0), orders: venue.placed });
    };
    const first = await run();
    expect(first).toContain('BUY');
    expect(await run()).toBe(first);
  });

  it("applies the exit rules a strategy set for its trade, through the kernel's one exit path", async () => {
    // Config: hold up to 240 min. The strategy's trade: 3 min, no trailing stop.
    const quick: AnyStrategy = {
      ...alwaysBuy,
      name: 'quick-exit',
      create: () => ({
        onCandle: (ctx) =>
          ctx.propose({ side: 'BUY', stopDistance: 200, targetDistance: 400, confidence: 0.95, maxHoldingMin: 3, trailingAtrMult: 0 }),
      }),
    };
    const run = async (strategy: AnyStrategy) => {
      const { clock, venue, store, errors, kernel } = setup(strategy);
      await kernel.start(venue, { ephemeral: true });
      clock.advanceTo(T0 + MINUTE + 1_000);
      venue.book = { ...venue.book, receivedAt: clock.now() };
      venue.emit({ kind: 'bookTicker', ticker: venue.book });
      venue.emit({ kind: 'kline', kline: kline(T0, 50_030) });
      await drainMicrotasks();
      clock.advanceBy(0);
      const position = kernel.engines.positions.getOpenPositions()[0]!;
      const decision = store.pageDecisions({ limit: 10, offset: 0, strategy: strategy.name }).items[0];
      // Past the strategy's 3 minutes, far inside the config's 240: a book update evaluates the exits.
      clock.advanceTo(T0 + 5 * MINUTE);
      venue.book = { ...venue.book, receivedAt: clock.now() };
      venue.emit({ kind: 'bookTicker', ticker: venue.book });
      await drainMicrotasks();
      kernel.stop();
      expect(errors.list).toEqual([]);
      return { position, decision, sides: venue.placed.map((o) => o.side), fills: store.fillsByPosition(position.id) };
    };

    const own = await run(quick);
    expect(own.position.exitOverrides).toEqual({ trailingAtrMult: 0, maxHoldingMin: 3 });
    expect(own.position.tags).toMatchObject({ strategy: 'quick-exit', params_id: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(own.decision).toMatchObject({ strategy: 'quick-exit', params_id: own.position.tags.params_id, final_decision: 'ALLOW' });
    expect(own.sides).toEqual(['BUY', 'SELL']);
    expect(own.fills.map((f) => f.strategy)).toEqual(['quick-exit', 'quick-exit']);

    const config = await run(alwaysBuy);
    expect(config.position.exitOverrides).toBeNull();
    expect(config.decision?.strategy).toBe('always-buy');
    expect(config.sides).toEqual(['BUY']);
  });

  it('commits a closed position with the risk state it changes: a crash writing the risk state leaves neither (audit A4)', async () => {
    const { clock, venue, store, kernel } = setup();
    await kernel.start(venue, { ephemeral: true });
    clock.advanceTo(T0 + MINUTE + 1_000);
    venue.book = { ...venue.book, receivedAt: clock.now() };
    venue.emit({ kind: 'bookTicker', ticker: venue.book });
    venue.emit({ kind: 'kline', kline: kline(T0, 50_030) });
    await drainMicrotasks();
    const open = kernel.engines.positions.getOpenPositions()[0]!;
    expect(open.status).toBe('Open');
    // The process dies while the risk state is written: that write and every later one never
    // happen (the throws stand in for the crash).
    let dead = false;
    const setMeta = store.setMeta.bind(store);
    const upsertPosition = store.upsertPosition.bind(store);
    store.setMeta = (key, value) => {
      if (key === 'risk_engine') dead = true;
      if (dead) throw new Error('crash: the process died writing the risk state');
      setMeta(key, value);
    };
    store.upsertPosition = (rec) => {
      if (dead) throw new Error('crash: the process is gone');
      upsertPosition(rec);
    };
    await kernel.closePosition(open.id, { reason: 'test' }, 'test').catch(() => undefined);
    await drainMicrotasks();
    expect(kernel.engines.positions.getPosition(open.id)?.status).toBe('Closed');
    // What a restart would read: not a Closed position whose loss the risk state never counted.
    expect(store.positionRecord(open.id)?.status).not.toBe('Closed');
    kernel.stop();
  });

  it("commits an order's answer with what it books: the acknowledged intent and the Open position in one transaction", async () => {
    const { clock, venue, store, kernel } = setup();
    await kernel.start(venue, { ephemeral: true });
    // Which outermost transaction each write ran in (null: its own commit).
    let depth = 0;
    let txn = 0;
    const writes: { what: string; txn: number | null }[] = [];
    const transaction = store.transaction.bind(store);
    store.transaction = <T>(fn: () => T): T => {
      if (depth === 0) txn++;
      depth++;
      try {
        return transaction(fn);
      } finally {
        depth--;
      }
    };
    const at = () => (depth > 0 ? txn : null);
    const upsertIntent = store.upsertIntent.bind(store);
    store.upsertIntent = (row) => (writes.push({ what: `intent ${row.status}`, txn: at() }), upsertIntent(row));
    const upsertPosition = store.upsertPosition.bind(store);
    store.upsertPosition = (rec) => (writes.push({ what: `position ${rec.status}`, txn: at() }), upsertPosition(rec));
    clock.advanceTo(T0 + MINUTE + 1_000);
    venue.book = { ...venue.book, receivedAt: clock.now() };
    venue.emit({ kind: 'bookTicker', ticker: venue.book });
    venue.emit({ kind: 'kline', kline: kline(T0, 50_030) });
    await drainMicrotasks();
    const acked = writes.find((w) => w.what === 'intent ACKED');
    const opened = writes.find((w) => w.what === 'position Open');
    expect(acked?.txn).not.toBeNull();
    expect(opened?.txn).toBe(acked?.txn);
    kernel.stop();
  });
});
