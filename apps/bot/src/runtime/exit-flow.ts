import type { ClosePositionRequest, PositionDto } from '@aurora/contracts';
import { Dec, adjustPrice, type ExecutionOutcome, type Position } from '@aurora/core';
import type { Decimal } from 'decimal.js';
import { ApiError, notFound } from '../api/api-error';
import type { RuntimeKit } from './runtime-kit';

/**
 * Exits: the strategy's exit policy on every book update, operator closes, and optional
 * exchange-side protective stops. Nothing here checks trading mode or the breaker — exits are
 * never blocked by pause, kill or losses.
 */
export class ExitFlow {
  private readonly inFlight = new Set<string>();
  private readonly protectedPositions = new Set<string>();

  constructor(
    private readonly k: RuntimeKit,
    private readonly toDto: (p: Position) => PositionDto,
  ) {}

  /** Stop, target, trailing stop and holding time for every open position of `symbol`. */
  evaluate(symbol: string): void {
    const { engines, market } = this.k;
    const price = market.mark(symbol);
    if (!price || !this.k.execution) return;
    const atr = engines.ensembles.get(symbol)?.atr ?? null;
    for (const p of engines.positions.getOpenPositions()) {
      if (p.symbol !== symbol || p.status !== 'Open' || p.avgEntryPrice === null || this.inFlight.has(p.id)) continue;
      const ev = engines.exits.evaluate(
        {
          side: p.side,
          entryPrice: p.avgEntryPrice,
          stopPrice: p.stopPrice,
          takeProfitPrice: p.takeProfitPrice,
          trailingStopPrice: p.trailingStopPrice,
          openedAt: p.openedAt ?? p.createdAt,
        },
        price,
        atr,
      );
      if (ev.trailingStopPrice !== null && (p.trailingStopPrice === null || !ev.trailingStopPrice.eq(p.trailingStopPrice))) {
        engines.positions.updateExitLevels(p.id, { trailingStopPrice: ev.trailingStopPrice });
      }
      if (ev.exit) {
        this.exit(p.id, undefined, `${ev.exit}: ${ev.reason ?? ''}`, 'strategy').catch((err: Error) =>
          this.k.onHandlerError('exit', err),
        );
      }
    }
  }

  async exit(positionId: string, quantity: Decimal | undefined, reason: string, source: string): Promise<ExecutionOutcome> {
    const { d, engines, market } = this.k;
    const execution = this.k.execution;
    if (!execution) throw new ApiError(503, 'VENUE_DOWN', 'No venue connected');
    if (this.inFlight.has(positionId)) throw new ApiError(409, 'EXIT_IN_FLIGHT', 'An exit for this position is already being placed');
    this.inFlight.add(positionId);
    try {
      const p = engines.positions.getPosition(positionId);
      const mark = p ? market.mark(p.symbol) : null;
      const outcome = await execution.executeExit({
        positionId,
        reason,
        ...(quantity ? { quantity } : {}),
        ...(mark ? { referencePrice: mark } : {}),
      });
      d.metrics.orders.inc({ purpose: 'EXIT', outcome: outcome.kind });
      if (outcome.kind === 'ACKED') this.k.latencyMarks.placement(outcome.intent.symbol, outcome.intent.sentAt, outcome.intent.ackedAt);
      else if (outcome.kind !== 'DUPLICATE')
        d.state.recordError('execution', `EXIT_${outcome.kind}`, 'message' in outcome ? outcome.message : `exit of ${positionId} ${outcome.kind}`);
      d.log.info({ positionId, reason, source, outcome: outcome.kind }, 'exit placed');
      this.k.persistPosition(positionId);
      d.state.changed();
      return outcome;
    } finally {
      this.inFlight.delete(positionId);
    }
  }

  /** POST /positions/:id/close: all of the open quantity, or part of it. */
  async close(id: string, body: ClosePositionRequest, source: string): Promise<{ position: PositionDto; intent_id: string }> {
    const { d, engines } = this.k;
    const p = engines.positions.getPosition(id);
    if (!p) throw notFound(`Position ${id}`);
    const outcome = await this.exit(id, body.quantity ? new Dec(body.quantity) : undefined, body.reason ?? 'manual close', source);
    const after = engines.positions.getPosition(id) ?? p;
    d.state.recordControl('position.close', source, p.status, after.status, `${id} ${outcome.kind}`);
    if (outcome.kind !== 'ACKED') {
      const message = 'message' in outcome ? outcome.message : `exit ${outcome.kind}`;
      throw new ApiError(outcome.kind === 'BLOCKED' ? 409 : 502, `EXIT_${outcome.kind}`, message);
    }
    return { position: this.toDto(after), intent_id: outcome.intent.id };
  }

  /**
   * With execution.exchange_side_exits, a filled entry also gets a STOP_LOSS_LIMIT on the
   * exchange, so the stop holds even while the bot is down. Only the stop: on Spot both a stop and
   * a take-profit would lock the same base asset (no OCO here); the bot manages the target.
   */
  protect(p: Position): void {
    const { d } = this.k;
    const execution = this.k.execution;
    if (!d.config.get().execution.exchange_side_exits || !execution || p.stopPrice === null) return;
    if (this.protectedPositions.has(p.id)) return;
    this.protectedPositions.add(p.id);
    const f = this.k.venue?.adapter.exchangeInfo.get(p.symbol);
    const exitSide = p.side === 'BUY' ? 'SELL' : 'BUY';
    // The limit sits 0.5 % beyond the trigger so a fast market still fills it.
    const raw = p.stopPrice.mul(p.side === 'BUY' ? '0.995' : '1.005');
    const limitPrice = f ? adjustPrice(raw, f, exitSide) : raw;
    execution
      .placeProtectiveOrder({ positionId: p.id, kind: 'STOP_LOSS_LIMIT', triggerPrice: p.stopPrice, limitPrice })
      .then((o) => {
        d.metrics.orders.inc({ purpose: 'PROTECTIVE', outcome: o.kind });
        if (o.kind !== 'ACKED') d.state.recordError('execution', `PROTECTIVE_${o.kind}`, 'message' in o ? o.message : o.kind);
      })
      .catch((err: Error) => this.k.onHandlerError('protective-stop', err));
  }

  forget(positionId: string): void {
    this.protectedPositions.delete(positionId);
  }
}
