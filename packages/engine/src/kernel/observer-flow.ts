import type { AnomaliesResponse, AnomalyDto, RuntimeConfig } from '@aurora/contracts';
import {
  AnomalyObserver,
  ExchangeRejected,
  RecentKeys,
  type ExchangePort,
  type ExecutionReport,
} from '@aurora/core';
import type { BaselineKey, ResolvedBaseline } from '../kernel-deps';
import { tradeReturnBps } from './trade-return';
import type { KernelParts } from './kernel-parts';

const TERMINAL = new Set(['FILLED', 'CANCELED', 'EXPIRED', 'EXPIRED_IN_MATCH', 'REJECTED']);
/** Filled entries whose TCA record is written after the placement answer: looked up on later ticks. */
const SLIPPAGE_PENDING_MAX = 200;
const SLIPPAGE_WAIT_MS = 60_000;
const CHART_POINTS = 120;

/** The observer's group for a strategy's trades: its name and params identity. */
export const baselineGroup = (strategy: string, paramsId: string): string => `${strategy}@${paramsId}`;

/**
 * Feeds the anomaly observer (packages/core/src/observer) from the runtime's own figures and
 * sends what it finds to the state, the metrics, the log and the event broadcast (which the
 * notifiers read). Sources, and why there:
 *  - order requests (an ExchangePort decorator): placement round trip and reject rate, for
 *    every order the engine sends, entries and exits alike;
 *  - order updates after they were applied (`afterReport`): ack → first fill, the fill ratio of
 *    each finished entry, its TCA slippage, and the return of each closed strategy trade;
 *  - the 1 s tick: spread and mid-price move per symbol, stream gaps + reconnects per minute.
 * Market figures are sampled on the tick, not on every book update, so the tick-to-order path
 * pays nothing for the observer.
 */
export class ObserverFlow {
  readonly observer: AnomalyObserver;
  private readonly finishedEntries = new RecentKeys(2000);
  private readonly firstFills = new RecentKeys(2000);
  private readonly closedTrades = new RecentKeys(2000);
  private readonly slippagePending = new Map<string, number>();
  private readonly lastBookAt = new Map<string, number>();
  private readonly lastMid = new Map<string, number>();
  private streamMark: { minute: number; events: number } | null = null;

  constructor(
    private readonly k: KernelParts,
    private readonly baseline: (key: BaselineKey) => ResolvedBaseline,
  ) {
    this.observer = new AnomalyObserver(k.d.clock);
    this.loadBaseline(k.d.config.get());
  }

  /**
   * Re-read the backtest baselines, one per strategy + params running: a symbol trading
   * ema-cross is judged against ema-cross's backtest, never the ensemble's.
   */
  loadBaseline(config: RuntimeConfig): void {
    const { atr_period, trailing_atr_mult, max_holding_min } = config.strategy;
    const keys = new Map<string, BaselineKey>();
    for (const runner of this.k.engines.strategies.values()) {
      const key = { strategy: runner.strategyName, paramsId: runner.paramsId, exits: { atr_period, trailing_atr_mult, max_holding_min } };
      keys.set(baselineGroup(key.strategy, key.paramsId), key);
    }
    this.observer.setBaselines(
      'trade_return_bps',
      [...keys].map(([group, key]) => ({ group, ...this.baseline(key) })),
    );
  }

  /** The exchange with each placement's outcome and round trip observed. */
  wrapExchange(port: ExchangePort): ExchangePort {
    const clock = this.k.d.clock;
    return {
      placeOrder: async (req) => {
        const sentAt = clock.now();
        try {
          const order = await port.placeOrder(req);
          const now = clock.now();
          this.emit(this.observer.observe('placement_latency_ms', req.symbol, now, now - sentAt));
          this.emit(this.observer.observeOrderOutcome(now, false));
          return order;
        } catch (err) {
          // Only a refusal counts as a reject; a timeout or 5xx is an unknown outcome, not a "no".
          if (err instanceof ExchangeRejected)
            this.emit(this.observer.observeOrderOutcome(clock.now(), true));
          throw err;
        }
      },
      cancelOrder: (ref) => port.cancelOrder(ref),
      cancelAllOpenOrders: (symbol) => port.cancelAllOpenOrders(symbol),
      getOrder: (ref) => port.getOrder(ref),
      getOpenOrders: (symbol) => port.getOpenOrders(symbol),
      getAllOrders: (symbol, opts) => port.getAllOrders(symbol, opts),
      getMyTrades: (symbol, opts) => port.getMyTrades(symbol, opts),
      getAccount: () => port.getAccount(),
      getExchangeInfo: (symbols) => port.getExchangeInfo(symbols),
      getKlines: (symbol, interval, limit) => port.getKlines(symbol, interval, limit),
      getBookTicker: (symbol) => port.getBookTicker(symbol),
      getServerTime: () => port.getServerTime(),
    };
  }

  /** After the report path applied `r`: read what it changed. Repeated reports count once. */
  afterReport(r: ExecutionReport): void {
    const { engines } = this.k;
    const intent = engines.intents.get(r.clientOrderId);
    if (!intent) return;
    if (intent.firstFillAt !== null && intent.ackedAt !== null && !this.firstFills.has(intent.id)) {
      this.firstFills.add(intent.id);
      this.emit(
        this.observer.observe(
          'ack_to_fill_ms',
          intent.symbol,
          intent.firstFillAt,
          Math.max(0, intent.firstFillAt - intent.ackedAt),
        ),
      );
    }
    if (
      intent.purpose === 'ENTRY' &&
      intent.exchangeStatus !== null &&
      TERMINAL.has(intent.exchangeStatus) &&
      !this.finishedEntries.has(intent.id)
    ) {
      this.finishedEntries.add(intent.id);
      if (intent.quantity.gt(0)) {
        this.emit(
          this.observer.observe(
            'fill_ratio',
            intent.symbol,
            intent.updatedAt,
            intent.filledQty.div(intent.quantity).toNumber(),
          ),
        );
      }
      if (intent.filledQty.gt(0) && intent.positionId) this.awaitSlippage(intent.positionId);
    }
    const p = intent.positionId ? engines.positions.getPosition(intent.positionId) : undefined;
    if (p && p.status === 'Closed' && p.tags.strategy !== 'manual' && !this.closedTrades.has(p.id)) {
      this.closedTrades.add(p.id);
      const ret = tradeReturnBps(p.realizedPnl, p.avgEntryPrice, p.filledQty);
      const group = baselineGroup(p.tags.strategy ?? 'ensemble', p.tags.params_id ?? 'unknown');
      if (ret !== null)
        this.emit(
          this.observer.observe('trade_return_bps', p.symbol, p.closedAt ?? this.k.d.clock.now(), ret, group),
        );
    }
  }

  tick(now: number): void {
    for (const symbol of this.k.d.config.get().symbols) this.sampleBook(symbol);
    this.sampleStream(now);
    for (const [positionId, since] of this.slippagePending) {
      const slippage = this.k.engines.tca.dto(positionId)?.slippage_bps ?? null;
      if (slippage !== null) {
        this.slippagePending.delete(positionId);
        this.emit(this.observer.observe('slippage_bps', null, now, slippage));
      } else if (now - since > SLIPPAGE_WAIT_MS) {
        this.slippagePending.delete(positionId); // no arrival price was recorded: nothing to judge
      }
    }
  }

  anomalies(): AnomaliesResponse {
    return this.observer.details(CHART_POINTS);
  }

  private awaitSlippage(positionId: string): void {
    if (this.slippagePending.size >= SLIPPAGE_PENDING_MAX) {
      const oldest = this.slippagePending.keys().next();
      if (oldest.done !== true) this.slippagePending.delete(oldest.value);
    }
    this.slippagePending.set(positionId, this.k.d.clock.now());
  }

  /** Spread and mid move of the latest book, once per new book (a stale book is not a sample). */
  private sampleBook(symbol: string): void {
    const book = this.k.market.book(symbol);
    if (!book || !book.bidPrice.gt(0) || !book.askPrice.gte(book.bidPrice)) return;
    if (this.lastBookAt.get(symbol) === book.receivedAt) return;
    this.lastBookAt.set(symbol, book.receivedAt);
    const mid = book.bidPrice.plus(book.askPrice).div(2);
    const at = book.receivedAt;
    this.emit(
      this.observer.observe(
        'spread_bps',
        symbol,
        at,
        book.askPrice.minus(book.bidPrice).div(mid).times(10_000).toNumber(),
      ),
    );
    const midN = mid.toNumber();
    const prev = this.lastMid.get(symbol);
    this.lastMid.set(symbol, midN);
    if (prev !== undefined && prev > 0)
      this.emit(this.observer.observe('price_jump_bps', symbol, at, ((midN - prev) / prev) * 10_000));
  }

  /** Gaps and reconnects of the market stream, counted per clock minute. */
  private sampleStream(now: number): void {
    const stats = this.k.venue?.streamStats().market;
    if (!stats) return;
    const events = (stats.gaps ?? 0) + (stats.reconnects ?? 0);
    const minute = Math.floor(now / 60_000);
    if (this.streamMark === null || events < this.streamMark.events) {
      this.streamMark = { minute, events }; // first sample, or a new venue with fresh counters
      return;
    }
    if (minute === this.streamMark.minute) return;
    this.emit(
      this.observer.observe('stream_gaps_per_min', null, minute * 60_000, events - this.streamMark.events),
    );
    this.streamMark = { minute, events };
  }

  private emit(result: ReturnType<AnomalyObserver['observe']>): void {
    if (!result.ok) {
      this.k.d.metrics.badInput.inc({ source: 'observer' });
      return;
    }
    for (const a of result.anomalies) this.announce(a);
  }

  private announce(a: AnomalyDto): void {
    const { d } = this.k;
    d.metrics.anomalies.inc({ series: a.series, detector: a.detector });
    d.log.warn(
      {
        series: a.series,
        symbol: a.symbol,
        detector: a.detector,
        statistic: a.statistic,
        threshold: a.threshold,
      },
      a.message,
    );
    this.k.d.broadcast({ kind: 'ANOMALY', message: a.message, at: a.fired_at });
    d.state.changed();
  }
}
