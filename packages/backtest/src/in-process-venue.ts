import type { RateLimitDto } from '@aurora/contracts';
import { GapDetector, parseMarketPayload, parseUserEvent } from '@aurora/binance';
import { Dec, type SymbolFilters, type UserStreamEvent } from '@aurora/core';
import type { MarketEvent, VenueHealth, VenuePort } from '@aurora/engine';
import type { SimExchange, UserEventEnvelope } from '@aurora/exchange-sim';
import { SimExchangePort, type KlineRows } from './sim-exchange-port';

export interface InProcessVenueOptions {
  sim: SimExchange;
  /** The account's starting balances (Decimal strings by asset). */
  balances: Record<string, string>;
  /** Pay commissions in BNB at Binance's discount while the BNB balance allows. */
  bnbBurn?: boolean;
  /** Where klines are answered from (the replay's history); default the simulator's series. */
  klines?: KlineRows;
  /** Runs before every exchange call (the replay brings the simulator's prices up to date). */
  beforeCall?: () => void;
}

interface Counters {
  user: Record<string, number>;
  market: Record<string, number>;
}

/**
 * The venue of a backtest: one account on the simulator's matching engine in the same process.
 * Orders and queries go through SimExchangePort (the live client's parameters, schemas, mappers
 * and error classes); the simulator's user events are read by the live user-stream parser and
 * the replay's market payloads by the live market-stream parser and gap detector, so the kernel
 * receives exactly the values it would receive from Binance.
 *
 * Events a call causes (the fills of a MARKET order) are delivered on the microtask after the
 * call returns — never inside it, as no socket could — and events the replay causes (a resting
 * order filled by a price point) at once, inside the replay's step.
 */
export class InProcessVenue implements VenuePort {
  readonly kind = 'sim' as const;
  readonly description = 'in-process simulator (backtest, no network)';
  readonly exchange: SimExchangePort;
  readonly apiKey: string;
  private readonly uid: number;
  private readonly sim: SimExchange;
  private readonly filtersBySymbol = new Map<string, SymbolFilters>();
  private readonly userListeners = new Set<(e: UserStreamEvent) => void>();
  private readonly marketListeners = new Set<(e: MarketEvent) => void>();
  private readonly gaps = new GapDetector();
  private readonly counters: Counters = { user: {}, market: {} };
  private readonly pending: unknown[] = [];
  private inCall = false;
  /** Exchange calls made so far (a driver waits for the kernel while this moves). */
  calls = 0;
  /** The last error a listener threw (counted in streamStats as listenerErrors). */
  lastListenerError: unknown = null;
  private started = false;
  private loadedAt: number | null = null;
  private lastUserEventAt: number | null = null;
  private lastMarketAt: number | null = null;
  private readonly detach: () => void;

  constructor(opts: InProcessVenueOptions) {
    this.sim = opts.sim;
    const account = this.sim.createAccount({ balances: opts.balances, bnbBurn: opts.bnbBurn ?? false });
    this.uid = account.uid;
    this.apiKey = account.apiKey;
    this.detach = this.sim.onUserEvent((e) => this.onSimUserEvent(e));
    this.exchange = new SimExchangePort({
      sim: this.sim,
      apiKey: this.apiKey,
      klines: opts.klines,
      beforeCall: () => {
        this.calls++;
        this.inCall = true;
        opts.beforeCall?.();
      },
      afterCall: () => {
        this.inCall = false;
        if (this.pending.length > 0) queueMicrotask(() => this.flush());
      },
    });
  }

  filters(symbol: string): SymbolFilters | undefined {
    return this.filtersBySymbol.get(symbol);
  }

  onUserEvent(listener: (e: UserStreamEvent) => void): () => void {
    this.userListeners.add(listener);
    return () => this.userListeners.delete(listener);
  }

  onMarketEvent(listener: (e: MarketEvent) => void): () => void {
    this.marketListeners.add(listener);
    return () => this.marketListeners.delete(listener);
  }

  async start(): Promise<void> {
    for (const f of this.exchange.exchangeInfoNow()) this.filtersBySymbol.set(f.symbol, f);
    this.loadedAt = this.sim.serverTime();
    this.started = true;
  }

  /** One clock for venue and kernel: there is no skew to measure. */
  async resyncTime(): Promise<void> {}

  health(): VenueHealth {
    return {
      user_stream_last_event_at: this.lastUserEventAt,
      user_stream_connected: this.started,
      market_data_last_message_at: this.lastMarketAt,
      market_stream_connected: this.started,
      clock_offset_ms: this.started ? 0 : null,
      last_time_sync_at: this.loadedAt,
      exchange_info_loaded_at: this.loadedAt,
    };
  }

  /** No request weight is spent in-process; the limits shown are the simulator's declared ones. */
  rateLimits(): RateLimitDto {
    const limit = (type: string, interval: string) =>
      this.sim.rateLimits.find((r) => r.rateLimitType === type && r.interval === interval)?.limit ?? 0;
    return {
      used_weight_1m: 0,
      weight_limit_1m: limit('REQUEST_WEIGHT', 'MINUTE'),
      order_count_10s: 0,
      order_limit_10s: limit('ORDERS', 'SECOND'),
      order_count_1d: 0,
      order_limit_1d: limit('ORDERS', 'DAY'),
      rate_limited: false,
      banned_until: null,
      retry_after_until: null,
      delayed_requests: 0,
      updated_at: null,
    };
  }

  streamStats(): { user: Record<string, number>; market: Record<string, number> } {
    return { user: { ...this.counters.user }, market: { ...this.counters.market, gaps: this.gaps.count } };
  }

  async close(): Promise<void> {
    this.detach();
    this.started = false;
  }

  /** Free + locked balance of `asset` on the backtest's account (exact). */
  holding(asset: string): Dec {
    const b = this.sim.findAccount(this.apiKey)?.balance(asset);
    return b ? b.free.plus(b.locked) : new Dec(0);
  }

  /** Whether the account holds any of `asset`, free or locked. */
  holds(asset: string): boolean {
    const b = this.sim.findAccount(this.apiKey)?.balance(asset);
    return b !== undefined && (b.free.gt(0) || b.locked.gt(0));
  }

  /**
   * A market-stream payload (kline or bookTicker, Binance's JSON) from the replay, read as the
   * live market stream reads one: parsed, gap-checked, then handed to every listener.
   */
  publishMarket(payload: unknown): void {
    const now = this.sim.serverTime();
    this.lastMarketAt = now;
    const f = parseMarketPayload(payload, now);
    if (f.kind === 'kline') {
      this.count('market', 'klines');
      const gap = this.gaps.onKline(f.kline, now);
      if (gap !== null) this.emitMarket({ kind: 'gap', gap });
      this.emitMarket(f);
    } else if (f.kind === 'bookTicker') {
      this.count('market', 'bookTickers');
      const gap = this.gaps.onBookTicker(f.ticker, now);
      if (gap !== null) this.emitMarket({ kind: 'gap', gap });
      this.emitMarket(f);
    } else {
      this.count('market', f.kind === 'bad' ? f.reason : f.kind);
    }
  }

  private onSimUserEvent(e: UserEventEnvelope): void {
    if (e.uid !== this.uid) return;
    if (this.inCall) this.pending.push(e.event);
    else this.deliverUser(e.event);
  }

  private flush(): void {
    const events = this.pending.splice(0);
    for (const e of events) this.deliverUser(e);
  }

  private deliverUser(payload: unknown): void {
    const r = parseUserEvent(payload);
    if (r.ok !== true) {
      this.count('user', r.ok === false ? r.reason : r.ok);
      return;
    }
    this.count('user', r.event.kind);
    this.lastUserEventAt = this.sim.serverTime();
    for (const l of this.userListeners) this.guard('user', () => l(r.event));
  }

  private emitMarket(e: MarketEvent): void {
    for (const l of this.marketListeners) this.guard('market', () => l(e));
  }

  /** As the live streams do: a throwing listener is counted and kept, the others still hear. */
  private guard(stream: keyof Counters, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.count(stream, 'listenerErrors');
      this.lastListenerError = err;
    }
  }

  private count(stream: keyof Counters, key: string): void {
    this.counters[stream][key] = (this.counters[stream][key] ?? 0) + 1;
  }
}
