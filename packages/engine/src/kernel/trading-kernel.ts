import type {
  ClosePositionRequest,
  DecisionEnvelope,
  ManualProposalRequest,
  ReconcileResult,
  RuntimeConfig,
} from '@aurora/contracts';
import {
  clientOrderIdFromUuid,
  DEFAULT_RECOVERY,
  ExecutionEngine,
  RECHECK_AFTER_QUERY_LAG,
  Reconciler,
  isExitable,
  reconcilePlanConfig,
  StrategyRegistry,
  type BookTicker,
  type ExecutionReport,
  type Kline,
  type Position,
  type ReportOutcome,
  type UserStreamEvent,
} from '@aurora/core';
import type { Decimal } from 'decimal.js';
import type { KernelControl, TradingKernelApi } from '../kernel-api';
import type { KernelDeps, KernelHost, ResolvedBaseline, VenueSession } from '../kernel-deps';
import { KernelError } from '../kernel-error';
import type { Cancel } from '../ports/scheduler';
import type { MarketEvent, VenuePort } from '../ports/venue-port';
import { AccountBook } from './account-book';
import { AuditFlow } from './audit-flow';
import { FeeAssetFeed } from './fee-asset-feed';
import { buildEngines, persistDailyPnl, persistEngineState, reconfigureEngines, type Engines } from './engines';
import { EntryFlow } from './entry-flow';
import { ExitFlow } from './exit-flow';
import { ExitPriceFeed } from './exit-price-feed';
import { LatencyMarks } from './latency-marks';
import { MarketData } from './market-data';
import { ObserverFlow } from './observer-flow';
import { PnlSeries } from './pnl-series';
import { ReportFlow, refreshBreakerNoGo } from './report-flow';
import type { KernelParts, KernelView } from './kernel-parts';
import { EMPTY_RATE_LIMITS } from './rate-limits';
import { positionDto, type QuerySources } from './trading-queries';
import { persistPositionBeforeSend } from './position-before-send';

const VENUE_SESSION_META = 'venue_session';
/** Stored session keys of venues that start empty with every process (kept as the embedded simulator wrote them). */
export const EPHEMERAL_SESSION_PREFIX = 'sim-embedded:';
const WARMUP_CANDLES = 500;
const NO_BASELINE: ResolvedBaseline = {
  reference: null,
  status: { status: 'NONE', message: 'no baseline: none was given to the trading kernel' },
};
const TICK_MS = 1000;
/** Past the query lag before a suspected venue reset is looked at again. */
const RECHECK_MARGIN_MS = 1_000;
const LATENCY_PROBE_MS = 10_000;

/**
 * The trading kernel: the one trading loop of live, demo and the backtest. It takes a venue
 * (VenuePort), feeds market data to the strategy and user-stream events to the positions, runs
 * the reconciler and the safety loops on its scheduler. Entries, exits and reports each live in
 * their own flow (entry-flow, exit-flow, report-flow); every rule is in packages/core.
 */
export class TradingKernel implements KernelParts, TradingKernelApi {
  venue: VenuePort | null = null;
  execution: ExecutionEngine<ReportOutcome> | null = null;
  readonly d: KernelView;
  readonly host: KernelHost;
  readonly market: MarketData;
  readonly engines: Engines;
  readonly account: AccountBook;
  readonly latencyMarks: LatencyMarks;
  readonly pnlSeries: PnlSeries;
  readonly reviewFlags = new Map<string, string>();
  readonly audit: AuditFlow;
  readonly observerFlow: ObserverFlow;
  private readonly entries: EntryFlow;
  private readonly exits: ExitFlow;
  private readonly exitPrices: ExitPriceFeed;
  private readonly reports: ReportFlow;
  private reconciler: Reconciler | null = null;
  private reconcileRun: Promise<ReconcileResult> | null = null;
  private lastReconcile: ReconcileResult | null;
  private timers: Cancel[] = [];
  private recheck: Cancel | null = null;
  private unsubscribe: (() => void)[] = [];
  private stopped = false;
  private reconciling = false;
  private retryingVenue = false;
  private lastMeasures = '';
  private lastProbeAt = 0;

  private readonly strategyRegistry: StrategyRegistry;

  constructor(readonly deps: KernelDeps) {
    const host = deps.host;
    this.host = host;
    const d: KernelView = {
      clock: deps.clock,
      scheduler: deps.scheduler,
      ids: deps.ids,
      repo: deps.store,
      state: host.state,
      config: host.config,
      metrics: host.metrics,
      log: host.log,
      broadcast: (e) => host.broadcast(e),
      monotonicMs: () => (deps.monotonicMs ? deps.monotonicMs() : deps.clock.now()),
    };
    this.d = d;
    this.strategyRegistry = deps.strategies ?? new StrategyRegistry();
    d.config.useStrategies(this.strategyRegistry);
    this.market = new MarketData(d.clock);
    this.engines = buildEngines({
      clock: d.clock,
      config: d.config.get(),
      repo: d.repo,
      log: d.log,
      ids: d.ids,
      hrtimeUs: () => (deps.hrtimeUs ? deps.hrtimeUs() : deps.clock.now() * 1000),
      priceOf: (asset, at) => this.account.priceAt(asset, at),
      // Dust is what no exit order could sell: below minQty, MARKET_LOT_SIZE minQty, or the
      // minimum notional at the current price — not merely below one step.
      isDust: (symbol, qty) => {
        const f = this.venue?.filters(symbol);
        return f !== undefined && !isExitable(qty, f, this.market.mark(symbol));
      },
      onDecision: (env) => this.onDecision(env),
      onIllegal: (message) => {
        d.metrics.illegalTransitions.inc();
        d.state.recordError('positions', 'ILLEGAL_TRANSITION', message);
      },
      strategies: this.strategyRegistry,
      onStrategyProblem: (symbol, message) => this.onStrategyProblem(symbol, message),
    });
    this.account = new AccountBook(this.market, this.engines, () => d.config.get().quote_asset, d.clock, () =>
      persistEngineState(this.engines, d.repo),
    );
    this.account.feeFeed = new FeeAssetFeed({
      bookTicker: (symbol) => this.venue?.exchange.getBookTicker(symbol) ?? null,
      quoteAsset: () => d.config.get().quote_asset,
      clock: d.clock,
      mark: (symbol) => this.market.mark(symbol),
      onUnpriced: (asset, at) => {
        // Booked as zero flagged approximate (commission_approximate): never silently.
        d.metrics.feesUnpriced.inc({ asset });
        d.state.recordError('fees', 'FEE_UNPRICED', `no ${asset} price at ${new Date(at).toISOString()}: commission booked as approximate`);
      },
      onPollFailed: (symbol, err) => d.log.debug({ symbol, err: err.message }, 'fee asset price poll failed'),
    });
    this.latencyMarks = new LatencyMarks(this.engines, d.metrics, d.log, d.ids, d.monotonicMs);
    this.pnlSeries = new PnlSeries(d.clock, this.engines.risk.calendar);
    this.entries = new EntryFlow(this);
    this.exits = new ExitFlow(this, {
      toDto: (p) => this.positionDto(p),
      reviewFlags: this.reviewFlags,
      onClosed: (t) => this.reports.onTradeClosed(t.positionId, t.symbol, t.pnl),
    });
    this.exitPrices = new ExitPriceFeed(this, (symbol) => this.exits.evaluate(symbol));
    this.reports = new ReportFlow(
      this,
      this.exits,
      () => this.reconcileInBackground('RECONNECT'),
      () => this.pnlSeries.sample(this.engines.risk.pnlToday().equityChangeToday, true),
    );
    this.audit = new AuditFlow(this);
    this.observerFlow = new ObserverFlow(this, (key) => deps.baseline?.(key) ?? NO_BASELINE);
    this.lastReconcile = d.repo.lastReconcile();
    d.config.onChange((next, prev) => this.onConfigChange(next, prev));
    d.config.guardSymbolsInUse((symbols) => this.symbolsInUse(symbols));
  }

  // ─── lifecycle ───────────────────────────────────────────────────────────

  /** Connect, warm up, reconcile; only then may trading resume. */
  async start(venue: VenuePort, session: VenueSession): Promise<void> {
    this.d.state.raiseNoGo('STARTUP_RECONCILE', 'Reconciling with the exchange before trading resumes');
    await this.connect(venue, session);
    this.startLoops();
  }

  async connect(venue: VenuePort, session: VenueSession): Promise<void> {
    const { config, state, clock, log, ids } = this.d;
    this.venue = venue;
    this.unsubscribe.push(
      venue.onUserEvent((e) => this.safely('user-stream', () => this.onUserEvent(e))),
      venue.onMarketEvent((e) => this.safely('market-stream', () => this.onMarketEvent(e))),
    );
    this.execution = new ExecutionEngine<ReportOutcome>({
      exchange: this.observerFlow.wrapExchange(persistPositionBeforeSend(venue.exchange, (clientOrderId) => {
        const positionId = this.engines.intents.get(clientOrderId)?.positionId;
        if (positionId) this.persistPosition(positionId);
        // Intent, idempotency claim and position: one commit, on disk before the request leaves.
        this.d.repo.commitUnit();
      })),
      intents: this.engines.intents,
      idempotency: this.engines.idempotency,
      positions: this.engines.positions,
      filters: (s) => venue.filters(s),
      config: () => config.get().execution,
      clock,
      sleep: (ms) => this.d.scheduler.sleep(ms),
      // Intent id = clientOrderId; the prefix marks the order as ours (orphan handling, L4).
      newId: () => clientOrderIdFromUuid(ids.uuid()),
      resync: () => venue.resyncTime(),
      onAnomaly: (a) => {
        log.warn({ kind: a.kind, intentId: a.intentId, detail: a.detail }, 'execution anomaly');
        state.recordError('execution', a.kind, a.detail);
      },
      // Every applied report, from every path (stream, REST answers, adoption, reconciler).
      onOutcome: (applied) => this.reports.onOutcome(applied),
      entryMaxAgeMs: () => config.get().insurance.max_data_age_ms,
    });
    this.forgetEphemeralSession(session);
    this.reconciler = new Reconciler({
      exchange: venue.exchange,
      clock,
      newId: () => ids.uuid(),
      intents: this.execution,
      positions: () =>
        this.engines.positions.getOpenPositions().map((p) => ({
          id: p.id,
          symbol: p.symbol,
          status: p.status,
          updatedAt: p.updatedAt,
          reviewFlag: this.reviewFlags.get(p.id) ?? null,
          openQty: p.openQty,
          baseAsset: venue.filters(p.symbol)?.baseAsset,
          orders: this.d.repo
            .intentsByPosition(p.id)
            .map((r) => ({ clientOrderId: r.id, sentAt: this.execution?.getIntent(r.id)?.sentAt ?? r.created_at })),
        })),
      balances: () => this.account.list(),
      newestOrderAt: (symbol) => {
        let newest: number | null = null;
        for (const r of this.d.repo.allIntents())
          if (r.symbol === symbol && (newest === null || r.created_at > newest)) newest = r.created_at;
        return newest;
      },
      config: () => reconcilePlanConfig(config.get()),
      actions: {
        // Its reports reach the outcome sink like any other (fills recorded, closes told to risk).
        adopt: (id, order, fills) => this.afterIntentChange(this.execution?.adoptOrder(id, order, fills) ?? null),
        // An order of ours the books lack (restored from an older copy): booked as the venue says.
        adoptUnknown: (order, fills, role) => {
          const intent = this.execution?.adoptUnknownOrder(order, fills, role) ?? null;
          const p = intent?.positionId ? this.engines.positions.getPosition(intent.positionId) : undefined;
          if (p && intent?.purpose === 'ENTRY') {
            this.reviewFlags.set(p.id, `adopted from the venue: order ${order.symbol}#${order.orderId} is ours but its decision is unknown`);
            // Its decision (and stop) is lost: it gets the stop a manual entry without one gets.
            const ref = p.avgEntryPrice ?? (order.price.gt(0) ? order.price : null);
            const stop = p.stopPrice === null && ref ? this.entries.roundedAtrStop(p.symbol, p.side, ref) : null;
            if (stop) this.engines.positions.updateExitLevels(p.id, { stopPrice: stop });
          }
          // The venue's resting stop is what protects the position: its stop is that order's.
          if (p && intent?.purpose === 'PROTECTIVE' && order.stopPrice !== null && order.type.startsWith('STOP_LOSS'))
            this.engines.positions.updateExitLevels(p.id, { stopPrice: order.stopPrice });
          this.afterIntentChange(intent);
        },
        applyReport: (r) => this.applyExecutionReport(r),
        markNotFound: (id) => this.reports.onIntentGivenUp(this.execution?.markNotFound(id) ?? null),
        setBalances: (b) => {
          this.account.replace(b);
          state.changed();
        },
        flagStalePosition: (id, reason) => {
          this.reviewFlags.set(id, reason);
          state.changed();
        },
        venueReset: (id, reason) => this.onVenueReset(id, reason),
      },
    });
    try {
      await venue.start();
      state.clearNoGo('VENUE_DOWN');
    } catch (err) {
      log.error({ err: (err as Error).message }, 'venue start failed; retrying in the background');
      state.raiseNoGo('VENUE_DOWN', `Venue unreachable: ${(err as Error).message}`);
      state.recordError('venue', 'START_FAILED', (err as Error).message);
      return;
    }
    await this.warmup();
    await this.startupReconcile();
  }

  /** Close the venue (an account switch): trading waits for the next venue's start-up reconcile. */
  async disconnect(): Promise<void> {
    this.d.state.ready = false;
    this.d.state.raiseNoGo('STARTUP_RECONCILE', 'Reconciling the new venue before trading resumes');
    const venue = this.venue;
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    await venue?.close();
    this.venue = null;
  }

  /**
   * A venue that starts empty with every process (the embedded simulator): its account, orders
   * and prices are new, so positions an earlier such session left open cannot exist on it. They
   * are marked Error ("venue reset") and kept as history, then taken out of the live books —
   * otherwise they would hold exposure, concurrency slots and "already open" blocks against a
   * venue that never had them. A control action says so. Any other venue keeps its state and is
   * reconciled instead.
   */
  private forgetEphemeralSession(session: VenueSession): void {
    const key = session.ephemeral ? `${EPHEMERAL_SESSION_PREFIX}${this.d.ids.uuid()}` : session.key;
    const previous = this.d.repo.getMeta(VENUE_SESSION_META);
    this.d.repo.setMeta(VENUE_SESSION_META, key);
    if (!previous || previous === key || !previous.startsWith(EPHEMERAL_SESSION_PREFIX)) return;
    const stale = this.engines.positions.getOpenPositions();
    // Their working orders are settled by the start-up reconcile: the new venue does not know
    // them (MISSING_ORDER), so each ends as CANCELED with what was booked.
    this.retireForgotten(stale, 'venue reset: the embedded simulator was restarted');
    if (stale.length === 0) return;
    this.d.state.recordControl(
      'venue-reset',
      'startup',
      `${stale.length} open`,
      'Error (history)',
      'embedded simulator restarted: positions of the earlier session cannot exist on it',
    );
  }

  /** Positions a venue has forgotten: Error, kept as history, out of the live books (see above). */
  private retireForgotten(stale: readonly Position[], reason: string): void {
    const { positions, risk } = this.engines;
    for (const p of stale) {
      if (p.status !== 'Error') positions.markError(p.id, reason);
      this.persistPosition(p.id);
      if (p.decisionId) risk.onTradeAborted(p.decisionId);
      this.exits.forget(p.id);
    }
    if (stale.length === 0) return;
    const gone = new Set(stale.map((p) => p.id));
    positions.restore(
      positions.records().filter((r) => !gone.has(r.id)),
      positions.dailyPnl(),
    );
    persistEngineState(this.engines, this.d.repo);
  }

  /**
   * An external venue that came back reset (reconcile-reset.ts: it knows none of the position's
   * orders and holds less than its quantity). The position ends as the embedded simulator's do —
   * Error "venue reset", kept as history — so no stop is re-placed against coins that are gone;
   * nothing is sold or cancelled. Entries pause until the operator has looked at the account
   * and resumes.
   */
  private onVenueReset(positionId: string, reason: string): void {
    const { state, log } = this.d;
    const p = this.engines.positions.getPosition(positionId);
    if (!p) return;
    const before = p.status;
    this.retireForgotten([p], reason);
    const message = `${p.symbol} position ${p.id}: ${reason}; ended as Error (history), nothing placed or cancelled`;
    state.recordError('reconcile', 'VENUE_RESET', message);
    state.recordControl('venue-reset', 'reconcile', before, 'Error (history)', message);
    if (state.tradingMode === 'RUNNING') {
      state.tradingMode = 'PAUSED';
      this.d.config.setModesBestEffort({ trading_mode: 'PAUSED' });
    }
    state.raiseNoGo('PAUSED', `Paused: the venue came back reset (${p.symbol} position ${p.id}): check the account, then resume to trade`);
    log.error({ positionId: p.id, symbol: p.symbol, reason }, 'venue reset: position ended as Error, entries paused');
    state.changed();
  }

  private async warmup(): Promise<void> {
    const venue = this.venue;
    if (!venue) return;
    for (const symbol of this.d.config.get().symbols) {
      try {
        const klines = await venue.exchange.getKlines(symbol, '1m', WARMUP_CANDLES);
        const closed = klines.filter((k) => k.closed);
        this.market.warmup(closed);
        this.engines.strategies.get(symbol)?.warmup(closed);
        for (const k of closed) this.engines.correlation.onKline(k);
        this.market.onBookTicker(await venue.exchange.getBookTicker(symbol));
      } catch (err) {
        this.d.log.warn({ symbol, err: (err as Error).message }, 'warm-up failed for symbol');
        this.d.state.recordError('market', 'WARMUP_FAILED', `${symbol}: ${(err as Error).message}`);
      }
    }
    try {
      this.account.replace((await venue.exchange.getAccount()).balances);
    } catch (err) {
      this.d.state.recordError('venue', 'ACCOUNT_FAILED', (err as Error).message);
    }
  }

  /**
   * Intents whose answer we never got (SUBMITTING, UNKNOWN) are settled by the reconciler: it
   * looks each up by clientOrderId and adopts what it finds through the one report path (fills
   * recorded, closed trades told to risk), or calls it NOT_FOUND once past the recovery window.
   */
  private async startupReconcile(): Promise<void> {
    const result = await this.reconcile('STARTUP');
    if (result.ok) {
      this.d.state.ready = true;
      this.d.state.clearNoGo('STARTUP_RECONCILE');
      this.engines.deadMan.arm();
      this.d.state.changed();
    }
  }

  private startLoops(): void {
    const every = (ms: number, name: string, fn: () => unknown) => {
      this.timers.push(this.d.scheduler.every(ms, () => this.safely(name, fn)));
    };
    every(TICK_MS, 'tick', () => this.tick());
    every(this.d.config.get().reconcile.interval_s * 1000, 'reconcile', () => this.reconcileInBackground('INTERVAL'));
  }

  private cancelLoops(): void {
    for (const cancel of this.timers) cancel();
    this.timers = [];
    this.recheck?.();
    this.recheck = null;
  }

  /**
   * A suspected venue reset whose orders were sent within the query lag (RECHECK_AFTER_QUERY_LAG):
   * a -2013 then proves nothing, so the reconcile runs again once the lag is over instead of
   * waiting for the next interval with the position's stop refused meanwhile.
   */
  private recheckAfterQueryLag(trigger: ReconcileResult['trigger']): void {
    if (this.recheck !== null || this.timers.length === 0) return;
    const next = trigger === 'STARTUP' || trigger === 'RECONNECT' ? 'RECONNECT' : 'INTERVAL';
    this.recheck = this.d.scheduler.after(DEFAULT_RECOVERY.queryLagMs + RECHECK_MARGIN_MS, () => {
      this.recheck = null;
      this.reconcileInBackground(next);
    });
  }

  /** The 1 s tick (the scheduler calls it; a backtest driver may too). */
  tick(): void {
    const now = this.d.clock.now();
    const { state, metrics } = this.d;
    if (!this.venue) return;
    this.deps.venueHooks?.tick?.();
    // A venue that failed to start is retried until it answers; the start-up reconcile follows.
    if (state.hasNoGo('VENUE_DOWN') && !this.retryingVenue) void this.retryVenue();
    if (!state.ready && !state.hasNoGo('VENUE_DOWN') && !this.reconciling) void this.startupReconcile();
    const fired = this.engines.deadMan.check(now);
    if (fired && state.tradingMode === 'RUNNING') {
      state.tradingMode = 'PAUSED';
      this.d.config.setModesBestEffort({ trading_mode: 'PAUSED' });
      state.raiseNoGo('DEAD_MAN_SWITCH', fired.noGoReason.message);
      state.recordControl('dead-man-switch', 'system', 'RUNNING', 'PAUSED', `timer ${fired.timer} fired`);
      this.d.log.warn({ timer: fired.timer }, 'dead-man switch fired: trading paused');
    }
    refreshBreakerNoGo(this);
    // Exits run on the clock too: a holding time expires without a book update, and while the
    // market stream is down the prices come from REST.
    this.exitPrices.onTick(now);
    if (this.execution) {
      this.execution.cancelStaleEntries(now).catch((err: Error) => state.recordError('execution', 'STALE_CANCEL_FAILED', err.message));
    }
    for (const due of this.engines.tca.dueImpacts(now)) {
      const mid = this.market.mark(due.symbol);
      if (mid) this.engines.tca.recordImpact(due.positionId, mid, now);
    }
    // Every tick: today's equity change moves with the marks, and the loss limit judges it.
    this.account.refresh();
    this.pnlSeries.sample(this.engines.risk.pnlToday().equityChangeToday, false);
    this.account.feeFeed?.tick(now);
    this.observerFlow.tick(now);
    if (now - this.lastProbeAt >= LATENCY_PROBE_MS) {
      this.lastProbeAt = now;
      void this.latencyMarks.probePausedSymbols(this.venue, this.market);
    }
    const rl = this.rateLimits();
    metrics.rateLimitWeight.set(rl.used_weight_1m);
    metrics.rateLimitWeightLimit.set(rl.weight_limit_1m);
    // Measures that move without an event (rate-limit usage, stream health, loop lag) are state
    // too: when any changed since the last tick, the version moves so the dashboard is told.
    const sig = this.measuresSignature();
    if (sig !== this.lastMeasures) {
      this.lastMeasures = sig;
      state.changed();
    }
  }

  private measuresSignature(): string {
    const h = this.venue?.health();
    const rl = this.rateLimits();
    return [
      h?.user_stream_connected,
      h?.market_stream_connected,
      h?.clock_offset_ms,
      h?.last_time_sync_at,
      h?.exchange_info_loaded_at,
      rl.used_weight_1m,
      rl.order_count_10s,
      rl.order_count_1d,
      rl.rate_limited,
      rl.banned_until,
      Math.round(this.host.eventLoopLagMs() ?? 0),
      this.host.dbHealthy(),
      this.deps.venueHooks?.measures?.() ?? '',
    ].join('|');
  }

  private async retryVenue(): Promise<void> {
    this.retryingVenue = true;
    try {
      await this.venue?.start();
      this.d.state.clearNoGo('VENUE_DOWN');
      await this.warmup();
    } catch {
      // still down; the next tick tries again
    } finally {
      this.retryingVenue = false;
    }
  }

  stop(): void {
    this.stopped = true;
    this.cancelLoops();
    void this.venue?.close();
  }

  /** Graceful shutdown: pause, cancel entry orders (never exits), log positions, flush. */
  async shutdown(): Promise<void> {
    const { state, log } = this.d;
    // Paused in memory only: the persisted mode is what the operator chose, restored at restart.
    if (state.tradingMode === 'RUNNING') state.tradingMode = 'PAUSED';
    this.cancelLoops();
    this.stopped = true;
    try {
      const summary = await this.execution?.cancelEntryOrders();
      if (summary) log.info({ cancelled: summary.cancelled.length, failed: summary.failed.length }, 'shutdown: entry orders cancelled');
    } catch (err) {
      log.error({ err: (err as Error).message }, 'shutdown: cancelling entry orders failed');
    }
    for (const p of this.engines.positions.getOpenPositions()) {
      log.warn({ positionId: p.id, symbol: p.symbol, openQty: p.openQty.toFixed(), status: p.status }, 'open position left as is (never auto-closed)');
    }
    persistEngineState(this.engines, this.d.repo);
    await this.venue?.close();
  }

  // ─── market data → strategy, exits; user stream → reports ──────────────

  onMarketEvent(e: MarketEvent): void {
    if (this.stopped) return;
    switch (e.kind) {
      case 'bookTicker':
        return this.onBook(e.ticker);
      case 'kline':
        return this.onKline(e.kline);
      case 'gap':
        this.d.state.recordError('market', 'GAP', JSON.stringify(e.gap).slice(0, 300));
        return;
      case 'resynced':
        return;
    }
  }

  onUserEvent(e: UserStreamEvent): void {
    this.reports.onUserEvent(e);
    if (e.kind === 'executionReport') this.observerFlow.afterReport(e);
  }

  private onBook(t: BookTicker): void {
    this.market.onBookTicker(t);
    this.engines.strategies.get(t.symbol)?.onBookTicker(t);
    this.engines.deadMan.marketData(t.receivedAt);
    this.exits.evaluate(t.symbol);
    this.d.state.changed();
  }

  private onKline(k: Kline): void {
    // Only a kline that shows trading feeds the dead-man switch: a stopped market must trip it.
    if (this.market.noteKlineTrades(k)) this.engines.deadMan.marketData(this.d.clock.now());
    const closedCandle = this.market.onKline(k);
    if (!closedCandle) return;
    this.engines.correlation.onKline(k);
    const candidate = this.engines.strategies.get(k.symbol)?.onKline(k) ?? null;
    this.d.state.changed();
    if (candidate) this.entries.onCandidate(candidate);
  }

  /** The one path every order update takes (stream, FULL response, reconciler). */
  applyExecutionReport(r: ExecutionReport): void {
    this.reports.apply(r);
    this.observerFlow.afterReport(r);
  }

  // ─── reconciliation ────────────────────────────────────────────────────

  async reconcile(trigger: ReconcileResult['trigger']): Promise<ReconcileResult> {
    if (!this.reconciler) throw new KernelError(503, 'VENUE_DOWN', 'No venue connected');
    // A call while one runs joins it: the reconciler hands both the same result, which must be
    // recorded (row, metrics, audit) once — a second insert of its id would fail as a duplicate.
    this.reconcileRun ??= this.reconcileOnce(this.reconciler, trigger).finally(() => {
      this.reconcileRun = null;
    });
    return this.reconcileRun;
  }

  private async reconcileOnce(reconciler: Reconciler, trigger: ReconcileResult['trigger']): Promise<ReconcileResult> {
    const { metrics, repo, state, log } = this.d;
    this.reconciling = true;
    try {
      const result = await reconciler.run(trigger);
      this.lastReconcile = result;
      metrics.reconcileRuns.inc({ ok: String(result.ok) });
      for (const item of result.drift) metrics.reconcileDrift.inc({ kind: item.kind });
      try {
        repo.insertReconcile(result);
      } catch (err) {
        state.recordError('store', 'RECONCILE_PERSIST_FAILED', (err as Error).message);
      }
      if (result.drift.length > 0) {
        log.warn({ trigger, drift: result.drift.length }, 'reconciliation found drift');
        this.d.broadcast({
          kind: 'RECONCILE_DRIFT',
          message: `${result.drift.length} drift item(s): ${result.drift.map((x) => x.kind).join(', ')}`,
          at: result.finished_at,
        });
      }
      if (!result.ok) state.recordError('reconcile', 'FAILED', result.error ?? 'reconciliation failed');
      state.changed();
      // The books audit follows every reconcile that could read the venue (it never throws).
      if (result.ok) await this.audit.run('RECONCILE');
      if (result.drift.some((x) => x.action === RECHECK_AFTER_QUERY_LAG)) this.recheckAfterQueryLag(trigger);
      return result;
    } finally {
      this.reconciling = false;
    }
  }

  /** POST /audit: venue required, like reconcile. */
  runAudit(trigger: 'MANUAL') {
    if (!this.venue) throw new KernelError(503, 'VENUE_DOWN', 'No venue connected');
    return this.audit.run(trigger);
  }

  auditBooks() {
    return this.audit.booksDto();
  }

  private reconcileInBackground(trigger: ReconcileResult['trigger']): void {
    if (!this.reconciler || !this.d.state.ready) return;
    this.reconcile(trigger).catch((err: Error) => this.d.state.recordError('reconcile', 'FAILED', err.message));
  }

  // ─── operator commands ───────────────────────────────────────────────────

  rateLimits() {
    return this.venue?.rateLimits() ?? EMPTY_RATE_LIMITS;
  }

  propose(body: ManualProposalRequest, source: string): Promise<DecisionEnvelope> {
    return this.entries.propose(body, source);
  }

  closePosition(id: string, body: ClosePositionRequest, source: string) {
    return this.exits.close(id, body, source);
  }

  exitPosition(positionId: string, quantity: Decimal | undefined, reason: string, source: string) {
    return this.exits.exit(positionId, quantity, reason, source);
  }

  control(): KernelControl {
    return {
      onKill: async () => {
        this.engines.risk.kill();
        refreshBreakerNoGo(this);
        // A database that refuses writes must not stop the kill from cancelling entry orders.
        try {
          persistEngineState(this.engines, this.d.repo);
        } catch (err) {
          this.d.log.error({ err: (err as Error).message }, 'kill: could not persist the risk state');
          try {
            this.d.state.recordError('control', 'KILL_RISK_PERSIST_FAILED', (err as Error).message);
          } catch {
            // recordError persists too; the log line above carries it.
          }
        }
        await this.execution?.cancelEntryOrders();
      },
      onResume: () => {
        // A kill only: an automatic trip keeps its cool-down and trial until its own reset (M2).
        this.engines.risk.clearKill();
        this.engines.deadMan.reset();
        this.d.state.clearNoGo('DEAD_MAN_SWITCH');
        refreshBreakerNoGo(this);
        persistEngineState(this.engines, this.d.repo);
      },
      onResetBreaker: () => {
        const reset = this.engines.risk.resetBreaker();
        if (reset === null) return null;
        refreshBreakerNoGo(this);
        persistEngineState(this.engines, this.d.repo);
        const what = [reset.automaticReason, `${reset.consecutiveLosses} consecutive losses`].filter(Boolean);
        return { reset: what.join(', '), breakerState: this.engines.risk.breaker.state() };
      },
      accountSwitchBlocker: () => {
        const open = this.engines.positions.getOpenPositions().length;
        const orders = this.engines.intents.listOpen().length;
        return open + orders > 0 ? `Close ${open} open position(s) and ${orders} working order(s) first` : null;
      },
    };
  }

  heartbeat(_source: string): number | null {
    this.engines.deadMan.heartbeat();
    this.d.state.changed();
    return this.engines.deadMan.toDto().heartbeat_deadline_at;
  }

  /** Of `symbols`, those with an open position or an open intent (persisted ones included). */
  private symbolsInUse(symbols: readonly string[]): string[] {
    const used = new Set<string>();
    for (const p of this.engines.positions.getOpenPositions()) used.add(p.symbol);
    for (const i of this.engines.intents.listOpen()) used.add(i.symbol);
    return symbols.filter((s) => used.has(s));
  }

  /** A stored config names a strategy that is not loaded (or bad params): that symbol takes no entries. */
  private onStrategyProblem(symbol: string, message: string): void {
    this.d.log.error({ symbol, problem: message }, 'strategy not runnable: the symbol takes no entries until the config is fixed');
    this.d.state.recordError('strategy', 'STRATEGY_UNAVAILABLE', `${symbol}: ${message}; no entries on ${symbol} until fixed`);
  }

  private onConfigChange(next: RuntimeConfig, prev: RuntimeConfig): void {
    reconfigureEngines(this.engines, next, {
      strategies: this.strategyRegistry,
      onStrategyProblem: (symbol, message) => this.onStrategyProblem(symbol, message),
    });
    if (JSON.stringify(next.strategy) !== JSON.stringify(prev.strategy) || next.symbols.join() !== prev.symbols.join())
      this.observerFlow.loadBaseline(next);
    if (next.reconcile.interval_s !== prev.reconcile.interval_s && this.timers.length > 0) {
      this.cancelLoops();
      this.startLoops();
    }
  }

  // ─── what the API reads ──────────────────────────────────────────────────

  querySources(): QuerySources {
    return { engines: this.engines, market: this.market, repo: this.d.repo, reviewFlags: this.reviewFlags };
  }

  positionDto(p: Position) {
    return positionDto(this.querySources(), p);
  }

  /** The venue's stream counters into the metrics gauges (at scrape time). */
  refreshMetrics(): void {
    const m = this.d.metrics.streamMessages;
    const { user, market } = this.venue?.streamStats() ?? { user: null, market: null };
    if (user) for (const [kind, n] of Object.entries(user)) m.set({ stream: 'user', kind }, n);
    if (market) for (const [kind, n] of Object.entries(market)) m.set({ stream: 'market', kind }, n);
  }

  venueDescription(): string {
    return this.venue?.description ?? 'no venue';
  }

  venueConnected(): boolean {
    const h = this.venue?.health();
    return Boolean(h && h.market_stream_connected && h.user_stream_connected);
  }

  lastReconcileAgeMs(): number | null {
    return this.lastReconcile ? this.d.clock.now() - this.lastReconcile.finished_at : null;
  }

  get lastReconcileResult(): ReconcileResult | null {
    return this.lastReconcile;
  }

  // ─── helpers ────────────────────────────────────────────────────────────

  private onDecision(env: DecisionEnvelope): void {
    this.d.metrics.decisions.inc({ outcome: env.final_decision });
    this.saveDecision(env);
  }

  private pendingDecisions = new Map<string, DecisionEnvelope>();

  /**
   * Decisions are written after the turn that made them, batched in one transaction: the record
   * matters, but it must not put a disk barrier between a signal and its order.
   */
  saveDecision(env: DecisionEnvelope): void {
    const first = this.pendingDecisions.size === 0;
    this.pendingDecisions.set(env.id, env);
    if (!first) return;
    this.d.scheduler.defer(() => {
      const batch = [...this.pendingDecisions.values()];
      this.pendingDecisions.clear();
      try {
        this.d.repo.transaction(() => {
          for (const d of batch) this.d.repo.insertDecision(d);
        });
      } catch (err) {
        this.d.state.recordError('store', 'DECISION_PERSIST_FAILED', (err as Error).message);
      }
    });
  }

  private afterIntentChange(intent: { positionId: string | null } | null): void {
    if (intent?.positionId) this.persistPosition(intent.positionId);
    this.d.state.changed();
  }

  persistPosition(positionId: string): void {
    const rec = this.engines.positions.record(positionId);
    if (!rec) return;
    try {
      // A savepoint inside the order path's group commit, its own commit elsewhere: one fsync.
      this.d.repo.transaction(() => {
        this.d.repo.upsertPosition(rec);
        persistDailyPnl(this.engines, this.d.repo);
      });
    } catch (err) {
      this.d.state.recordError('store', 'POSITION_PERSIST_FAILED', (err as Error).message);
    }
  }

  private safely(source: string, fn: () => unknown): void {
    try {
      const r = fn();
      if (r instanceof Promise) r.catch((err: Error) => this.onHandlerError(source, err));
    } catch (err) {
      this.onHandlerError(source, err as Error);
    }
  }

  onHandlerError(source: string, err: Error): void {
    this.d.log.error({ source, err: err.message, stack: err.stack }, 'event handler failed');
    this.d.state.recordError(source, 'HANDLER_FAILED', err.message);
  }
}
