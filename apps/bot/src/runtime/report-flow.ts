import type { ExecutionReport, UserStreamEvent } from '@aurora/core';
import type { Decimal } from 'decimal.js';
import { persistEngineState } from './engines';
import type { ExitFlow } from './exit-flow';
import { fillToTradeDto } from './fill-record';
import type { RuntimeKit } from './runtime-kit';

/**
 * The user stream → execution engine → positions → risk. Every order update takes this one
 * path, whether it came from the stream, a FULL placement response or the reconciler.
 */
export class ReportFlow {
  constructor(
    private readonly k: RuntimeKit,
    private readonly exits: ExitFlow,
    private readonly onResynced: () => void,
    private readonly onTradeClosedSample: () => void,
  ) {}

  onUserEvent(e: UserStreamEvent): void {
    const { d, account } = this.k;
    switch (e.kind) {
      case 'executionReport':
        this.apply(e);
        return;
      case 'outboundAccountPosition':
        account.merge(e.balances);
        d.state.changed();
        return;
      case 'balanceUpdate':
        // The balances themselves follow in outboundAccountPosition; the event is state news.
        d.state.changed();
        return;
      case 'resynced':
        this.onResynced();
        return;
      case 'eventStreamTerminated':
        d.state.recordError('user-stream', 'TERMINATED', 'user data stream terminated by the venue; reconnecting');
        return;
      case 'listStatus':
        return;
    }
  }

  apply(r: ExecutionReport): void {
    const { d, engines } = this.k;
    const execution = this.k.execution;
    if (!execution) return;
    const app = execution.onExecutionReport(r);
    const intent = app.intent;
    if (!intent) return; // not ours: the reconciler reports orphans
    if (r.executionType === 'TRADE' && r.tradeId !== null) this.recordFill(r, intent.positionId);
    if (app.effect?.firstFill) this.k.latencyMarks.ackToFill(intent.symbol, intent.ackedAt, intent.firstFillAt);
    if (intent.positionId) {
      const p = engines.positions.getPosition(intent.positionId);
      if (p && intent.purpose === 'ENTRY' && r.executionType === 'TRADE') {
        engines.tca.onFill(p.id, { avgPrice: p.avgEntryPrice ?? r.lastPrice, filledQty: p.filledQty, at: r.transactTime });
      }
      if (p && p.status === 'Cancelled' && p.decisionId) engines.risk.onTradeAborted(p.decisionId);
      if (p && p.status === 'Open' && intent.purpose === 'ENTRY') this.exits.protect(p);
      this.k.persistPosition(intent.positionId);
    }
    const closed = app.position?.closedTrade;
    if (closed) this.onTradeClosed(closed.positionId, closed.symbol, closed.pnl);
    d.state.changed();
  }

  private recordFill(r: ExecutionReport, positionId: string | null): void {
    const { d, account } = this.k;
    const dto = fillToTradeDto(r, positionId, (asset) => account.priceOf(asset), d.config.get().quote_asset);
    if (d.repo.insertFill(dto)) {
      d.metrics.fills.inc({ symbol: r.symbol, side: r.side });
      this.k.hub()?.broadcastEvent({
        kind: 'TRADE_EXECUTED',
        message: `${r.side} ${r.lastQty.toFixed()} ${r.symbol} @ ${r.lastPrice.toFixed()}`,
        at: r.transactTime,
      });
    }
  }

  /** Risk, insurance and the PnL sample hear of a close (also a dust close made by the exit flow). */
  onTradeClosed(positionId: string, symbol: string, pnl: Decimal): void {
    const { d, engines, account } = this.k;
    this.exits.forget(positionId);
    const p = engines.positions.getPosition(positionId);
    const before = engines.risk.breaker.state();
    engines.risk.onTradeClosed(p?.decisionId ?? positionId, pnl);
    engines.insurance.onTradeClosed(symbol, pnl);
    this.onTradeClosedSample();
    persistEngineState(engines, d.repo);
    account.refresh();
    if (engines.risk.breaker.state() === 'Open' && before !== 'Open') {
      const reason = engines.risk.noGoReason() ?? 'circuit breaker tripped';
      this.k.hub()?.broadcastEvent({ kind: 'BREAKER_TRIPPED', message: reason, at: d.clock.now() });
      d.log.warn({ reason }, 'circuit breaker tripped: new entries blocked, exits still allowed');
    }
    refreshBreakerNoGo(this.k);
  }
}

/** Mirror the breaker into the no-go reasons and the breaker-state gauge. */
export function refreshBreakerNoGo(k: Pick<RuntimeKit, 'd' | 'engines'>): void {
  const { state, metrics } = k.d;
  const bs = k.engines.risk.breaker.state();
  const reason = k.engines.risk.noGoReason();
  metrics.breakerState.set(bs === 'Closed' ? 0 : bs === 'HalfOpen' ? 1 : 2);
  if (reason && bs === 'Open') state.raiseNoGo('CIRCUIT_BREAKER', reason);
  else state.clearNoGo('CIRCUIT_BREAKER');
}
