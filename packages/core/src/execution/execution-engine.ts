import type { ExchangeOrder, PlaceOrderRequest } from './exchange-port';
import { blocked, type ExecutionOutcome } from './execution-outcome';
import type {
  CancelSummary,
  EngineStats,
  EntryRequest,
  ExecutionAnomaly,
  ExecutionEngineDeps,
  ExitRequest,
  ProtectiveOrderRequest,
} from './execution-requests';
import { proposalKey } from './idempotency';
import { createIntent, isOpenIntent, type TradeIntent } from './intent';
import { snapPartialClose } from './exit-sizing';
import { IntentBook } from './intent-book';
import { moveIntent, submittingIntent } from './intent-lifecycle';
import type { UnknownOrderRole } from './reconcile-plan';
import { entryCancelTargets, OrderCanceller, staleEntryTargets } from './order-cancellation';
import {
  entryOrderKind,
  shapeOrder,
  type OrderDraft,
  type OrderKind,
  type ShapedOrder,
} from './order-shaping';
import {
  createSubmissionContext,
  recoverPhantom,
  submitIntent,
  type SubmissionContext,
} from './order-submission';
import type { ReportApplication } from './report-application';
import { OrderTracker } from './order-tracker';
import type { SynthFill } from './report-synthesis';
import type { ExecutionReport } from './user-stream-events';

/**
 * Turns decisions into exchange orders and follows them. The invariant: an intent is durably
 * stored BEFORE its request leaves, its id is the clientOrderId of every attempt, and an order
 * whose fate is unknown is looked up, never resent. Exits have no pause/breaker check here on
 * purpose: closing risk must always be possible.
 */
export class ExecutionEngine<TUpdate = unknown> {
  private readonly book: IntentBook;
  private readonly submission: SubmissionContext;
  private readonly stats_: EngineStats = {
    retries: 0,
    rejected: 0,
    unknown: 0,
    recovered: 0,
    notFound: 0,
    unresolved: 0,
    duplicates: 0,
    blocked: 0,
    illegalTransitions: 0,
  };
  private readonly canceller: OrderCanceller;
  private readonly tracker: OrderTracker<TUpdate>;
  /** Intents whose placement (and its recovery) is running: they settle deferred cancels themselves. */
  private readonly submitting = new Set<string>();

  constructor(private readonly deps: ExecutionEngineDeps<TUpdate>) {
    this.book = new IntentBook(deps.intents);
    this.tracker = new OrderTracker(
      this.book,
      deps.positions,
      deps.clock,
      this.stats_,
      (a) => this.anomaly(a),
      (applied) => deps.onOutcome?.(applied),
    );
    this.submission = createSubmissionContext(deps, this.stats_, {
      save: (i) => this.book.save(i),
      applyOrderTruth: (i, o, f) => this.tracker.applyOrderTruth(i, o, f),
    });
    this.canceller = new OrderCanceller({
      exchange: deps.exchange,
      applyOrderTruth: (i, o, f) => this.tracker.applyOrderTruth(i, o, f),
      fillsOf: (i, o) => this.submission.fillsOf(i, o),
      anomaly: (a) => this.anomaly(a),
    });
  }

  get stats(): Readonly<EngineStats> {
    return this.stats_;
  }

  getIntent(id: string): TradeIntent | undefined {
    return this.book.get(id);
  }

  openIntents(): TradeIntent[] {
    return this.book.open();
  }

  /** A position's open intents already in memory (no store read: safe on every tick). */
  workingIntentsOf(positionId: string): TradeIntent[] {
    const out: TradeIntent[] = [];
    for (const i of this.book.workingOpen()) if (i.positionId === positionId && isOpenIntent(i)) out.push(i);
    return out;
  }

  /** Place an entry for an allowed proposal. The same proposal never produces a second order. */
  async executeEntry(req: EntryRequest): Promise<ExecutionOutcome> {
    const key = proposalKey(req.proposalId);
    const existing = this.deps.idempotency.get(key) ?? this.book.findByProposalId(req.proposalId)?.id;
    if (existing !== undefined) return this.duplicate(existing);
    const kind = entryOrderKind(req.orderType ?? this.deps.config().entry_order_type, req.forceLimit === true);
    const draft: OrderDraft = {
      side: req.side,
      kind,
      quantity: req.quantity,
      price: req.price,
      stopPrice: null,
      // PERCENT_PRICE_BY_SIDE bounds a LIMIT's price around the market's price: judged against
      // its own limit price it could never fail. Without a mark the check is left to the venue.
      referencePrice:
        kind.type === 'MARKET' ? (req.referencePrice ?? req.price) : (req.referencePrice ?? null),
    };
    const shaped = this.shape(req.symbol, draft, true);
    if (!shaped.ok) return shaped.outcome;
    const id = this.deps.newId();
    let position: { id: string };
    try {
      position = this.deps.positions.openPosition({
        intentId: id,
        clientOrderId: id,
        symbol: req.symbol,
        side: req.side,
        requestedQty: shaped.order.quantity,
        ...(req.stop !== null ? { stop: req.stop } : {}),
        ...(req.takeProfit !== null ? { takeProfit: req.takeProfit } : {}),
        ...(req.exitOverrides ? { exitOverrides: req.exitOverrides } : {}),
        ...(req.tags !== undefined ? { tags: req.tags } : {}),
        ...(req.decisionId !== null ? { decisionId: req.decisionId } : {}),
      });
    } catch (err) {
      return this.block(blocked('POSITION_REFUSED', err instanceof Error ? err.message : String(err)));
    }
    const intent = submittingIntent(this.deps.clock.now(), id, 'ENTRY', req.symbol, req.side, shaped.order, {
      proposalId: req.proposalId,
      decisionId: req.decisionId,
      positionId: position.id,
    });
    try {
      this.book.insert(intent);
    } catch (err) {
      this.deps.positions.onIntentFailed(id);
      throw err;
    }
    this.deps.idempotency.claim(key, id);
    return this.submit(intent);
  }

  /** Close (part of) a position. No pause or breaker check: exits are always allowed. */
  async executeExit(req: ExitRequest): Promise<ExecutionOutcome> {
    const stillLive = await this.cancelProtectiveOrders(req.positionId);
    // A protective order we could not cancel may still sell the same coins: sending the exit
    // too could sell them twice. The stop keeps protecting; the caller retries later.
    if (stillLive.length > 0)
      return this.block(
        blocked('PROTECTIVE_CANCEL_FAILED', `protective order(s) ${stillLive.join(', ')} could not be cancelled`),
      );
    let spec;
    try {
      spec = this.deps.positions.closePosition(req.positionId, req.quantity);
      const f = this.deps.filters(spec.symbol);
      if (req.quantity !== undefined && f !== undefined) {
        // A partial close leaves nothing or something that can still be sold, never dust.
        const closable = this.deps.positions.closePosition(req.positionId).quantity;
        const snapped = snapPartialClose(req.quantity, closable, f, req.referencePrice ?? req.limitPrice ?? null);
        if (!snapped.eq(spec.quantity)) spec = { ...spec, quantity: snapped };
      }
    } catch (err) {
      return this.block(blocked('POSITION_NOT_CLOSABLE', err instanceof Error ? err.message : String(err)));
    }
    const kind: OrderKind =
      req.limitPrice !== undefined
        ? { type: 'LIMIT', timeInForce: 'IOC' }
        : { type: 'MARKET', timeInForce: null };
    const draft: OrderDraft = {
      side: spec.side,
      kind,
      quantity: spec.quantity,
      price: req.limitPrice ?? null,
      stopPrice: null,
      referencePrice: req.referencePrice ?? req.limitPrice ?? null,
    };
    const shaped = this.shapeExit(spec.symbol, draft);
    if (!shaped.ok) return shaped.outcome;
    const intent = submittingIntent(
      this.deps.clock.now(),
      this.deps.newId(),
      'EXIT',
      spec.symbol,
      spec.side,
      shaped.order,
      {
        positionId: req.positionId,
        reason: req.reason,
      },
    );
    this.book.insert(intent);
    try {
      this.deps.positions.registerExitOrder(req.positionId, intent.id, intent.quantity);
    } catch (err) {
      return this.refuseLocally(intent, err);
    }
    return this.submit(intent);
  }

  /** A resting exchange-side stop or take-profit for a position (ExecutionConfig.exchange_side_exits). */
  async placeProtectiveOrder(req: ProtectiveOrderRequest): Promise<ExecutionOutcome> {
    if (!this.deps.config().exchange_side_exits)
      return this.block(blocked('EXCHANGE_SIDE_EXITS_DISABLED', 'exchange_side_exits is off'));
    let spec;
    try {
      spec = this.deps.positions.closePosition(req.positionId);
    } catch (err) {
      return this.block(blocked('POSITION_NOT_CLOSABLE', err instanceof Error ? err.message : String(err)));
    }
    const draft: OrderDraft = {
      side: spec.side,
      kind: { type: req.kind, timeInForce: 'GTC' },
      quantity: spec.quantity,
      price: req.limitPrice,
      stopPrice: req.triggerPrice,
      referencePrice: req.limitPrice,
    };
    const shaped = this.shape(spec.symbol, draft, false);
    if (!shaped.ok) return shaped.outcome;
    // Not registered with the position until it fills: a resting stop must not make the
    // position look Closing, nor hold back a strategy exit (which cancels it first).
    const intent = submittingIntent(
      this.deps.clock.now(),
      this.deps.newId(),
      'PROTECTIVE',
      spec.symbol,
      spec.side,
      shaped.order,
      {
        positionId: req.positionId,
        reason: req.kind,
      },
    );
    this.book.insert(intent);
    return this.submit(intent);
  }

  /** The user-stream path for every order update (and for synthesized ones). Idempotent. */
  onExecutionReport(r: ExecutionReport): ReportApplication<TUpdate> {
    const applied = this.tracker.onExecutionReport(r);
    if (applied.effect?.adopted && applied.intent !== null) this.honourPendingCancel(applied.intent);
    return applied;
  }

  /** Adopt an order the exchange has for an intent (reconciler, start-up), applying its fills. */
  adoptOrder(intentId: string, order: ExchangeOrder, fills: SynthFill[] = []): TradeIntent | null {
    const intent = this.tracker.adoptOrder(intentId, order, fills);
    if (intent !== null) this.honourPendingCancel(intent);
    return intent;
  }

  /**
   * Take in an order of ours that no intent explains (the books were restored from an older
   * copy): an intent is made for it as it stands on the exchange and its fills go the one report
   * path. An entry opens a position (the caller flags it for review: its decision is unknown);
   * an exit or stop is attached to its position. Nothing is placed, nothing is closed.
   */
  adoptUnknownOrder(order: ExchangeOrder, fills: SynthFill[], role: UnknownOrderRole): TradeIntent | null {
    const id = order.clientOrderId;
    if (this.book.get(id) !== undefined) return this.adoptOrder(id, order, fills);
    const sentAt = order.time > 0 ? order.time : this.deps.clock.now();
    let positionId = role.positionId;
    try {
      if (role.purpose === 'ENTRY')
        positionId = this.deps.positions.openPosition({
          intentId: id,
          clientOrderId: id,
          symbol: order.symbol,
          side: order.side,
          requestedQty: order.origQty,
          tags: { adopted: 'reconcile' },
        }).id;
      else if (positionId !== null && role.purpose === 'EXIT') this.attachExit(positionId, id, order);
    } catch (err) {
      this.anomaly({
        kind: 'ADOPTION_UNLINKED',
        intentId: id,
        detail: `adopted order ${order.symbol}#${order.orderId} not linked to a position: ${err instanceof Error ? err.message : String(err)}`,
        error: err instanceof Error ? err : new Error(String(err)),
      });
      if (role.purpose === 'ENTRY') positionId = null;
    }
    const intent = createIntent(
      {
        id,
        positionId,
        purpose: role.purpose,
        symbol: order.symbol,
        side: order.side,
        type: order.type,
        timeInForce: order.timeInForce,
        quantity: order.origQty,
        price: order.price.gt(0) ? order.price : null,
        stopPrice: order.stopPrice,
        reason: 'ADOPTED',
      },
      sentAt,
    );
    moveIntent(intent, 'SUBMIT', sentAt);
    intent.attempts = 1;
    intent.sentAt = sentAt;
    this.book.insert(intent);
    this.tracker.applyOrderTruth(intent, order, fills);
    return intent;
  }

  /** An adopted exit: its position moves to Closing; one past the closable quantity is still booked. */
  private attachExit(positionId: string, id: string, order: ExchangeOrder): void {
    try {
      this.deps.positions.registerExitOrder(positionId, id, order.origQty);
    } catch (err) {
      if (!order.executedQty.gt(0)) throw err;
      this.deps.positions.registerProtectiveFill(positionId, id, order.executedQty);
    }
  }

  /** The exchange does not know this unsettled intent's order (reconciler, after the grace window). */
  markNotFound(intentId: string): TradeIntent | null {
    return this.tracker.markNotFound(intentId);
  }

  /** Run phantom recovery for an UNKNOWN intent loaded at start-up. */
  async recover(intentId: string): Promise<ExecutionOutcome | null> {
    const intent = this.book.get(intentId);
    if (intent?.status !== 'UNKNOWN') return null;
    this.submitting.add(intent.id);
    let outcome: ExecutionOutcome;
    try {
      outcome = await recoverPhantom(this.submission, intent);
    } finally {
      this.submitting.delete(intent.id);
    }
    await this.canceller.afterSubmission(intent);
    return outcome;
  }

  /** Cancel working ENTRY orders (KILL, graceful shutdown). Exits and protective orders are never touched. */
  async cancelEntryOrders(symbol?: string): Promise<CancelSummary> {
    return this.canceller.cancelAll(entryCancelTargets(this.book.open(), symbol), true);
  }

  /** Cancel LIMIT GTC entries older than entry_timeout_s. Call it from the app's timer. */
  async cancelStaleEntries(now: number): Promise<CancelSummary> {
    const maxAgeMs = this.deps.config().entry_timeout_s * 1000;
    return this.canceller.cancelAll(staleEntryTargets(this.book.workingOpen(), now, maxAgeMs), false);
  }

  /** Cancels the position's protective orders; returns the ids of those that may still be live. */
  private async cancelProtectiveOrders(positionId: string): Promise<string[]> {
    const targets: TradeIntent[] = [];
    for (const i of this.book.workingOpen())
      if (i.purpose === 'PROTECTIVE' && i.positionId === positionId) targets.push(i);
    await Promise.all(targets.map((i) => this.canceller.cancel(i)));
    return targets.filter((i) => isOpenIntent(i)).map((i) => i.id);
  }

  private async submit(intent: TradeIntent): Promise<ExecutionOutcome> {
    const req: PlaceOrderRequest = {
      symbol: intent.symbol,
      side: intent.side,
      type: intent.type,
      clientOrderId: intent.id,
      lane: intent.purpose === 'ENTRY' ? 'ENTRY' : 'EXIT',
      quantity: intent.quantity,
      ...(intent.timeInForce !== null ? { timeInForce: intent.timeInForce } : {}),
      ...(intent.price !== null ? { price: intent.price } : {}),
      ...(intent.stopPrice !== null ? { stopPrice: intent.stopPrice } : {}),
    };
    this.submitting.add(intent.id);
    let outcome: ExecutionOutcome;
    try {
      outcome = await submitIntent(this.submission, intent, req);
    } finally {
      this.submitting.delete(intent.id);
    }
    await this.canceller.afterSubmission(intent);
    return outcome;
  }

  /**
   * A KILL or shutdown defers the cancel of an intent that had no answer yet. Its own submission
   * honours that when it ends; an intent restored at start-up or adopted by the reconciler (or
   * by a stream report) has no submission running, so it is honoured here, once acknowledged.
   */
  private honourPendingCancel(intent: TradeIntent): void {
    if (this.submitting.has(intent.id) || intent.status !== 'ACKED') return;
    void this.canceller.afterSubmission(intent);
  }

  private shape(symbol: string, draft: OrderDraft, checkStatus: boolean) {
    const f = this.deps.filters(symbol);
    if (f === undefined)
      return {
        ok: false as const,
        outcome: this.block(blocked('NO_EXCHANGE_INFO', `no exchange info for ${symbol}`)),
      };
    const shaped = shapeOrder(draft, checkStatus ? f : { ...f, status: 'TRADING' });
    if (!shaped.ok) this.stats_.blocked++;
    return shaped;
  }

  /** Exits go out even without exchange info (the exchange then judges the raw quantity). */
  private shapeExit(
    symbol: string,
    draft: OrderDraft,
  ): { ok: true; order: ShapedOrder } | { ok: false; outcome: ExecutionOutcome } {
    if (this.deps.filters(symbol) !== undefined) return this.shape(symbol, draft, false);
    return {
      ok: true as const,
      order: { kind: draft.kind, quantity: draft.quantity, price: draft.price, stopPrice: null },
    };
  }

  private refuseLocally(intent: TradeIntent, err: unknown): ExecutionOutcome {
    moveIntent(intent, 'REJECT', this.deps.clock.now());
    intent.rejectReason = `refused locally: ${err instanceof Error ? err.message : String(err)}`;
    this.book.save(intent);
    return this.block(blocked('POSITION_NOT_CLOSABLE', intent.rejectReason));
  }

  private duplicate(intentId: string): ExecutionOutcome {
    this.stats_.duplicates++;
    return { kind: 'DUPLICATE', intentId };
  }

  private block(outcome: ExecutionOutcome): ExecutionOutcome {
    this.stats_.blocked++;
    return outcome;
  }

  private anomaly(a: ExecutionAnomaly): void {
    this.deps.onAnomaly?.(a);
  }
}
