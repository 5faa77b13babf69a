import type { Decimal } from 'decimal.js';
import type { DecisionEnvelope, Side, Signal } from '@aurora/contracts';
import type { BookTicker } from '../market/types';
import type { SymbolFilters } from '../money/symbol-filters';
import type { SymbolCorrelation } from '../risk/correlation';

/** A trade idea entering the pipeline: from the strategy (ProposalCandidate) or an operator. */
export interface ProposalInput {
  /** Kept when given (e.g. a manual proposal's id); generated otherwise. */
  id?: string;
  symbol: string;
  side: Side;
  source: 'STRATEGY' | 'MANUAL';
  /** Who proposed it: the strategy's name, or 'manual' (the envelope and the position carry it). */
  strategy: string;
  /** The identity of the strategy's params (paramsId); null for a manual proposal. */
  paramsId: string | null;
  entryPrice: Decimal;
  /** An operator's quantity; null lets risk sizing choose. */
  quantity: Decimal | null;
  stopPrice: Decimal | null;
  takeProfitPrice: Decimal | null;
  confidence: number;
  /** When the idea was formed; defaults to the evaluation time. */
  createdAt?: number;
}

/** Everything the gates read, gathered by the app at evaluation time. */
export interface DecisionRequest {
  proposal: ProposalInput;
  signals?: Signal[];
  /** Exits are never blocked: every gate still records what it saw. */
  isExit?: boolean;
  market: {
    book: BookTicker | null;
    /** Last message on the market stream, any kind (feed liveness). */
    marketDataAt: number | null;
    /** Last kline event for this symbol, closed or not. */
    klineUpdatedAt: number | null;
    /** Missing candles within the indicators' look-back (SignalEnsemble.gapsInWindow). */
    klineGaps: number;
    atr: number | null;
    /** The close the signal saw; null for manual proposals. */
    signalPrice: Decimal | null;
  };
  exchange: {
    filters: SymbolFilters | null;
    exchangeInfoLoadedAt: number | null;
    /** Local clock minus exchange clock, ms; null before the first time sync. */
    clockOffsetMs: number | null;
  };
  account: {
    /** Free quote balance (what a BUY spends). */
    freeQuote: Decimal;
    /** Free base balance (what a SELL entry sells). */
    freeBase?: Decimal;
  };
  position: { hasOpen: boolean; hasPendingIntent: boolean };
  /** Correlation of the proposal's symbol with each open position's symbol. */
  correlations?: ReadonlyArray<SymbolCorrelation>;
}

/** Advice from transaction-cost analysis of recent fills (safety/tca.ts produces it). */
export type { TcaAdvice } from '../safety/tca-types';

/** The pipeline's answer: the envelope to store and push, plus what execution needs typed. */
export interface Decision {
  envelope: DecisionEnvelope;
  allowed: boolean;
  /** The quantity to order, on the symbol's grids; null when blocked (or for an exit without one). */
  quantity: Decimal | null;
  /** TCA asked for a LIMIT entry whatever ExecutionConfig.entry_order_type says. */
  forceLimit: boolean;
}

export type GateInputs = Record<string, number | string | boolean | null>;

/** One gate's result before timing and the exit rule are applied. */
export interface GateOutcome {
  verdict: 'ALLOW' | 'BLOCK';
  code: string | null;
  reason: string;
  inputs: GateInputs;
}

export const gateAllow = (reason: string, inputs: GateInputs): GateOutcome => ({
  verdict: 'ALLOW',
  code: null,
  reason,
  inputs,
});

export const gateBlock = (code: string, reason: string, inputs: GateInputs): GateOutcome => ({
  verdict: 'BLOCK',
  code,
  reason,
  inputs,
});
