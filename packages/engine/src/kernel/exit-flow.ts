import type { ClosePositionRequest, PositionDto } from '@aurora/contracts';
import {
  Dec,
  ExitRetryBook,
  adjustPrice,
  blocked,
  cappedExitQuantity,
  isExitable,
  type ClosedTrade,
  type ExecutionOutcome,
  type Position,
} from '@aurora/core';
import type { Decimal } from 'decimal.js';
import { KernelError, notFound } from '../kernel-error';
import type { KernelParts } from './kernel-parts';

export interface ExitFlowHooks {
  toDto(p: Position): PositionDto;
  /** Per-position review flags, shown on the dashboard (position.review_flag). */
  reviewFlags: Map<string, string>;
  /** A position closed outside the report path (dust): it goes to risk like any other close. */
  onClosed(trade: ClosedTrade): void;
}

/** How long an exit waits for a fresh account read when the cached balance looks short. */
const BALANCE_CHECK_MS = 1_000;

/** What a refused exit is called in a log line, an error entry and a review flag. */
const outcomeText = (o: ExecutionOutcome): string => ('message' in o ? o.message : o.kind);

/**
 * Exits: the strategy's exit policy on every book update and on the 1 s tick, operator closes,
 * and optional exchange-side protective stops. Nothing here checks trading mode or the breaker —
 * exits are never blocked by pause, kill or losses. A refused exit is retried with backoff per
 * position, and after repeated refusals only an operator's close is tried (a review flag says so).
 */
export class ExitFlow {
  private readonly inFlight = new Set<string>();
  private readonly placingProtective = new Set<string>();
  private readonly retries = new ExitRetryBook();
  private readonly protectRetries = new ExitRetryBook();
  /** The review flag each open exit circuit raised, so only that flag is cleared again. */
  private readonly circuitFlags = new Map<string, string>();
  /** The execution engine whose persisted open intents were loaded into memory. */
  private loadedFor: unknown = null;

  constructor(
    private readonly k: KernelParts,
    private readonly hooks: ExitFlowHooks,
  ) {}

  /** Stop, target, trailing stop and holding time for every open position of `symbol`. */
  evaluate(symbol: string): void {
    const { engines, market, d } = this.k;
    const execution = this.k.execution;
    // Before the start-up reconcile the books may not show what happened while the bot was
    // down (a stop that fired, an exit that filled): exiting now could sell the same coins twice.
    if (!execution || !d.state.ready) return;
    if (this.loadedFor !== execution) {
      execution.openIntents();
      this.loadedFor = execution;
    }
    const book = market.book(symbol);
    const atr = engines.strategies.get(symbol)?.atr ?? null;
    const now = d.clock.now();
    for (const p of engines.positions.getOpenPositions()) {
      if (p.symbol !== symbol || p.status !== 'Open' || p.avgEntryPrice === null || this.inFlight.has(p.id)) continue;
      // The price the position could exit at: the bid for a long, the ask for a short.
      const raw = book ? (p.side === 'BUY' ? book.bidPrice : book.askPrice) : null;
      const price = raw && raw.gt(0) ? raw : market.mark(symbol);
      if (!price) continue;
      if (this.closeIfDust(p, price, 'strategy')) continue;
      this.protect(p);
      const ev = engines.exits.evaluate(
        {
          side: p.side,
          entryPrice: p.avgEntryPrice,
          stopPrice: p.stopPrice,
          takeProfitPrice: p.takeProfitPrice,
          trailingStopPrice: p.trailingStopPrice,
          openedAt: p.openedAt ?? p.createdAt,
          exitOverrides: p.exitOverrides,
        },
        price,
        atr,
      );
      if (ev.trailingStopPrice !== null && (p.trailingStopPrice === null || !ev.trailingStopPrice.eq(p.trailingStopPrice))) {
        engines.positions.updateExitLevels(p.id, { trailingStopPrice: ev.trailingStopPrice });
      }
      if (ev.exit && this.retries.mayAttempt(p.id, now)) {
        this.exit(p.id, undefined, `${ev.exit}: ${ev.reason ?? ''}`, 'strategy').catch((err: Error) =>
          this.k.onHandlerError('exit', err),
        );
      }
    }
  }

  async exit(positionId: string, quantity: Decimal | undefined, reason: string, source: string): Promise<ExecutionOutcome> {
    const { d, market } = this.k;
    const execution = this.k.execution;
    if (!execution) throw new KernelError(503, 'VENUE_DOWN', 'No venue connected');
    if (this.inFlight.has(positionId)) throw new KernelError(409, 'EXIT_IN_FLIGHT', 'An exit for this position is already being placed');
    this.inFlight.add(positionId);
    try {
      const p = this.k.engines.positions.getPosition(positionId);
      const mark = p ? market.mark(p.symbol) : null;
      if (p && p.status === 'Open' && quantity === undefined) {
        if (mark && this.closeIfDust(p, mark, source))
          return blocked('CLOSED_AS_DUST', `${positionId} holds only dust: closed without an order`);
        await this.capToFreeBalance(p, mark);
        if (mark && this.closeIfDust(p, mark, source))
          return blocked('CLOSED_AS_DUST', `${positionId} holds only dust after the balance check: closed without an order`);
      }
      const outcome = await execution.executeExit({
        positionId,
        reason,
        ...(quantity ? { quantity } : {}),
        ...(mark ? { referencePrice: mark } : {}),
      });
      d.metrics.orders.inc({ purpose: 'EXIT', outcome: outcome.kind });
      if (outcome.kind === 'ACKED') this.k.latencyMarks.placement(outcome.intent.symbol, outcome.intent.sentAt, outcome.intent.ackedAt);
      if (outcome.kind === 'ACKED' || outcome.kind === 'DUPLICATE') {
        this.onAccepted(positionId);
        // Every exit an operator may need to trace later (refusals log 'exit refused').
        d.log.info({ positionId, reason, source, outcome: outcome.kind }, 'exit placed');
      } else this.onRefused(positionId, outcome, source);
      // A BLOCKED outcome sent nothing and changed nothing: no commit for it.
      if (outcome.kind !== 'BLOCKED') this.k.persistPosition(positionId);
      d.state.changed();
      return outcome;
    } finally {
      this.inFlight.delete(positionId);
    }
  }

  /** POST /positions/:id/close: all of the open quantity, or part of it. Allowed with the circuit open. */
  async close(id: string, body: ClosePositionRequest, source: string): Promise<{ position: PositionDto; intent_id: string }> {
    const { d, engines } = this.k;
    const p = engines.positions.getPosition(id);
    if (!p) throw notFound(`Position ${id}`);
    const outcome = await this.exit(id, body.quantity ? new Dec(body.quantity) : undefined, body.reason ?? 'manual close', source);
    const after = engines.positions.getPosition(id) ?? p;
    d.state.recordControl('position.close', source, p.status, after.status, `${id} ${outcome.kind}`);
    if (outcome.kind !== 'ACKED') {
      const code = outcome.kind === 'BLOCKED' ? outcome.code : outcome.kind;
      throw new KernelError(outcome.kind === 'BLOCKED' ? 409 : 502, `EXIT_${code}`, outcomeText(outcome));
    }
    return { position: this.hooks.toDto(after), intent_id: outcome.intent.id };
  }

  /**
   * With execution.exchange_side_exits, an Open position also has a STOP_LOSS_LIMIT on the
   * exchange, so the stop holds even while the bot is down. Only the stop: on Spot both a stop and
   * a take-profit would lock the same base asset (no OCO here); the bot manages the target.
   * Called when the entry fills and again on every evaluation: an exit cancels the stop first, so
   * when that exit is refused or leaves a remainder, the remainder is protected again.
   */
  protect(p: Position): void {
    const { d } = this.k;
    const execution = this.k.execution;
    if (!d.config.get().execution.exchange_side_exits || !execution || p.stopPrice === null || p.status !== 'Open') return;
    // Not while the start-up reconcile applies what happened while the bot was down: the venue
    // may already hold this position's stop (or have sold its coins) — the price ticks protect it after.
    if (!d.state.ready) return;
    if (this.placingProtective.has(p.id) || this.inFlight.has(p.id)) return;
    if (execution.workingIntentsOf(p.id).length > 0 || !this.protectRetries.mayAttempt(p.id, d.clock.now())) return;
    this.placingProtective.add(p.id);
    const f = this.k.venue?.filters(p.symbol);
    const exitSide = p.side === 'BUY' ? 'SELL' : 'BUY';
    // The limit sits 0.5 % beyond the trigger so a fast market still fills it.
    const raw = p.stopPrice.mul(p.side === 'BUY' ? '0.995' : '1.005');
    const limitPrice = f ? adjustPrice(raw, f, exitSide) : raw;
    execution
      .placeProtectiveOrder({ positionId: p.id, kind: 'STOP_LOSS_LIMIT', triggerPrice: p.stopPrice, limitPrice })
      .then((o) => {
        d.metrics.orders.inc({ purpose: 'PROTECTIVE', outcome: o.kind });
        if (o.kind === 'ACKED') return this.protectRetries.onSuccess(p.id);
        const verdict = this.protectRetries.onFailure(p.id, d.clock.now(), outcomeText(o));
        if (verdict.first || verdict.circuitOpened) d.state.recordError('execution', `PROTECTIVE_${o.kind}`, outcomeText(o));
      })
      .catch((err: Error) => this.k.onHandlerError('protective-stop', err))
      .finally(() => this.placingProtective.delete(p.id));
  }

  forget(positionId: string): void {
    this.retries.forget(positionId);
    this.protectRetries.forget(positionId);
    this.clearCircuitFlag(positionId);
  }

  /** Positions whose automatic exits stopped after repeated refusals (for tests and the API). */
  exitCircuitOpen(positionId: string): boolean {
    return this.retries.isCircuitOpen(positionId);
  }

  private onAccepted(positionId: string): void {
    this.retries.onSuccess(positionId);
    this.clearCircuitFlag(positionId);
  }

  private clearCircuitFlag(positionId: string): void {
    const flag = this.circuitFlags.get(positionId);
    if (flag === undefined) return;
    this.circuitFlags.delete(positionId);
    if (this.hooks.reviewFlags.get(positionId) === flag) this.hooks.reviewFlags.delete(positionId);
  }

  /**
   * Every refusal is counted and spaces the next automatic attempt; only the first of a streak
   * and the one that opens the circuit are recorded as errors (each record is a commit).
   */
  private onRefused(positionId: string, outcome: ExecutionOutcome, source: string): void {
    const { d } = this.k;
    const text = outcomeText(outcome);
    const verdict = this.retries.onFailure(positionId, d.clock.now(), text);
    d.log.info({ positionId, source, outcome: outcome.kind, failures: verdict.state.failures }, 'exit refused');
    if (verdict.first) d.state.recordError('execution', `EXIT_${outcome.kind}`, `${positionId}: ${text}`);
    if (verdict.circuitOpened) {
      const flag = `exit refused ${verdict.state.failures} times (last: ${text}); automatic exits stopped, close manually`;
      this.hooks.reviewFlags.set(positionId, flag);
      this.circuitFlags.set(positionId, flag);
      d.state.recordError('execution', 'EXIT_CIRCUIT_OPEN', `${positionId}: ${flag}`);
      d.log.warn({ positionId, failures: verdict.state.failures, last: text }, 'exit circuit open: automatic exits stopped');
    }
  }

  /**
   * An Open position that no exit order could sell (below minQty, MARKET_LOT_SIZE minQty, or the
   * minimum notional at `price`) closes as dust: it goes to risk as a closed trade, its slot and
   * symbol are free again, and the remainder is marked at the current price.
   */
  private closeIfDust(p: Position, price: Decimal, source: string): boolean {
    const f = this.k.venue?.filters(p.symbol);
    const execution = this.k.execution;
    if (!f || !execution || p.status !== 'Open' || isExitable(p.openQty, f, price)) return false;
    // A working order (a resting stop) still decides this position's fate.
    if (execution.workingIntentsOf(p.id).length > 0) return false;
    const { d, engines } = this.k;
    const reason = `${p.openQty.toFixed()} ${p.symbol} at ${price.toFixed()} is below what an exit order may sell`;
    const outcome = engines.positions.closeAsDust(p.id, reason);
    this.k.persistPosition(p.id);
    d.state.recordControl('position.dust-close', source, 'Open', 'Closed', `${p.id}: ${reason}`);
    d.log.warn({ positionId: p.id, symbol: p.symbol, qty: p.openQty.toFixed() }, 'position closed as dust');
    if (outcome.closedTrade) this.hooks.onClosed(outcome.closedTrade);
    d.state.changed();
    return true;
  }

  /**
   * A long's exit can only sell coins the account has. When the books hold more than is free
   * (BNB fees of other symbols paid from this position's BNB, a lost commission), the balance is
   * read fresh from the venue and, if it confirms, the missing units are written off and
   * flagged, so the exit that follows is sized to what exists instead of being refused forever.
   */
  private async capToFreeBalance(p: Position, mark: Decimal | null): Promise<void> {
    const execution = this.k.execution;
    const f = this.k.venue?.filters(p.symbol);
    if (p.side !== 'BUY' || !execution || !f) return;
    const { account, d, engines } = this.k;
    // Coins our own resting stop locks are freed by the cancel the exit starts with.
    let locked = new Dec(0);
    for (const i of execution.workingIntentsOf(p.id))
      if (i.purpose === 'PROTECTIVE') locked = locked.plus(i.quantity.minus(i.filledQty));
    const available = () => account.free(f.baseAsset).plus(locked);
    if (!p.openQty.gt(available())) return;
    // The check must not hold a stop-loss back: without an answer in time the exit goes out
    // uncapped (a refusal then backs off, and the next attempt finds the balance read).
    const read = this.k.venue!.exchange.getAccount().then((a) => account.merge(a.balances));
    let cancelTimer: (() => void) | undefined;
    const late = new Promise<'late'>((r) => (cancelTimer = d.scheduler.after(BALANCE_CHECK_MS, () => r('late'))));
    try {
      if ((await Promise.race([read, late])) === 'late') {
        d.log.warn({ positionId: p.id }, 'free balance not confirmed in time; exit sent uncapped');
        read.catch(() => undefined);
        return;
      }
    } catch (err) {
      d.log.warn({ positionId: p.id, err: (err as Error).message }, 'could not confirm the free balance before an exit');
      return;
    } finally {
      cancelTimer?.();
    }
    const { missing } = cappedExitQuantity(p.openQty, available());
    if (!missing.gt(0) || p.status !== 'Open') return;
    const price = mark ?? p.avgEntryPrice;
    if (!price) return;
    const text = `books held ${missing.toFixed()} ${f.baseAsset} more than the account's free balance; written off at ${price.toFixed()}`;
    engines.positions.writeOffMissingUnits(p.id, missing, price, text);
    this.hooks.reviewFlags.set(p.id, text);
    d.state.recordControl('position.missing-units', 'system', p.openQty.plus(missing).toFixed(), p.openQty.toFixed(), `${p.id}: ${text}`);
    d.state.recordError('positions', 'EXIT_CAPPED_TO_BALANCE', `${p.id}: ${text}`);
    this.k.persistPosition(p.id);
  }
}
