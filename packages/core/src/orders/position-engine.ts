import type { Decimal } from 'decimal.js';
import type { OrderStatus } from '@aurora/contracts';
import type { ExecutionReport } from '../execution/user-stream-events';
import { commissionInQuote } from '../money/fees';
import { Dec, ZERO } from '../money/decimal';
import { TradingCalendar } from '../trading-calendar';
import { newOrderTrack, type OrderTrack } from './order-track';
import { isStaleReport } from './report-staleness';
import { DustBook } from './dust-book';
import { PositionBook, type RestoreResult } from './position-book';
import type { DailyPnlEntry } from './pnl-ledger';
import type { PositionRecord } from './position-record';
import { PositionState, type Position } from './position';
import type {
  ClosedTrade,
  ExitLevels,
  ExitOrderRequest,
  OpenPositionInput,
  PositionEngineOptions,
  ReportOutcome,
} from './position-engine-types';
import { ExitExceedsOpenQuantity, InvalidPositionInput } from './position-errors';
import {
  IllegalTransition,
  isTerminalOrderStatus,
  nextOrderStatus,
  POSITION_TRANSITIONS,
  transition,
  type PositionEvent,
} from './transitions';

const UNCHANGED: ReportOutcome = Object.freeze({ changed: false });
const TRADE_KEY = 't:';
/** bookFill's verdict when the exchange filled more than the position held: it stays in Error. */
const OVERFILLED = Symbol('overfilled');

/**
 * Follows every position through POSITION_TRANSITIONS from its orders' execution reports, and
 * keeps its books (average cost, commissions at fill time, realized PnL per trading day).
 * Reports are idempotent: repeats (orderId + executionId, or orderId + tradeId) change nothing.
 */
export class PositionEngine extends PositionBook {
  private readonly priceOf: (asset: string, at: number) => Decimal | null;
  private readonly onIllegal: ((err: IllegalTransition) => void) | undefined;
  private readonly dustThreshold: ((symbol: string) => Decimal | null) | undefined;
  private readonly isDustQty: ((symbol: string, qty: Decimal) => boolean) | undefined;
  /** What closed positions left behind, per asset (reported, and marked in unrealized PnL). */
  readonly dust = new DustBook();

  constructor(opts: PositionEngineOptions) {
    super(
      opts.clock,
      opts.quoteAsset,
      opts.calendar ?? new TradingCalendar(opts.clock, opts.tradingDayOffsetMin),
      opts.maxFinishedPositions ?? 1000,
      opts.dedupKeysPerOrder ?? 64,
    );
    this.priceOf = opts.priceOf;
    this.onIllegal = opts.onIllegal;
    this.dustThreshold = opts.dustThreshold;
    this.isDustQty = opts.isDust;
  }

  openPosition(input: OpenPositionInput): Position {
    if (!input.requestedQty.isFinite() || input.requestedQty.lte(0))
      throw new InvalidPositionInput(
        'requestedQty',
        `must be positive, got ${input.requestedQty.toString()}`,
      );
    const base = this.baseAssetOf(input.symbol);
    const id = input.id ?? `pos-${input.intentId}`;
    this.assertNew(id, input.clientOrderId);
    const now = this.clock.now();
    const p = new PositionState(
      id,
      input.intentId,
      input.symbol,
      input.side,
      base,
      input.clientOrderId,
      input.requestedQty,
      now,
    );
    p.stopPrice = input.stop ?? null;
    p.takeProfitPrice = input.takeProfit ?? null;
    p.trailingStopPrice = input.trailingStop ?? null;
    p.exitOverrides = input.exitOverrides ?? null;
    p.tags = { ...input.tags };
    p.decisionId = input.decisionId ?? null;
    this.insert(p, [newOrderTrack(id, 'ENTRY', input.clientOrderId, input.requestedQty, this.dedupCapacity)]);
    return p;
  }

  /** The exit order a close needs (opposite side); partial closes pass `qty`. Changes nothing. */
  closePosition(positionId: string, qty?: Decimal): ExitOrderRequest {
    const p = this.mustGet(positionId);
    this.mustAllow(p, 'EXIT_REGISTERED');
    const available = this.closableQty(p);
    const quantity = qty ?? available;
    if (!quantity.gt(0) || quantity.gt(available))
      throw new ExitExceedsOpenQuantity(positionId, quantity.toString(), available.toString());
    return { positionId, symbol: p.symbol, side: p.side === 'BUY' ? 'SELL' : 'BUY', quantity };
  }

  /** Starts following an exit order (its intent id as clientOrderId): the position goes Closing. */
  registerExitOrder(positionId: string, clientOrderId: string, qty: Decimal): Position {
    const p = this.mustGet(positionId);
    this.assertNew(null, clientOrderId);
    const next = this.mustAllow(p, 'EXIT_REGISTERED');
    const available = this.closableQty(p);
    if (!qty.gt(0) || qty.gt(available))
      throw new ExitExceedsOpenQuantity(positionId, qty.toString(), available.toString());
    this.addTrack(p, newOrderTrack(positionId, 'EXIT', clientOrderId, qty, this.dedupCapacity));
    p.status = next;
    p.updatedAt = this.clock.now();
    return p;
  }

  markError(positionId: string, reason: string): Position {
    const p = this.mustGet(positionId);
    p.status = this.mustAllow(p, 'ERROR');
    p.errorReason = reason;
    p.updatedAt = this.clock.now();
    this.unfinish(p.id);
    return p;
  }

  /**
   * An Open position whose whole quantity no exit order could sell (the caller judged it against
   * the symbol's filters at the current price): it closes with the remainder kept as dust,
   * marked at the current price, and returns its closed trade like any other close.
   */
  closeAsDust(positionId: string, reason: string): ReportOutcome {
    const p = this.mustGet(positionId);
    p.status = this.mustAllow(p, 'DUST_CLOSED');
    p.tags = { ...p.tags, closed_as: 'dust', dust_reason: reason };
    const now = this.clock.now();
    p.updatedAt = now;
    return { changed: true, position: p, closedTrade: this.finishClosed(p, now) };
  }

  /**
   * The account holds less of the base asset than this Open position booked (fees in that asset
   * charged to other positions, a lost commission): the missing units are given up at `price`
   * so the exit can be sized to what exists. Returns the realized delta.
   */
  writeOffMissingUnits(positionId: string, qty: Decimal, price: Decimal, reason: string): Decimal {
    const p = this.mustGet(positionId);
    if (p.status !== 'Open')
      throw new InvalidPositionInput('status', `${positionId} is ${p.status}, not Open`);
    const now = this.clock.now();
    const realized = p.writeOffMissingUnits(qty, price);
    this.ledger.add(now, realized);
    p.tags = { ...p.tags, missing_units: qty.toFixed(), missing_reason: reason };
    p.updatedAt = now;
    return realized;
  }

  /**
   * A protective (exchange-side) order has traded: it joins the position as an exit whatever
   * else is working, because the venue already moved the coins. A fill beyond the open quantity
   * then puts the position in Error (an overfill), instead of the fill being dropped as unknown.
   * A position that already closed goes to Error first, so the late fill is still booked.
   */
  registerProtectiveFill(positionId: string, clientOrderId: string, qty: Decimal): Position {
    const p = this.mustGet(positionId);
    if (this.tracksByClientId.has(clientOrderId)) return p;
    if (p.status === 'Closed')
      this.markError(positionId, `protective order ${clientOrderId} filled after the position closed`);
    const next = this.mustAllow(p, 'EXIT_REGISTERED');
    this.addTrack(p, newOrderTrack(positionId, 'EXIT', clientOrderId, qty, this.dedupCapacity));
    p.status = next;
    p.updatedAt = this.clock.now();
    return p;
  }

  updateExitLevels(positionId: string, levels: ExitLevels): Position {
    const p = this.mustGet(positionId);
    if (levels.stopPrice !== undefined) p.stopPrice = levels.stopPrice;
    if (levels.takeProfitPrice !== undefined) p.takeProfitPrice = levels.takeProfitPrice;
    if (levels.trailingStopPrice !== undefined) p.trailingStopPrice = levels.trailingStopPrice;
    p.updatedAt = this.clock.now();
    return p;
  }

  /**
   * An order that never reached the exchange: its intent ended REJECTED, or NOT_FOUND after
   * recovery. Ends it like a fill-less cancel (entry → Cancelled, last exit → Open). Ignored
   * once the exchange has reported the order: its reports are the truth from then on.
   */
  onIntentFailed(clientOrderId: string): ReportOutcome {
    const track = this.tracksByClientId.get(clientOrderId);
    const p = track && this.positions.get(track.positionId);
    if (!track || !p || track.status !== null) return UNCHANGED;
    track.status = 'REJECTED';
    return this.afterOrderEnded(p, track, 'REJECTED', false, this.clock.now(), undefined);
  }

  /** Apply one execution report: the hot path (O(1) lookups, no work for repeats). */
  onExecutionReport(r: ExecutionReport): ReportOutcome {
    // By clientOrderId first: Binance numbers orders per symbol, so a bare orderId is ambiguous.
    const track =
      this.tracksByClientId.get(r.clientOrderId) ??
      (r.origClientOrderId === null ? undefined : this.tracksByClientId.get(r.origClientOrderId)) ??
      this.trackByOrderId(r.symbol, r.orderId);
    const p = track && this.positions.get(track.positionId);
    if (!track || !p) {
      this.counters.unknownReports++;
      return UNCHANGED;
    }
    const tradeKey = r.executionType === 'TRADE' && r.tradeId !== null ? TRADE_KEY + r.tradeId : null;
    if (track.seen.has(r.executionId) || (tradeKey !== null && track.seen.has(tradeKey))) {
      this.counters.duplicateReports++;
      return UNCHANGED;
    }
    const revived = track.status === 'REJECTED' && r.orderStatus !== 'REJECTED' && this.revive(p, track);
    const bound = this.bindOrderId(p, track, r.orderId) || revived;
    // An older report (a replay after a restart or from reconciliation, a NEW behind its trade)
    // carries nothing new. Judged by cumulative quantity and status, never by time: stream
    // reports carry exchange time, our synthesized ones may not, and a fill must never be lost
    // to a clock difference. It is not an illegal move either, and not marked seen.
    if (isStaleReport(track, { status: r.orderStatus, cumQty: r.cumQty })) {
      this.counters.staleReports++;
      return bound ? { changed: true, position: p } : UNCHANGED;
    }
    const delta = r.cumQty.minus(track.cumQty);
    const prev = track.status;
    const next = nextOrderStatus(prev, r.orderStatus, track.clientOrderId);
    if (next instanceof IllegalTransition) return this.illegal(next, p, bound);
    if (r.transactTime > track.lastEventTime) track.lastEventTime = r.transactTime;
    const now = this.clock.now();
    const at = r.transactTime > 0 ? r.transactTime : now;
    let closedTrade: ClosedTrade | undefined;
    if (delta.gt(0)) {
      const booked = this.bookFill(p, track, r, delta, next, at);
      if (booked instanceof IllegalTransition) return this.illegal(booked, p, bound);
      this.markSeen(track, r.executionId, tradeKey);
      if (booked === OVERFILLED) {
        track.status = next;
        p.updatedAt = now;
        return { changed: true, position: p };
      }
      closedTrade = booked;
    } else if (next === prev) {
      this.markSeen(track, r.executionId, tradeKey);
      return bound ? { changed: true, position: p } : UNCHANGED;
    }
    this.markSeen(track, r.executionId, tradeKey);
    track.status = next;
    p.updatedAt = now;
    if (next !== prev && isTerminalOrderStatus(next))
      return this.afterOrderEnded(p, track, next, delta.gt(0), at, closedTrade);
    return { changed: true, position: p, closedTrade };
  }

  /** Remembered only once applied, so a report refused now can still be applied later. */
  private markSeen(track: OrderTrack, executionId: string, tradeKey: string | null): void {
    track.seen.add(executionId);
    if (tradeKey !== null) track.seen.add(tradeKey);
  }

  /**
   * The exchange reports an order we had given up on (its intent ended REJECTED or NOT_FOUND
   * without the venue ever answering for it): the order exists after all. Its fills are real
   * money, so they are booked, never refused; the position goes to Error so an operator looks
   * at it (Error keeps booking fills and leaves only by becoming flat).
   */
  private revive(p: PositionState, track: OrderTrack): boolean {
    const next = transition(POSITION_TRANSITIONS, p.status, 'ERROR', p.id);
    if (next instanceof IllegalTransition) return false;
    track.status = null;
    p.status = next;
    p.errorReason = `order ${track.clientOrderId} was given up on but the exchange reports it: review`;
    p.updatedAt = this.clock.now();
    p.closedAt = null;
    this.unfinish(p.id);
    return true;
  }

  private bookFill(
    p: PositionState,
    track: OrderTrack,
    r: ExecutionReport,
    qty: Decimal,
    next: OrderStatus,
    at: number,
  ): ClosedTrade | undefined | IllegalTransition | typeof OVERFILLED {
    const baseFee = r.commissionAsset === p.baseAsset && r.commission.gt(0) ? r.commission : ZERO;
    const event: PositionEvent =
      track.role === 'ENTRY'
        ? next === 'FILLED'
          ? 'ENTRY_FILLED'
          : 'ENTRY_PARTIAL_FILL'
        : this.exitFillEvent(p, track, qty, baseFee, next);
    const status = transition(POSITION_TRANSITIONS, p.status, event, p.id);
    if (status instanceof IllegalTransition) return status;
    // Binance's `Z` (cumulative quote) catches up a missed report exactly; otherwise l × L.
    const gapQuote = r.cumQuote.minus(track.cumQuote);
    const notional = qty.eq(r.lastQty) || !gapQuote.gt(0) ? qty.mul(r.lastPrice) : gapQuote;
    track.cumQty = r.cumQty;
    track.cumQuote = track.cumQuote.plus(notional);
    const fee = r.commission.isZero()
      ? null
      : commissionInQuote(
          r.commission,
          r.commissionAsset,
          p.baseAsset,
          this.quoteAsset,
          r.lastPrice,
          this.priceOf,
          r.transactTime,
        );
    const { realized, excess } = p.applyFill(track.role, qty, notional, at, r, fee, baseFee);
    this.ledger.add(at, realized);
    p.status = status;
    if (excess.gt(0)) {
      p.status = this.mustAllow(p, 'ERROR');
      p.errorReason = `exit fills exceed the open quantity by ${excess.toString()}`;
      this.unfinish(p.id);
      return OVERFILLED;
    }
    return status === 'Closed' ? this.finishClosed(p, at) : undefined;
  }

  private exitFillEvent(
    p: PositionState,
    track: OrderTrack,
    qty: Decimal,
    baseFee: Decimal,
    next: OrderStatus,
  ): PositionEvent {
    const after = p.side === 'BUY' ? p.openQty.minus(qty).minus(baseFee) : p.openQty.minus(qty).plus(baseFee);
    if (!after.gt(0)) return 'EXIT_COMPLETED';
    const liveAfter = !isTerminalOrderStatus(next) || this.hasOtherLiveExit(p, track);
    return !liveAfter && this.isDust(p.symbol, after) ? 'EXIT_COMPLETED' : 'EXIT_PARTIAL_FILL';
  }

  /** The position event an order's end implies, applied through the table. */
  private afterOrderEnded(
    p: PositionState,
    track: OrderTrack,
    status: OrderStatus,
    filledNow: boolean,
    at: number,
    closedTrade: ClosedTrade | undefined,
  ): ReportOutcome {
    let event: PositionEvent | null = null;
    if (track.role === 'ENTRY') {
      if (status !== 'FILLED') event = p.filledQty.gt(0) ? 'ENTRY_ENDED_PARTIAL' : 'ENTRY_ENDED_EMPTY';
      else if (!filledNow) event = p.filledQty.gt(0) ? 'ENTRY_FILLED' : 'ENTRY_ENDED_EMPTY';
    } else if ((p.status === 'Closing' || p.status === 'Error') && !this.hasOtherLiveExit(p, track)) {
      event = !p.openQty.gt(0) || this.isDust(p.symbol, p.openQty) ? 'EXIT_COMPLETED' : 'EXIT_ENDED';
    }
    p.updatedAt = this.clock.now();
    if (event === null) return { changed: true, position: p, closedTrade };
    const next = transition(POSITION_TRANSITIONS, p.status, event, p.id);
    if (next instanceof IllegalTransition) return { ...this.illegal(next, p, true), closedTrade };
    if (next === p.status) return { changed: true, position: p, closedTrade };
    p.status = next;
    if (next === 'Closed') closedTrade = this.finishClosed(p, at);
    if (next === 'Cancelled') {
      p.closedAt = at;
      this.finish(p.id);
    }
    return { changed: true, position: p, closedTrade };
  }

  override restore(
    records: readonly PositionRecord[],
    dailyPnl: readonly DailyPnlEntry[] = [],
  ): RestoreResult {
    const result = super.restore(records, dailyPnl);
    this.dust.clear();
    const refused = new Set(result.rejected.map((x) => x.id));
    for (const r of records) {
      if (refused.has(String(r?.id))) continue;
      const qty = new Dec(r.dustQty);
      if (!qty.gt(0)) continue;
      const sign = r.side === 'BUY' ? 1 : -1;
      this.dust.add(this.baseAssetOf(r.symbol), qty.mul(sign), new Dec(r.dustCost).mul(sign));
    }
    return result;
  }

  private finishClosed(p: PositionState, at: number): ClosedTrade {
    if (p.openQty.gt(0)) {
      const qty = p.openQty;
      const valueBefore = p.dustCost;
      this.ledger.add(at, p.setAsideDust(this.priceOf(p.baseAsset, at)));
      const sign = p.side === 'BUY' ? 1 : -1;
      this.dust.add(p.baseAsset, qty.mul(sign), p.dustCost.minus(valueBefore).mul(sign));
    }
    p.closedAt = at;
    this.finish(p.id);
    return { positionId: p.id, symbol: p.symbol, side: p.side, pnl: p.realizedPnl, closedAt: at };
  }

  private illegal(err: IllegalTransition, p: PositionState, changed: boolean): ReportOutcome {
    this.counters.illegalTransitions++;
    this.onIllegal?.(err);
    return { changed, position: p, illegal: err };
  }

  /** The next status for a command, or a counted IllegalTransition thrown. */
  private mustAllow(p: PositionState, event: PositionEvent) {
    const next = transition(POSITION_TRANSITIONS, p.status, event, p.id);
    if (next instanceof IllegalTransition) {
      this.illegal(next, p, false);
      throw next;
    }
    return next;
  }

  private isDust(symbol: string, qty: Decimal): boolean {
    if (this.isDustQty !== undefined) return this.isDustQty(symbol, qty);
    const threshold = this.dustThreshold?.(symbol);
    return threshold != null && qty.lt(threshold);
  }
}
