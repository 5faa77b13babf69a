import type { Side } from '@aurora/contracts';
import type { Dec } from '../money/decimal';

/** What the execution engine knows when an entry order leaves the process. */
export interface TcaOrderSent {
  symbol: string;
  side: Side;
  /** Price the strategy decided on; null for trades without one. */
  signalPrice: Dec | null;
  /** Best bid/ask when the order was sent; null when no book was known. */
  bid: Dec | null;
  ask: Dec | null;
}

/** The entry order's fills so far: cumulative quantity and volume-weighted average price. */
export interface TcaFill {
  avgPrice: Dec;
  filledQty: Dec;
  /** Commissions in the quote asset (already converted), if known. */
  feesQuote?: Dec | null;
  at: number;
}

/** Consumed by the decision pipeline's EXECUTION_QUALITY gate. */
export interface TcaAdvice {
  /** Entries must use LIMIT instead of MARKET. */
  forceLimit: boolean;
  /** Multiply entry size by this (1 or 0.5). */
  sizeFactor: number;
}

export interface DueImpact {
  positionId: string;
  symbol: string;
  dueAt: number;
}

export interface TcaTrackerOptions {
  /** Trades kept for per-position DTOs, oldest dropped first. Default 1000. */
  maxTrades?: number;
  /** An impact not recorded within this long after it fell due is given up. Default 60 s. */
  impactGraceMs?: number;
}
