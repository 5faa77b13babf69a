import { randomUUID } from 'node:crypto';
import type { AccountMode, DecisionEnvelope, DecisionQuery, ManualProposalRequest, ReconcileResult, RuntimeConfig, StateSnapshot, ClosePositionRequest } from '@aurora/contracts';
import {
  Dec,
  ExecutionEngine,
  Reconciler,
  ZERO,
  adjustPrice,
  minQuantityFor,
  reconcilePlanConfig,
  type AssetBalance,
  type BookTicker,
  type Clock,
  type ExecutionOutcome,
  type ExecutionReport,
  type Kline,
  type Position,
  type ProposalCandidate,
  type ProposalInput,
  type ReportOutcome,
  type DecisionRequest,
  type UserStreamEvent,
} from '@aurora/core';
import type { MarketStreamEvent } from '@aurora/binance';
import type { Decimal } from 'decimal.js';
import type { Env } from '../config/env';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';
import type { AppState } from '../state/app-state';
import type { TradingRepo } from '../store/trading-repo';
import type { WsHub } from '../api/routes/ws';
import { ApiError, notFound } from '../api/api-error';
import type { ConfigService } from './config-service';
import type { ControlHooks } from './control-service';
import { buildEngines, persistEngineState, reconfigureEngines, type Engines } from './engines';
import { MarketData } from './market-data';
import { connectVenue, type VenueConnection } from './venue';
import { PnlSeries } from './pnl-series';
import { buildSnapshot } from './snapshot';
import { positionDto, queryDecisions, queryOrders, queryPosition, queryPositions, type QuerySources } from './trading-queries';
import { EMPTY_RATE_LIMITS } from './snapshot';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { TradingApi } from './trading-api';
import { fillToTradeDto } from './fill-record';

export interface TradingRuntimeDeps {
  env: Env;
  log: Logger;
  clock: Clock;
  state: AppState;
  config: ConfigService;
  metrics: Metrics;
  repo: TradingRepo;
  /** Whether the database answers (for health and the snapshot). */
  dbHealthy(): boolean;
}

const VENUE_SESSION_META = 'venue_session';
const WARMUP_CANDLES = 500;
const TICK_MS = 1000;
const LATENCY_PROBE_MS = 10_000;

/**
 * The trading runtime: venue → market data → strategy → pipeline → execution, user stream →
 * positions → risk, the reconciler and the safety loops. It owns the event wiring and the
 * timers; every rule lives in packages/core.
 */
export class TradingRuntime implements TradingApi {
  venue: VenueConnection | null = null;
  readonly market: MarketData;
  readonly engines: Engines;
  execution: ExecutionEngine<ReportOutcome> | null = null;
  private reconciler: Reconciler | null = null;
  readonly balances = new Map<string, AssetBalance>();
  readonly pnlSeries: PnlSeries;
  private timers: NodeJS.Timeout[] = [];
  private wsHub: WsHub | null = null;
  private lastReconcile: ReconcileResult | null;
  private inFlightExits = new Set<string>();
  private evaluating = new Set<string>();
  private lastEquityAt = 0;
  private stopped = false;
  readonly reviewFlags = new Map<string, string>();
  private readonly protectedPositions = new Set<string>();
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });

  constructor(private readonly d: TradingRuntimeDeps) {
    const market = new MarketData(d.clock);
    const engines = buildEngines({
      clock: d.clock,
      config: d.config.get(),
      repo: d.repo,
      log: d.log,
      priceOf: (asset) => this.priceOf(asset),
      dustThreshold: (symbol) => this.venue?.adapter.exchangeInfo.get(symbol)?.lotSize?.stepSize ?? null,
      onDecision: (env) => this.onDecision(env),
      onIllegal: (message) => {
        d.metrics.illegalTransitions.inc();
        d.state.recordError('positions', 'ILLEGAL_TRANSITION', message);
      },
    });
    this.market = market;
    this.engines = engines;
    this.pnlSeries = new PnlSeries(d.clock, d.config.get().risk.trading_day_offset_min);
    this.lastReconcile = d.repo.lastReconcile();
    d.config.onChange((next, prev) => this.onConfigChange(next, prev));
  }

  querySources(): QuerySources {
    return { engines: this.engines, market: this.market, repo: this.d.repo, reviewFlags: this.reviewFlags };
  }

  positionDto(p: Position) {
    return positionDto(this.querySources(), p);
  }

  eventLoopLagMs(): number | null {
    const mean = this.loopDelay.mean;
    return Number.isFinite(mean) ? Math.round((mean / 1e6) * 100) / 100 : null;
  }

  // ─── queries (TradingApi) ───────────────────────────────────────────────

  positions(q: Parameters<TradingApi['positions']>[0]) {
    return queryPositions(this.querySources(), q);
  }

  position(id: string) {
    return queryPosition(this.querySources(), id);
  }

  orders(q: Parameters<TradingApi['orders']>[0]) {
    return queryOrders(this.querySources(), q);
  }

  trades(q: Parameters<TradingApi['trades']>[0]) {
    return this.d.repo.pageFills(q.symbol, q.limit, q.offset);
  }

  decisions(q: DecisionQuery) {
    return queryDecisions(this.querySources(), q);
  }

  decision(id: string): DecisionEnvelope | null {
    return this.engines.pipeline.find(id) ?? this.d.repo.decision(id);
  }

  risk() {
    return this.engines.risk.toDto();
  }

  rateLimits() {
    return this.venue?.adapter.rateLimits() ?? EMPTY_RATE_LIMITS;
  }

  tca() {
    const trades = this.engines.positions
      .getAllPositions()
      .map((p) => ({ position_id: p.id, symbol: p.symbol, tca: this.engines.tca.dto(p.id) }))
      .filter((t): t is { position_id: string; symbol: string; tca: NonNullable<typeof t.tca> } => t.tca !== null);
    return { summary: this.engines.tca.summary(), trades };
  }

  latency() {
    return this.engines.latency.snapshot();
  }

  candles(symbol: string, limit: number) {
    const candles = this.market.candles(symbol, limit);
    const from = candles[0]?.t ?? 0;
    const markers = this.d.repo
      .fillsSince(from)
      .filter((f) => f.symbol === symbol && f.position_id !== null)
      .map((f) => {
        const p = f.position_id ? this.engines.positions.getPosition(f.position_id) : undefined;
        const kind: 'ENTRY' | 'EXIT' = p && p.side !== f.side ? 'EXIT' : 'ENTRY';
        return { t: f.time, side: f.side, price: f.price, kind, position_id: f.position_id ?? '' };
      });
    return { candles, markers };
  }

  attachWsHub(hub: WsHub): void {
    this.wsHub = hub;
  }

  venueDescription(): string {
    return this.venue?.description ?? 'no venue';
  }

  venueConnected(): boolean {
    const h = this.venue?.adapter.health();
    return Boolean(h && h.market_stream_connected && h.user_stream_connected);
  }

  lastReconcileAgeMs(): number | null {
    return this.lastReconcile ? this.d.clock.now() - this.lastReconcile.finished_at : null;
  }

  snapshot(): StateSnapshot {
    return buildSnapshot(this, this.d, this.wsHub?.clientCount() ?? 0);
  }

  get lastReconcileResult(): ReconcileResult | null {
    return this.lastReconcile;
  }

  // ─── lifecycle ───────────────────────────────────────────────────────────

  /** Connect, warm up, reconcile; only then may trading resume. */
  async start(): Promise<void> {
    const { state } = this.d;
    state.raiseNoGo('STARTUP_RECONCILE', 'Reconciling with the exchange before trading resumes');
    await this.connect(state.accountMode);
    this.startLoops();
  }

  private async connect(mode: AccountMode): Promise<void> {
    const { env, log, config, state } = this.d;
    const venue = await connectVenue(mode, env, config.get(), log, this.d.clock);
    this.venue = venue;
    this.forgetPreviousEmbeddedSession(venue);
    const adapter = venue.adapter;
    adapter.userStream?.onEvent((e) => this.safely('user-stream', () => this.onUserEvent(e)));
    adapter.marketStream.subscribe((e) => this.safely('market-stream', () => this.onMarketEvent(e)));
    this.execution = new ExecutionEngine<ReportOutcome>({
      exchange: adapter.exchange,
      intents: this.engines.intents,
      idempotency: this.engines.idempotency,
      positions: this.engines.positions,
      filters: (s) => adapter.exchangeInfo.get(s),
      config: () => config.get().execution,
      clock: this.d.clock,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      newId: randomUUID,
      resync: async () => {
        await adapter.rest.timeSync.sync();
      },
      onAnomaly: (a) => {
        log.warn({ kind: a.kind, intentId: a.intentId, detail: a.detail }, 'execution anomaly');
        state.recordError('execution', a.kind, a.detail);
      },
    });
    this.reconciler = new Reconciler({
      exchange: adapter.exchange,
      clock: this.d.clock,
      newId: randomUUID,
      intents: this.execution,
      positions: () =>
        this.engines.positions.getOpenPositions().map((p) => ({
          id: p.id,
          symbol: p.symbol,
          status: p.status,
          updatedAt: p.updatedAt,
          reviewFlag: this.reviewFlags.get(p.id) ?? null,
        })),
      balances: () => [...this.balances.values()],
      config: () => reconcilePlanConfig(config.get()),
      actions: {
        adopt: (id, order, fills) => this.afterIntentChange(this.execution?.adoptOrder(id, order, fills) ?? null),
        applyReport: (r) => this.applyExecutionReport(r),
        markNotFound: (id) => this.afterIntentChange(this.execution?.markNotFound(id) ?? null),
        setBalances: (b) => this.setBalances(b),
        flagStalePosition: (id, reason) => {
          this.reviewFlags.set(id, reason);
          state.changed();
        },
      },
    });
    try {
      await adapter.start();
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

  /** A fresh embedded simulator knows nothing of an earlier session's orders: say so, loudly. */
  private forgetPreviousEmbeddedSession(venue: VenueConnection): void {
    const session = venue.sim ? `sim-embedded:${randomUUID()}` : `${venue.kind}:${venue.venue.restUrl}`;
    const previous = this.d.repo.getMeta(VENUE_SESSION_META);
    this.d.repo.setMeta(VENUE_SESSION_META, session);
    if (!previous || previous === session || !previous.startsWith('sim-embedded:')) return;
    const open = this.engines.positions.getOpenPositions();
    for (const p of open) this.engines.positions.markError(p.id, 'venue reset: the embedded simulator was restarted');
    for (const i of this.engines.intents.listOpen()) this.execution?.markNotFound(i.id);
    for (const p of open) this.persistPosition(p.id);
    if (open.length > 0) {
      this.d.state.recordControl('venue-reset', 'startup', `${open.length} open`, 'Error', 'embedded simulator restarted: earlier positions cannot exist on it');
    }
  }

  private async warmup(): Promise<void> {
    const adapter = this.venue?.adapter;
    if (!adapter) return;
    for (const symbol of this.d.config.get().symbols) {
      try {
        const klines = await adapter.exchange.getKlines(symbol, '1m', WARMUP_CANDLES);
        const closed = klines.filter((k) => k.closed);
        this.market.warmup(closed);
        this.engines.ensembles.get(symbol)?.warmup(closed);
        for (const k of closed) this.engines.correlation.onKline(k);
        this.market.onBookTicker(await adapter.exchange.getBookTicker(symbol));
      } catch (err) {
        this.d.log.warn({ symbol, err: (err as Error).message }, 'warm-up failed for symbol');
        this.d.state.recordError('market', 'WARMUP_FAILED', `${symbol}: ${(err as Error).message}`);
      }
    }
    try {
      const account = await adapter.exchange.getAccount();
      this.setBalances(account.balances);
    } catch (err) {
      this.d.state.recordError('venue', 'ACCOUNT_FAILED', (err as Error).message);
    }
  }

  private async startupReconcile(): Promise<void> {
    // Intents whose answer we never got are settled by clientOrderId before anything else.
    for (const intent of this.engines.intents.listByStatus(['UNKNOWN'])) {
      await this.execution?.recover(intent.id).catch(() => null);
    }
    const result = await this.reconcile('STARTUP');
    if (result.ok) {
      this.d.state.ready = true;
      this.d.state.clearNoGo('STARTUP_RECONCILE');
      this.engines.deadMan.arm();
      this.d.state.changed();
    }
  }

  private startLoops(): void {
    this.loopDelay.enable();
    const every = (ms: number, name: string, fn: () => unknown) => {
      const t = setInterval(() => this.safely(name, fn), ms);
      t.unref();
      this.timers.push(t);
    };
    every(TICK_MS, 'tick', () => this.tick());
    every(this.d.config.get().reconcile.interval_s * 1000, 'reconcile', () => this.reconcileInBackground('INTERVAL'));
  }

  private tick(): void {
    const now = this.d.clock.now();
    const { state } = this.d;
    if (!this.venue) return;
    // A venue that failed to start is retried until it answers; start-up reconcile follows.
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
    this.refreshBreakerNoGo();
    if (this.execution) void this.execution.cancelStaleEntries(now).catch((err: Error) => state.recordError('execution', 'STALE_CANCEL_FAILED', err.message));
    for (const due of this.engines.tca.dueImpacts(now)) {
      const mid = this.market.mark(due.symbol);
      if (mid) this.engines.tca.recordImpact(due.positionId, mid, now);
    }
    this.pnlSeries.sample(this.realizedToday(), this.unrealized(), false);
    if (now - this.lastEquityAt > 5_000) this.refreshEquityAndExposure();
    // Measures that move without an event (rate-limit usage, stream health, loop lag) are state
    // too: when any changed since the last tick, the version moves so the dashboard is told.
    if (now - this.lastProbeAt >= LATENCY_PROBE_MS) {
      this.lastProbeAt = now;
      void this.probePausedSymbols();
    }
    const rl = this.rateLimits();
    this.d.metrics.rateLimitWeight.set(rl.used_weight_1m);
    this.d.metrics.rateLimitWeightLimit.set(rl.weight_limit_1m);
    const sig = this.measuresSignature();
    if (sig !== this.lastMeasures) {
      this.lastMeasures = sig;
      state.changed();
    }
  }

  private lastMeasures = '';
  private lastProbeAt = 0;

  /**
   * A symbol paused by the latency guard places no entries, so no new samples would ever lift
   * the pause. Probe it with a validated-but-not-executed order (POST /api/v3/order/test, the same
   * signed path) and feed the round trip to the tracker: the pause ends when the venue recovers.
   */
  private async probePausedSymbols(): Promise<void> {
    const rest = this.venue?.adapter.rest;
    if (!rest) return;
    for (const symbol of this.engines.latency.pausedSymbols()) {
      const book = this.market.book(symbol);
      const f = this.venue?.adapter.exchangeInfo.get(symbol);
      if (!book || !f) continue;
      const qty = minQuantityFor(book.bidPrice, f);
      const started = performance.now();
      try {
        await rest.testOrder({ symbol, side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: qty, price: adjustPrice(book.bidPrice, f, 'BUY'), clientOrderId: `probe-${randomUUID()}` });
        const res = this.engines.latency.recordPlacement(symbol, performance.now() - started);
        if (res.ok && res.transition === 'RESUMED') this.d.log.info({ symbol }, 'latency guard: entries resumed');
      } catch (err) {
        this.d.log.warn({ symbol, err: (err as Error).message }, 'latency probe failed');
      }
    }
  }

  private measuresSignature(): string {
    const h = this.venue?.adapter.health();
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
      Math.round(this.eventLoopLagMs() ?? 0),
      this.d.dbHealthy(),
    ].join('|');
  }

  private retryingVenue = false;
  private reconciling = false;

  private async retryVenue(): Promise<void> {
    this.retryingVenue = true;
    try {
      await this.venue?.adapter.start();
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
    this.loopDelay.disable();
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    void this.venue?.close();
  }

  /** Graceful shutdown: pause, cancel entry orders (never exits), log positions, flush. */
  async shutdown(): Promise<void> {
    const { state, log } = this.d;
    // Paused in memory only: the persisted mode is what the operator chose, restored at restart.
    if (state.tradingMode === 'RUNNING') state.tradingMode = 'PAUSED';
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.stopped = true;
    this.loopDelay.disable();
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

  // ─── market data → strategy → pipeline → execution ──────────────────────

  private onMarketEvent(e: MarketStreamEvent): void {
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

  private onBook(t: BookTicker): void {
    this.market.onBookTicker(t);
    this.engines.ensembles.get(t.symbol)?.onBookTicker(t);
    this.engines.deadMan.marketData(t.receivedAt);
    this.evaluateExits(t.symbol);
    this.d.state.changed();
  }

  private onKline(k: Kline): void {
    const closedCandle = this.market.onKline(k);
    this.engines.deadMan.marketData(this.d.clock.now());
    if (!closedCandle) return;
    this.engines.correlation.onKline(k);
    const candidate = this.engines.ensembles.get(k.symbol)?.onKline(k) ?? null;
    this.d.state.changed();
    if (!candidate || !this.mayOpenEntries()) return;
    if (this.engines.latency.isPaused(k.symbol)) {
      this.d.log.info({ symbol: k.symbol, reason: this.engines.latency.pauseReason(k.symbol) }, 'entry skipped: latency guard');
      return;
    }
    void this.evaluateAndExecute(this.proposalFromCandidate(candidate), candidate).catch((err: Error) =>
      this.onHandlerError('strategy', err),
    );
  }

  /** New entries need: ready (start-up reconcile done), RUNNING, no dead-man, venue up. */
  mayOpenEntries(): boolean {
    const s = this.d.state;
    return s.ready && s.tradingMode === 'RUNNING' && !s.hasNoGo('DEAD_MAN_SWITCH') && !s.hasNoGo('VENUE_DOWN');
  }

  /** Stops and targets on the symbol's tick grid, rounded to the safe side. */
  private roundLevel(symbol: string, price: Decimal, side: 'BUY' | 'SELL'): Decimal {
    const f = this.venue?.adapter.exchangeInfo.get(symbol);
    return f && price.gt(0) ? adjustPrice(price, f, side) : price;
  }

  private proposalFromCandidate(c: ProposalCandidate): ProposalInput {
    const exitSide = c.side === 'BUY' ? 'SELL' : 'BUY';
    return {
      symbol: c.symbol,
      side: c.side,
      source: 'STRATEGY',
      entryPrice: c.entryPrice,
      quantity: null,
      stopPrice: this.roundLevel(c.symbol, c.stopPrice, exitSide === 'SELL' ? 'SELL' : 'BUY'),
      takeProfitPrice: this.roundLevel(c.symbol, c.takeProfitPrice, c.side),
      confidence: c.confidence,
      createdAt: c.signalAt,
    };
  }

  /** One proposal through the gates and, when allowed, to the exchange. */
  private async evaluateAndExecute(
    proposal: ProposalInput,
    candidate: ProposalCandidate | null,
    orderType?: 'LIMIT' | 'MARKET',
  ): Promise<DecisionEnvelope> {
    const symbol = proposal.symbol;
    if (this.evaluating.has(symbol) && proposal.source === 'STRATEGY') {
      throw new ApiError(409, 'BUSY', `A proposal for ${symbol} is already being evaluated`);
    }
    this.evaluating.add(symbol);
    try {
      const decision = this.engines.pipeline.evaluate(this.decisionRequest(proposal, candidate));
      if (!decision.allowed || decision.quantity === null) {
        const layer = decision.envelope.blocking_layer ?? 'UNKNOWN';
        const gate = decision.envelope.gates[decision.envelope.gates.length - 1];
        this.d.metrics.rejects.inc({ layer, reason: gate?.reason_code ?? 'UNKNOWN' });
        if (layer === 'RISK') this.wsHub?.broadcastEvent({ kind: 'RISK_BLOCKED', message: `${symbol}: ${gate?.reason ?? ''}`, at: this.d.clock.now() });
        return decision.envelope;
      }
      if (!this.execution) throw new ApiError(503, 'VENUE_DOWN', 'No venue connected');
      const envelope = decision.envelope;
      this.engines.risk.onTradeOpened(envelope.id);
      const book = this.market.book(symbol);
      const cfg = this.d.config.get();
      const type = decision.forceLimit ? 'LIMIT' : (orderType ?? cfg.execution.entry_order_type);
      const price = type === 'LIMIT' || type === 'LIMIT_IOC' ? proposal.entryPrice : (proposal.side === 'BUY' ? book?.askPrice : book?.bidPrice) ?? proposal.entryPrice;
      const outcome = await this.execution.executeEntry({
        proposalId: envelope.proposal.id,
        decisionId: envelope.id,
        symbol,
        side: proposal.side,
        quantity: decision.quantity,
        price,
        stop: proposal.stopPrice,
        takeProfit: proposal.takeProfitPrice,
        tags: { strategy: proposal.source === 'MANUAL' ? 'manual' : 'ensemble', account_mode: this.d.state.accountMode },
        forceLimit: decision.forceLimit,
        ...(orderType ? { orderType } : {}),
      });
      this.afterEntryOutcome(envelope, outcome, candidate, proposal);
      return envelope;
    } finally {
      this.evaluating.delete(symbol);
    }
  }

  private afterEntryOutcome(envelope: DecisionEnvelope, outcome: ExecutionOutcome, candidate: ProposalCandidate | null, proposal: ProposalInput): void {
    const { metrics, state, log } = this.d;
    metrics.orders.inc({ purpose: 'ENTRY', outcome: outcome.kind });
    if (outcome.kind === 'ACKED') {
      envelope.intent_id = outcome.intent.id;
      this.d.repo.insertDecision(envelope);
      const positionId = outcome.intent.positionId;
      if (positionId) {
        const book = this.market.book(proposal.symbol);
        this.engines.tca.onOrderSent(positionId, {
          symbol: proposal.symbol,
          side: proposal.side,
          signalPrice: candidate?.signalPrice ?? proposal.entryPrice,
          bid: book?.bidPrice ?? null,
          ask: book?.askPrice ?? null,
        });
        // Fills may have arrived (FULL response or stream) before we got here.
        const p = this.engines.positions.getPosition(positionId);
        if (p && p.avgEntryPrice && p.filledQty.gt(0)) {
          this.engines.tca.onFill(positionId, { avgPrice: p.avgEntryPrice, filledQty: p.filledQty, at: p.openedAt ?? this.d.clock.now() });
        }
        this.persistPosition(positionId);
      }
      this.recordPlacementLatency(outcome.intent.symbol, outcome.intent.sentAt, outcome.intent.ackedAt);
      state.changed();
      return;
    }
    this.engines.risk.onTradeAborted(envelope.id);
    if (outcome.kind === 'REJECTED') {
      log.warn({ symbol: proposal.symbol, code: outcome.error.code, msg: outcome.error.message }, 'entry rejected by the exchange');
      state.recordError('execution', `REJECTED_${outcome.error.code ?? 'UNKNOWN'}`, outcome.error.message);
    } else if (outcome.kind === 'BLOCKED') {
      state.recordError('execution', `BLOCKED_${outcome.code}`, outcome.message);
    } else if (outcome.kind === 'NOT_FOUND') {
      state.recordError('execution', 'NOT_FOUND', `intent ${outcome.intent.id} was not found on the exchange after recovery`);
    }
    if (outcome.kind !== 'DUPLICATE' && 'intent' in outcome) this.persistPositionOfIntent(outcome.intent.id);
    state.changed();
  }

  /** Everything the gates read, gathered at evaluation time. */
  private decisionRequest(proposal: ProposalInput, candidate: ProposalCandidate | null): DecisionRequest {
    const symbol = proposal.symbol;
    const adapter = this.venue?.adapter;
    const h = adapter?.health();
    const quote = this.d.config.get().quote_asset;
    const base = symbol.endsWith(quote) ? symbol.slice(0, -quote.length) : symbol;
    const ensemble = this.engines.ensembles.get(symbol);
    const open = this.engines.positions.getOpenPositions();
    const openSymbols = [...new Set(open.map((p) => p.symbol))];
    return {
      proposal,
      ...(candidate ? { signals: candidate.signals } : {}),
      market: {
        book: this.market.book(symbol),
        marketDataAt: this.market.lastMessageAt,
        klineUpdatedAt: this.market.lastKlineAt(symbol),
        klineGaps: ensemble?.gapsInWindow() ?? 0,
        atr: ensemble?.atr ?? null,
        signalPrice: candidate?.signalPrice ?? null,
      },
      exchange: {
        filters: adapter?.exchangeInfo.get(symbol) ?? null,
        exchangeInfoLoadedAt: h?.exchange_info_loaded_at ?? null,
        clockOffsetMs: h?.clock_offset_ms ?? null,
      },
      account: { freeQuote: this.balances.get(quote)?.free ?? ZERO, freeBase: this.balances.get(base)?.free ?? ZERO },
      position: {
        hasOpen: open.some((p) => p.symbol === symbol),
        hasPendingIntent: this.engines.intents.listOpen().some((i) => i.symbol === symbol && i.purpose === 'ENTRY'),
      },
      correlations: this.engines.correlation.correlationsWith(symbol, openSymbols),
    };
  }

  // ─── exits ───────────────────────────────────────────────────────────────

  private evaluateExits(symbol: string): void {
    const price = this.market.mark(symbol);
    if (!price || !this.execution) return;
    const atr = this.engines.ensembles.get(symbol)?.atr ?? null;
    for (const p of this.engines.positions.getOpenPositions()) {
      if (p.symbol !== symbol || p.status !== 'Open' || p.avgEntryPrice === null || this.inFlightExits.has(p.id)) continue;
      const ev = this.engines.exits.evaluate(
        { side: p.side, entryPrice: p.avgEntryPrice, stopPrice: p.stopPrice, takeProfitPrice: p.takeProfitPrice, trailingStopPrice: p.trailingStopPrice, openedAt: p.openedAt ?? p.createdAt },
        price,
        atr,
      );
      if (ev.trailingStopPrice !== null && (p.trailingStopPrice === null || !ev.trailingStopPrice.eq(p.trailingStopPrice))) {
        this.engines.positions.updateExitLevels(p.id, { trailingStopPrice: ev.trailingStopPrice });
      }
      if (ev.exit) void this.exitPosition(p.id, undefined, `${ev.exit}: ${ev.reason ?? ''}`, 'strategy');
    }
  }

  /**
   * With execution.exchange_side_exits, a filled entry also gets a STOP_LOSS_LIMIT on the
   * exchange, so the stop holds even while the bot is down. Only the stop: on Spot both a stop and
   * a take-profit would lock the same base asset (no OCO here); the bot manages the target.
   */
  private placeProtectiveStop(p: Position): void {
    if (!this.d.config.get().execution.exchange_side_exits || !this.execution || p.stopPrice === null) return;
    if (this.protectedPositions.has(p.id)) return;
    this.protectedPositions.add(p.id);
    const f = this.venue?.adapter.exchangeInfo.get(p.symbol);
    const exitSide = p.side === 'BUY' ? 'SELL' : 'BUY';
    // The limit sits 0.5 % beyond the trigger so a fast market still fills it.
    const slip = p.side === 'BUY' ? new Dec('0.995') : new Dec('1.005');
    const raw = p.stopPrice.mul(slip);
    const limitPrice = f ? adjustPrice(raw, f, exitSide) : raw;
    void this.execution
      .placeProtectiveOrder({ positionId: p.id, kind: 'STOP_LOSS_LIMIT', triggerPrice: p.stopPrice, limitPrice })
      .then((o) => {
        this.d.metrics.orders.inc({ purpose: 'PROTECTIVE', outcome: o.kind });
        if (o.kind !== 'ACKED') this.d.state.recordError('execution', `PROTECTIVE_${o.kind}`, 'message' in o ? o.message : o.kind);
      })
      .catch((err: Error) => this.onHandlerError('protective-stop', err));
  }

  /** Exits are never blocked by pause, kill or the breaker. */
  async exitPosition(positionId: string, quantity: Decimal | undefined, reason: string, source: string): Promise<ExecutionOutcome> {
    if (!this.execution) throw new ApiError(503, 'VENUE_DOWN', 'No venue connected');
    if (this.inFlightExits.has(positionId)) throw new ApiError(409, 'EXIT_IN_FLIGHT', 'An exit for this position is already being placed');
    this.inFlightExits.add(positionId);
    try {
      const p = this.engines.positions.getPosition(positionId);
      const mark = p ? this.market.mark(p.symbol) : null;
      const outcome = await this.execution.executeExit({ positionId, reason, ...(quantity ? { quantity } : {}), ...(mark ? { referencePrice: mark } : {}) });
      this.d.metrics.orders.inc({ purpose: 'EXIT', outcome: outcome.kind });
      if (outcome.kind === 'ACKED') this.recordPlacementLatency(outcome.intent.symbol, outcome.intent.sentAt, outcome.intent.ackedAt);
      else if (outcome.kind === 'REJECTED' || outcome.kind === 'BLOCKED' || outcome.kind === 'NOT_FOUND')
        this.d.state.recordError('execution', `EXIT_${outcome.kind}`, 'message' in outcome ? outcome.message : `exit of ${positionId} ${outcome.kind}`);
      this.d.log.info({ positionId, reason, source, outcome: outcome.kind }, 'exit placed');
      this.persistPosition(positionId);
      this.d.state.changed();
      return outcome;
    } finally {
      this.inFlightExits.delete(positionId);
    }
  }

  // ─── user stream → execution → positions → risk ────────────────────────

  private onUserEvent(e: UserStreamEvent): void {
    switch (e.kind) {
      case 'executionReport':
        this.applyExecutionReport(e);
        return;
      case 'outboundAccountPosition':
        this.mergeBalances(e.balances);
        return;
      case 'balanceUpdate':
        this.d.state.changed();
        return;
      case 'resynced':
        this.reconcileInBackground('RECONNECT');
        return;
      case 'eventStreamTerminated':
        this.d.state.recordError('user-stream', 'TERMINATED', 'user data stream terminated by the venue; reconnecting');
        return;
      case 'listStatus':
        return;
    }
  }

  /** The one path every order update takes (stream, FULL response, reconciler). */
  applyExecutionReport(r: ExecutionReport): void {
    if (!this.execution) return;
    const app = this.execution.onExecutionReport(r);
    const intent = app.intent;
    if (!intent) return; // not ours: the reconciler reports orphans
    const outcome = app.position;
    if (r.executionType === 'TRADE' && r.tradeId !== null) this.recordFill(r, intent.positionId);
    if (app.effect?.firstFill) this.recordAckToFill(intent.symbol, intent.ackedAt, intent.firstFillAt);
    if (intent.positionId) {
      const p = this.engines.positions.getPosition(intent.positionId);
      if (p && intent.purpose === 'ENTRY' && r.executionType === 'TRADE') {
        this.engines.tca.onFill(p.id, { avgPrice: p.avgEntryPrice ?? r.lastPrice, filledQty: p.filledQty, at: r.transactTime });
      }
      if (p && p.status === 'Cancelled' && p.decisionId) this.engines.risk.onTradeAborted(p.decisionId);
      if (p && p.status === 'Open' && intent.purpose === 'ENTRY') this.placeProtectiveStop(p);
      this.persistPosition(intent.positionId);
    }
    if (outcome?.closedTrade) this.onTradeClosed(outcome.closedTrade.positionId, outcome.closedTrade.symbol, outcome.closedTrade.pnl);
    this.d.state.changed();
  }

  private recordFill(r: ExecutionReport, positionId: string | null): void {
    const dto = fillToTradeDto(r, positionId, (asset) => this.priceOf(asset), this.d.config.get().quote_asset);
    if (this.d.repo.insertFill(dto)) {
      this.d.metrics.fills.inc({ symbol: r.symbol, side: r.side });
      this.wsHub?.broadcastEvent({ kind: 'TRADE_EXECUTED', message: `${r.side} ${r.lastQty.toFixed()} ${r.symbol} @ ${r.lastPrice.toFixed()}`, at: r.transactTime });
    }
  }

  private onTradeClosed(positionId: string, symbol: string, pnl: Decimal): void {
    this.protectedPositions.delete(positionId);
    const p = this.engines.positions.getPosition(positionId);
    const before = this.engines.risk.breaker.state();
    this.engines.risk.onTradeClosed(p?.decisionId ?? positionId, pnl);
    this.engines.insurance.onTradeClosed(symbol, pnl);
    this.pnlSeries.sample(this.realizedToday(), this.unrealized(), true);
    persistEngineState(this.engines, this.d.repo);
    this.refreshEquityAndExposure();
    const after = this.engines.risk.breaker.state();
    if (after === 'Open' && before !== 'Open') {
      const reason = this.engines.risk.noGoReason() ?? 'circuit breaker tripped';
      this.wsHub?.broadcastEvent({ kind: 'BREAKER_TRIPPED', message: reason, at: this.d.clock.now() });
      this.d.log.warn({ reason }, 'circuit breaker tripped: new entries blocked, exits still allowed');
    }
    this.refreshBreakerNoGo();
  }

  private refreshBreakerNoGo(): void {
    const reason = this.engines.risk.noGoReason();
    const { state, metrics } = this.d;
    const bs = this.engines.risk.breaker.state();
    metrics.breakerState.set(bs === 'Closed' ? 0 : bs === 'HalfOpen' ? 1 : 2);
    if (reason && bs === 'Open') state.raiseNoGo('CIRCUIT_BREAKER', reason);
    else state.clearNoGo('CIRCUIT_BREAKER');
  }

  // ─── balances, equity, exposure ────────────────────────────────────────

  private setBalances(b: AssetBalance[]): void {
    this.balances.clear();
    this.mergeBalances(b);
  }

  private mergeBalances(b: AssetBalance[]): void {
    for (const x of b) {
      if (x.free.isZero() && x.locked.isZero()) this.balances.delete(x.asset);
      else this.balances.set(x.asset, x);
    }
    this.refreshEquityAndExposure();
    this.d.state.changed();
  }

  /** The price of an asset in the quote asset (for BNB fees and equity). */
  priceOf(asset: string): Decimal | null {
    const quote = this.d.config.get().quote_asset;
    if (asset === quote) return new Dec(1);
    return this.market.mark(`${asset}${quote}`);
  }

  equity(): Decimal {
    let total = ZERO;
    for (const b of this.balances.values()) {
      const px = this.priceOf(b.asset);
      if (px) total = total.plus(b.free.plus(b.locked).mul(px));
    }
    return total;
  }

  private refreshEquityAndExposure(): void {
    this.lastEquityAt = this.d.clock.now();
    const eq = this.equity();
    if (eq.gt(0)) this.engines.risk.updateEquity(eq);
    const exposure = this.engines.positions.exposureBySymbol((s) => this.market.mark(s));
    this.engines.risk.updateExposure(Object.entries(exposure).map(([symbol, notional]) => ({ symbol, notional })));
  }

  realizedToday(): Decimal {
    return this.engines.positions.getPnlToday();
  }

  unrealized(): Decimal {
    return this.engines.positions.getUnrealizedPnl((s) => this.market.mark(s));
  }

  // ─── decisions, latency, persistence helpers ────────────────────────────

  private onDecision(env: DecisionEnvelope): void {
    this.d.metrics.decisions.inc({ outcome: env.final_decision });
    try {
      this.d.repo.insertDecision(env);
    } catch (err) {
      this.d.state.recordError('store', 'DECISION_PERSIST_FAILED', (err as Error).message);
    }
  }

  private recordPlacementLatency(symbol: string, sentAt: number | null, ackedAt: number | null): void {
    if (sentAt === null || ackedAt === null) return;
    const ms = ackedAt - sentAt;
    this.d.metrics.placementLatency.observe({ symbol }, ms / 1000);
    const res = this.engines.latency.recordPlacement(symbol, ms);
    if (res.ok && res.transition) this.d.log.warn({ symbol, transition: res.transition }, 'latency guard');
  }

  private recordAckToFill(symbol: string, ackedAt: number | null, firstFillAt: number | null): void {
    if (ackedAt === null || firstFillAt === null) return;
    const ms = Math.max(0, firstFillAt - ackedAt);
    this.d.metrics.ackToFill.observe({ symbol }, ms / 1000);
    this.engines.latency.recordAckToFill(symbol, ms);
  }

  private afterIntentChange(intent: { positionId: string | null } | null): void {
    if (intent?.positionId) this.persistPosition(intent.positionId);
    this.d.state.changed();
  }

  private persistPositionOfIntent(intentId: string): void {
    const i = this.engines.intents.get(intentId);
    if (i?.positionId) this.persistPosition(i.positionId);
  }

  persistPosition(positionId: string): void {
    const rec = this.engines.positions.record(positionId);
    if (!rec) return;
    try {
      this.d.repo.upsertPosition({ id: rec.id, symbol: rec.symbol, status: rec.status, created_at: rec.createdAt, updated_at: rec.updatedAt, body: JSON.stringify(rec) });
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

  private onHandlerError(source: string, err: Error): void {
    this.d.log.error({ source, err: err.message, stack: err.stack }, 'event handler failed');
    this.d.state.recordError(source, 'HANDLER_FAILED', err.message);
  }

  // ─── reconciliation ────────────────────────────────────────────────────

  async reconcile(trigger: ReconcileResult['trigger']): Promise<ReconcileResult> {
    if (!this.reconciler) throw new ApiError(503, 'VENUE_DOWN', 'No venue connected');
    this.reconciling = true;
    try {
      const result = await this.reconciler.run(trigger);
      this.lastReconcile = result;
      this.d.metrics.reconcileRuns.inc({ ok: String(result.ok) });
      for (const item of result.drift) this.d.metrics.reconcileDrift.inc({ kind: item.kind });
      try {
        this.d.repo.insertReconcile(result);
      } catch (err) {
        this.d.state.recordError('store', 'RECONCILE_PERSIST_FAILED', (err as Error).message);
      }
      if (result.drift.length > 0) {
        this.d.log.warn({ trigger, drift: result.drift.length }, 'reconciliation found drift');
        this.wsHub?.broadcastEvent({ kind: 'RECONCILE_DRIFT', message: `${result.drift.length} drift item(s): ${result.drift.map((x) => x.kind).join(', ')}`, at: result.finished_at });
      }
      if (!result.ok) this.d.state.recordError('reconcile', 'FAILED', result.error ?? 'reconciliation failed');
      this.d.state.changed();
      return result;
    } finally {
      this.reconciling = false;
    }
  }

  private reconcileInBackground(trigger: ReconcileResult['trigger']): void {
    if (!this.reconciler || !this.d.state.ready) return;
    this.reconcile(trigger).catch((err: Error) => this.d.state.recordError('reconcile', 'FAILED', err.message));
  }

  // ─── operator commands (TradingApi) ────────────────────────────────────

  async propose(body: ManualProposalRequest, source: string): Promise<DecisionEnvelope> {
    const { state } = this.d;
    if (!state.ready) throw new ApiError(409, 'NOT_READY', 'Start-up reconciliation has not finished');
    if (state.tradingMode !== 'RUNNING') throw new ApiError(409, 'TRADING_NOT_RUNNING', `Trading is ${state.tradingMode}: new entries are not allowed`);
    if (!this.d.config.get().symbols.includes(body.symbol)) throw new ApiError(400, 'UNKNOWN_SYMBOL', `${body.symbol} is not a configured symbol`);
    if (this.engines.latency.isPaused(body.symbol))
      throw new ApiError(409, 'LATENCY_PAUSED', this.engines.latency.pauseReason(body.symbol) ?? 'entries paused by the latency guard');
    const book = this.market.book(body.symbol);
    const ref = body.price ? new Dec(body.price) : body.side === 'BUY' ? book?.askPrice : book?.bidPrice;
    if (!ref) throw new ApiError(409, 'NO_MARKET_DATA', `No price for ${body.symbol} yet`);
    const atr = this.engines.ensembles.get(body.symbol)?.atr ?? null;
    const cfg = this.d.config.get().strategy;
    // Every entry carries a stop; a manual trade without one gets the strategy's ATR stop.
    const stop = body.stop_price ? new Dec(body.stop_price) : atr ? (body.side === 'BUY' ? ref.minus(atr * cfg.stop_atr_mult) : ref.plus(atr * cfg.stop_atr_mult)) : null;
    const tp = body.take_profit_price ? new Dec(body.take_profit_price) : atr ? (body.side === 'BUY' ? ref.plus(atr * cfg.take_profit_atr_mult) : ref.minus(atr * cfg.take_profit_atr_mult)) : null;
    this.d.log.info({ symbol: body.symbol, side: body.side, source }, 'manual proposal');
    return this.evaluateAndExecute(
      {
        id: randomUUID(),
        symbol: body.symbol,
        side: body.side,
        source: 'MANUAL',
        entryPrice: ref,
        quantity: body.quantity ? new Dec(body.quantity) : null,
        stopPrice: stop ? this.roundLevel(body.symbol, stop, body.side === 'BUY' ? 'SELL' : 'BUY') : null,
        takeProfitPrice: tp ? this.roundLevel(body.symbol, tp, body.side === 'BUY' ? 'BUY' : 'SELL') : null,
        confidence: 1,
      },
      null,
      body.order_type,
    );
  }

  async closePosition(id: string, body: ClosePositionRequest, source: string) {
    const p = this.engines.positions.getPosition(id);
    if (!p) throw notFound(`Position ${id}`);
    const outcome = await this.exitPosition(id, body.quantity ? new Dec(body.quantity) : undefined, body.reason ?? 'manual close', source);
    this.d.state.recordControl('position.close', source, p.status, this.engines.positions.getPosition(id)?.status ?? p.status, `${id} ${outcome.kind}`);
    if (outcome.kind !== 'ACKED') {
      const message = 'message' in outcome ? outcome.message : `exit ${outcome.kind}`;
      throw new ApiError(outcome.kind === 'BLOCKED' ? 409 : 502, `EXIT_${outcome.kind}`, message);
    }
    return { position: this.positionDto(this.engines.positions.getPosition(id) as Position), intent_id: outcome.intent.id };
  }

  controlHooks(): ControlHooks {
    return {
      onKill: async () => {
        this.engines.risk.kill();
        this.refreshBreakerNoGo();
        persistEngineState(this.engines, this.d.repo);
        await this.execution?.cancelEntryOrders();
      },
      onResume: () => {
        this.engines.risk.resetBreaker();
        this.engines.deadMan.reset();
        this.d.state.clearNoGo('DEAD_MAN_SWITCH');
        this.refreshBreakerNoGo();
        persistEngineState(this.engines, this.d.repo);
      },
      accountSwitchBlocker: () => {
        const open = this.engines.positions.getOpenPositions().length;
        const orders = this.engines.intents.listOpen().length;
        return open + orders > 0 ? `Close ${open} open position(s) and ${orders} working order(s) first` : null;
      },
      switchVenue: async (mode) => {
        this.d.state.ready = false;
        this.d.state.raiseNoGo('STARTUP_RECONCILE', 'Reconciling the new venue before trading resumes');
        await this.venue?.close();
        this.venue = null;
        await this.connect(mode);
      },
    };
  }

  heartbeat(_source: string): number | null {
    this.engines.deadMan.heartbeat();
    this.d.state.changed();
    return this.engines.deadMan.toDto().heartbeat_deadline_at;
  }

  private onConfigChange(next: RuntimeConfig, prev: RuntimeConfig): void {
    reconfigureEngines(this.engines, next);
    if (next.reconcile.interval_s !== prev.reconcile.interval_s && this.timers.length > 0) {
      for (const t of this.timers) clearInterval(t);
      this.timers = [];
      this.startLoops();
    }
  }
}
