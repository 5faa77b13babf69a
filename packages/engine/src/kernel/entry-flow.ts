import type { DecisionEnvelope, ManualProposalRequest } from '@aurora/contracts';
import {
  Dec,
  adjustPrice,
  type DecisionRequest,
  type ExecutionOutcome,
  type ProposalCandidate,
  type ProposalInput,
} from '@aurora/core';
import type { Decimal } from 'decimal.js';
import { KernelError } from '../kernel-error';
import type { KernelParts } from './kernel-parts';

/**
 * Entries: a strategy candidate or an operator's proposal → the decision pipeline → (when
 * allowed) the execution engine. Exits never come this way.
 */
/** The strategy an entry is tagged with (position tags; the dashboard shows it): manual, or who proposed it. */
export function strategyTag(source: 'STRATEGY' | 'MANUAL', candidate: Pick<ProposalCandidate, 'strategy'> | null): string {
  if (source === 'MANUAL') return 'manual';
  return candidate?.strategy ?? 'ensemble';
}

export class EntryFlow {
  /** One evaluation per symbol at a time, so two candles cannot race into two entries. */
  private readonly evaluating = new Set<string>();

  constructor(private readonly k: KernelParts) {}

  /** New entries need: ready (start-up reconcile done), RUNNING, no dead-man, venue and market feed up, books audit clean. */
  mayOpenEntries(): boolean {
    const s = this.k.d.state;
    return (
      s.ready &&
      s.tradingMode === 'RUNNING' &&
      !s.hasNoGo('DEAD_MAN_SWITCH') &&
      !s.hasNoGo('VENUE_DOWN') &&
      !s.hasNoGo('AUDIT') &&
      // A mirror with no real market: the simulator has halted, an entry would only be refused.
      !s.hasNoGo('MARKET_FEED_DOWN')
    );
  }

  onCandidate(c: ProposalCandidate): void {
    const { engines, d } = this.k;
    if (!this.mayOpenEntries() || this.evaluating.has(c.symbol)) return;
    if (engines.latency.isPaused(c.symbol)) {
      d.log.info({ symbol: c.symbol, reason: engines.latency.pauseReason(c.symbol) }, 'entry skipped: latency guard');
      return;
    }
    const exitSide = c.side === 'BUY' ? 'SELL' : 'BUY';
    const proposal: ProposalInput = {
      symbol: c.symbol,
      side: c.side,
      source: 'STRATEGY',
      strategy: strategyTag('STRATEGY', c),
      paramsId: c.paramsId ?? engines.strategies.get(c.symbol)?.paramsId ?? null,
      entryPrice: c.entryPrice,
      quantity: null,
      stopPrice: this.roundLevel(c.symbol, c.stopPrice, exitSide),
      takeProfitPrice: this.roundLevel(c.symbol, c.takeProfitPrice, c.side),
      confidence: c.confidence,
      createdAt: c.signalAt,
    };
    void this.evaluateAndExecute(proposal, c).catch((err: Error) => this.k.onHandlerError('strategy', err));
  }

  /**
   * The strategy's ATR stop for an entry at `ref` (a manual trade without a stop, an entry the
   * reconciler adopted), rounded to the symbol's tick; null while the ATR is unknown.
   */
  atrStop(symbol: string, side: 'BUY' | 'SELL', ref: Decimal): Decimal | null {
    const atr = this.k.engines.strategies.get(symbol)?.atr ?? null;
    if (!atr) return null;
    const sign = side === 'BUY' ? 1 : -1;
    return ref.minus(sign * atr * this.k.d.config.get().strategy.stop_atr_mult);
  }

  /** atrStop rounded as a proposal's stop is (an exit-side price). */
  roundedAtrStop(symbol: string, side: 'BUY' | 'SELL', ref: Decimal): Decimal | null {
    const stop = this.atrStop(symbol, side, ref);
    return stop ? this.roundLevel(symbol, stop, side === 'BUY' ? 'SELL' : 'BUY') : null;
  }

  /** POST /proposals: an operator's trade through the same gates as the strategy's. */
  async propose(body: ManualProposalRequest, source: string): Promise<DecisionEnvelope> {
    const { d, engines, market } = this.k;
    const { state } = d;
    if (!state.ready) throw new KernelError(409, 'NOT_READY', 'Start-up reconciliation has not finished');
    if (state.tradingMode !== 'RUNNING')
      throw new KernelError(409, 'TRADING_NOT_RUNNING', `Trading is ${state.tradingMode}: new entries are not allowed`);
    if (state.hasNoGo('AUDIT'))
      throw new KernelError(409, 'AUDIT', 'The books audit found violations: new entries wait until it is clean (exits still work)');
    if (!d.config.get().symbols.includes(body.symbol))
      throw new KernelError(400, 'UNKNOWN_SYMBOL', `${body.symbol} is not a configured symbol`);
    if (engines.latency.isPaused(body.symbol))
      throw new KernelError(409, 'LATENCY_PAUSED', engines.latency.pauseReason(body.symbol) ?? 'entries paused by the latency guard');
    if (this.evaluating.has(body.symbol))
      throw new KernelError(409, 'BUSY', `A proposal for ${body.symbol} is already being evaluated`);
    const book = market.book(body.symbol);
    const ref = body.price ? new Dec(body.price) : body.side === 'BUY' ? book?.askPrice : book?.bidPrice;
    if (!ref) throw new KernelError(409, 'NO_MARKET_DATA', `No price for ${body.symbol} yet`);
    const atr = engines.strategies.get(body.symbol)?.atr ?? null;
    const cfg = d.config.get().strategy;
    const sign = body.side === 'BUY' ? 1 : -1;
    // Every entry carries a stop; a manual trade without one gets the strategy's ATR stop.
    const stop = body.stop_price ? new Dec(body.stop_price) : this.atrStop(body.symbol, body.side, ref);
    const tp = body.take_profit_price ? new Dec(body.take_profit_price) : atr ? ref.plus(sign * atr * cfg.take_profit_atr_mult) : null;
    const exitSide = body.side === 'BUY' ? 'SELL' : 'BUY';
    d.log.info({ symbol: body.symbol, side: body.side, source }, 'manual proposal');
    return this.evaluateAndExecute(
      {
        id: d.ids.uuid(),
        symbol: body.symbol,
        side: body.side,
        source: 'MANUAL',
        strategy: strategyTag('MANUAL', null),
        paramsId: null,
        entryPrice: ref,
        quantity: body.quantity ? new Dec(body.quantity) : null,
        stopPrice: stop ? this.roundLevel(body.symbol, stop, exitSide) : null,
        takeProfitPrice: tp ? this.roundLevel(body.symbol, tp, body.side) : null,
        confidence: 1,
      },
      null,
      body.order_type,
    );
  }

  /** Stops and targets on the symbol's tick grid, rounded to the safe side. */
  private roundLevel(symbol: string, price: Decimal, side: 'BUY' | 'SELL'): Decimal {
    const f = this.k.venue?.filters(symbol);
    return f && price.gt(0) ? adjustPrice(price, f, side) : price;
  }

  /** One proposal through the gates and, when allowed, to the exchange. */
  private async evaluateAndExecute(
    proposal: ProposalInput,
    candidate: ProposalCandidate | null,
    orderType?: 'LIMIT' | 'MARKET',
  ): Promise<DecisionEnvelope> {
    const { d, engines, market, account } = this.k;
    const symbol = proposal.symbol;
    this.evaluating.add(symbol);
    try {
      // Exposure, the position count and today's PnL as of now: an entry placed by the candle
      // just before (same second, not yet answered) is already a Pending position with an open
      // intent, and counts. From here to executeEntry's first await nothing yields.
      account.refresh();
      const decision = engines.pipeline.evaluate(this.decisionRequest(proposal, candidate));
      if (!decision.allowed || decision.quantity === null) {
        const layer = decision.envelope.blocking_layer ?? 'UNKNOWN';
        const gate = decision.envelope.gates[decision.envelope.gates.length - 1];
        d.metrics.rejects.inc({ layer, reason: gate?.reason_code ?? 'UNKNOWN' });
        if (layer === 'RISK')
          this.k.d.broadcast({ kind: 'RISK_BLOCKED', message: `${symbol}: ${gate?.reason ?? ''}`, at: d.clock.now() });
        return decision.envelope;
      }
      const execution = this.k.execution;
      if (!execution) throw new KernelError(503, 'VENUE_DOWN', 'No venue connected');
      const envelope = decision.envelope;
      // Same synchronous step as the ALLOW: a HalfOpen breaker admits exactly one trial.
      engines.risk.onTradeOpened(envelope.id);
      const book = market.book(symbol);
      const type = decision.forceLimit ? 'LIMIT' : (orderType ?? d.config.get().execution.entry_order_type);
      const touch = proposal.side === 'BUY' ? book?.askPrice : book?.bidPrice;
      const price = type === 'MARKET' ? (touch ?? proposal.entryPrice) : proposal.entryPrice;
      const mark = market.mark(symbol);
      const outcome = await execution.executeEntry({
        proposalId: envelope.proposal.id,
        decisionId: envelope.id,
        symbol,
        side: proposal.side,
        quantity: decision.quantity,
        price,
        // PERCENT_PRICE_BY_SIDE judges a LIMIT's price against the market's, not its own (L1).
        ...(mark !== null ? { referencePrice: mark } : {}),
        stop: proposal.stopPrice,
        takeProfit: proposal.takeProfitPrice,
        ...(candidate?.exitOverrides ? { exitOverrides: candidate.exitOverrides } : {}),
        tags: {
          strategy: proposal.strategy,
          ...(proposal.paramsId !== null ? { params_id: proposal.paramsId } : {}),
          account_mode: d.state.accountMode,
        },
        forceLimit: decision.forceLimit,
        ...(orderType ? { orderType } : {}),
      });
      this.afterEntryOutcome(envelope, outcome, candidate, proposal);
      return envelope;
    } finally {
      this.evaluating.delete(symbol);
    }
  }

  private afterEntryOutcome(
    envelope: DecisionEnvelope,
    outcome: ExecutionOutcome,
    candidate: ProposalCandidate | null,
    proposal: ProposalInput,
  ): void {
    const { d, engines, market } = this.k;
    const { metrics, state, log } = d;
    metrics.orders.inc({ purpose: 'ENTRY', outcome: outcome.kind });
    if (outcome.kind === 'ACKED') {
      envelope.intent_id = outcome.intent.id;
      this.k.saveDecision(envelope);
      const positionId = outcome.intent.positionId;
      if (positionId) {
        const book = market.book(proposal.symbol);
        engines.tca.onOrderSent(positionId, {
          symbol: proposal.symbol,
          side: proposal.side,
          signalPrice: candidate?.signalPrice ?? proposal.entryPrice,
          bid: book?.bidPrice ?? null,
          ask: book?.askPrice ?? null,
        });
        // Fills may have arrived (FULL response or stream) before we got here.
        const p = engines.positions.getPosition(positionId);
        if (p && p.avgEntryPrice && p.filledQty.gt(0)) {
          engines.tca.onFill(positionId, { avgPrice: p.avgEntryPrice, filledQty: p.filledQty, at: p.openedAt ?? d.clock.now() });
        }
        this.k.persistPosition(positionId);
      }
      this.k.latencyMarks.placement(outcome.intent.symbol, outcome.intent.sentAt, outcome.intent.ackedAt);
      state.changed();
      return;
    }
    if (outcome.kind === 'UNKNOWN') {
      // The order may exist: the trade is not aborted, the reconciler settles the intent.
      envelope.intent_id = outcome.intent.id;
      this.k.saveDecision(envelope);
      state.recordError('execution', 'UNKNOWN', `intent ${outcome.intent.id}: status unknown after recovery; left to the reconciler`);
      if (outcome.intent.positionId) this.k.persistPosition(outcome.intent.positionId);
      state.changed();
      return;
    }
    engines.risk.onTradeAborted(envelope.id);
    if (outcome.kind === 'REJECTED') {
      log.warn({ symbol: proposal.symbol, code: outcome.error.code, msg: outcome.error.message }, 'entry rejected by the exchange');
      state.recordError('execution', `REJECTED_${outcome.error.code ?? 'UNKNOWN'}`, outcome.error.message);
    } else if (outcome.kind === 'BLOCKED') {
      state.recordError('execution', `BLOCKED_${outcome.code}`, outcome.message);
    } else if (outcome.kind === 'NOT_FOUND') {
      state.recordError('execution', 'NOT_FOUND', `intent ${outcome.intent.id} was not found on the exchange after recovery`);
    }
    if ((outcome.kind === 'REJECTED' || outcome.kind === 'NOT_FOUND') && outcome.intent.positionId)
      this.k.persistPosition(outcome.intent.positionId);
    state.changed();
  }

  /** Everything the gates read, gathered at evaluation time. */
  private decisionRequest(proposal: ProposalInput, candidate: ProposalCandidate | null): DecisionRequest {
    const { d, engines, market, account } = this.k;
    const symbol = proposal.symbol;
    const venue = this.k.venue;
    const h = venue?.health();
    const quote = d.config.get().quote_asset;
    const base = symbol.endsWith(quote) ? symbol.slice(0, -quote.length) : symbol;
    const runner = engines.strategies.get(symbol);
    const open = engines.positions.getOpenPositions();
    const openSymbols = [...new Set(open.map((p) => p.symbol))];
    return {
      proposal,
      ...(candidate ? { signals: candidate.signals } : {}),
      market: {
        book: market.book(symbol),
        marketDataAt: market.lastMessageAt,
        klineUpdatedAt: market.lastKlineAt(symbol),
        klineGaps: runner?.gapsInWindow() ?? 0,
        atr: runner?.atr ?? null,
        signalPrice: candidate?.signalPrice ?? null,
      },
      exchange: {
        filters: venue?.filters(symbol) ?? null,
        exchangeInfoLoadedAt: h?.exchange_info_loaded_at ?? null,
        clockOffsetMs: h?.clock_offset_ms ?? null,
      },
      account: { freeQuote: account.free(quote), freeBase: account.free(base) },
      position: {
        hasOpen: open.some((p) => p.symbol === symbol),
        hasPendingIntent: engines.intents.listOpen().some((i) => i.symbol === symbol && i.purpose === 'ENTRY'),
      },
      correlations: engines.correlation.correlationsWith(symbol, openSymbols),
    };
  }
}
