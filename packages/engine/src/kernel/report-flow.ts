import type { ExecutionReport, Position, ReportApplication, ReportOutcome, UserStreamEvent } from '@aurora/core';
import type { Decimal } from 'decimal.js';
import { persistEngineState } from './engines';
import type { ExitFlow } from './exit-flow';
import { fillToTradeDto } from './fill-record';
import type { KernelParts } from './kernel-parts';

/**
 * The user stream → execution engine → positions → risk. The engine hands every report it
 * applies to `onOutcome` (its one outcome sink), whichever path brought it: the stream, a FULL
 * placement answer, a cancel answer, phantom adoption, a cancel's refresh, the reconciler. So a
 * trade closed by a REST answer that beat the stream reaches risk, insurance and the PnL series
 * exactly like one closed by the stream, and exactly once (the PositionEngine reports each close
 * once, and the stream's later copy carries nothing new).
 */
export class ReportFlow {
  constructor(
    private readonly k: KernelParts,
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

  /** A report from the stream (or synthesized by the app): its outcome arrives through onOutcome. */
  apply(r: ExecutionReport): void {
    this.k.execution?.onExecutionReport(r);
  }

  /** The engine's outcome sink: what an applied report means for fills, risk and the books. */
  onOutcome(app: ReportApplication<ReportOutcome>): void {
    const { d, engines } = this.k;
    const r = app.report;
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
      if (p && p.status === 'Open' && intent.purpose === 'ENTRY') {
        // The entry's last status change is the one that opened the position: announced once.
        if (app.effect?.statusChanged) this.announceOpened(p);
        // After the commit this report is applied in (IntentStore.atomically): the stop's own
        // intent must be on disk, in its own unit, before its request leaves.
        queueMicrotask(() => {
          try {
            this.exits.protect(p);
          } catch (err) {
            this.k.onHandlerError('protective-stop', err as Error);
          }
        });
      }
    }
    const closed = app.position?.closedTrade;
    const positionId = intent.positionId;
    if (closed) {
      // The Closed position and the risk state its loss changes: one commit, or a crash between
      // them leaves a closed trade the circuit breaker never counted (books audit A4).
      d.repo.transaction(() => {
        if (positionId) this.k.persistPosition(positionId);
        this.onTradeClosed(closed.positionId, closed.symbol, closed.pnl);
      });
    } else if (positionId) this.k.persistPosition(positionId);
    d.state.changed();
  }

  /**
   * An intent the reconciler gave up on (NOT_FOUND after its grace, with the venue's -2013): an
   * entry's position is Cancelled then, and its risk admission (a HalfOpen trial) must end too.
   */
  onIntentGivenUp(intent: { positionId: string | null } | null): void {
    const { d, engines } = this.k;
    if (intent?.positionId) {
      const p = engines.positions.getPosition(intent.positionId);
      if (p && p.status === 'Cancelled' && p.decisionId) engines.risk.onTradeAborted(p.decisionId);
      this.k.persistPosition(intent.positionId);
    }
    d.state.changed();
  }

  private recordFill(r: ExecutionReport, positionId: string | null): void {
    const { d, account } = this.k;
    const strategy = positionId ? (this.k.engines.positions.getPosition(positionId)?.tags.strategy ?? null) : null;
    const dto = fillToTradeDto(r, positionId, (asset, at) => account.priceAt(asset, at), d.config.get().quote_asset, strategy);
    if (d.repo.insertFill(dto)) {
      d.metrics.fills.inc({ symbol: r.symbol, side: r.side });
      this.k.d.broadcast({
        kind: 'TRADE_EXECUTED',
        message: `${r.side} ${r.lastQty.toFixed()} ${r.symbol} @ ${r.lastPrice.toFixed()}`,
        at: r.transactTime,
      });
      // The symbol's strategy hears of each of the bot's own fills once (floats: strategy logic
      // only; the books keep the Decimal figures above).
      this.k.engines.strategies.get(r.symbol)?.onFill({
        symbol: r.symbol,
        side: r.side,
        price: r.lastPrice.toNumber(),
        quantity: r.lastQty.toNumber(),
        at: r.transactTime,
      });
    }
  }

  private announceOpened(p: Position): void {
    const quote = this.k.d.config.get().quote_asset;
    const price = p.avgEntryPrice?.toFixed() ?? '?';
    this.k.d.broadcast({
      kind: 'POSITION_OPENED',
      message: `${p.symbol} ${p.side} ${p.filledQty.toFixed()} @ ${price}` + (p.stopPrice ? `, stop ${p.stopPrice.toFixed()}` : ''),
      at: p.openedAt ?? this.k.d.clock.now(),
      data: { position_id: p.id, symbol: p.symbol, side: p.side, quantity: p.filledQty.toFixed(), price, quote_asset: quote },
    });
  }

  /** Risk, insurance and the PnL sample hear of a close (also a dust close made by the exit flow). */
  onTradeClosed(positionId: string, symbol: string, pnl: Decimal): void {
    const { d, engines, account } = this.k;
    this.exits.forget(positionId);
    const p = engines.positions.getPosition(positionId);
    const quote = d.config.get().quote_asset;
    this.k.d.broadcast({
      kind: 'POSITION_CLOSED',
      message: `${symbol} closed, realized PnL ${pnl.toFixed()} ${quote}` + (p?.avgExitPrice ? ` (exit @ ${p.avgExitPrice.toFixed()})` : ''),
      at: d.clock.now(),
      data: { position_id: positionId, symbol, realized_pnl: pnl.toFixed(), quote_asset: quote },
    });
    const before = engines.risk.breaker.state();
    engines.risk.onTradeClosed(p?.decisionId ?? positionId, pnl, positionId);
    engines.insurance.onTradeClosed(symbol, pnl);
    this.onTradeClosedSample();
    persistEngineState(engines, d.repo);
    account.refresh();
    if (engines.risk.breaker.state() === 'Open' && before !== 'Open') {
      const reason = engines.risk.noGoReason() ?? 'circuit breaker tripped';
      this.k.d.broadcast({ kind: 'BREAKER_TRIPPED', message: reason, at: d.clock.now() });
      d.log.warn({ reason }, 'circuit breaker tripped: new entries blocked, exits still allowed');
    }
    refreshBreakerNoGo(this.k);
  }
}

/** Mirror the breaker into the no-go reasons and the breaker-state gauge. */
export function refreshBreakerNoGo(k: Pick<KernelParts, 'd' | 'engines'>): void {
  const { state, metrics } = k.d;
  const bs = k.engines.risk.breaker.state();
  const reason = k.engines.risk.noGoReason();
  metrics.breakerState.set(bs === 'Closed' ? 0 : bs === 'HalfOpen' ? 1 : 2);
  if (reason && bs === 'Open') state.raiseNoGo('CIRCUIT_BREAKER', reason);
  else state.clearNoGo('CIRCUIT_BREAKER');
}
