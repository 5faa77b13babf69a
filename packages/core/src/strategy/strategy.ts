import type { Side, Signal } from '@aurora/contracts';
import type { z } from 'zod';
import type { BookTicker, Kline } from '../market/types';
import type { ProposalCandidate } from './ensemble';

/*
 * The Strategy plug-in interface (docs/STRATEGIES.md). A strategy is pure: no I/O, no clock,
 * no randomness. It sees the market only through the context the runner hands it, and that
 * context holds closed candles only, up to and including the one that just closed: there is no
 * future candle to read, so there is no look-ahead by construction.
 */

/** What a strategy wants to trade, in distances from the entry price (the runner prices it). */
export interface ProposalDraft {
  side: Side;
  /** Distance from the entry to the protective stop, in quote currency (> 0). */
  stopDistance: number;
  /** Distance from the entry to the take-profit, in quote currency (> 0). */
  targetDistance: number;
  /** 0..1; the insurance gate refuses proposals below insurance.min_confidence. */
  confidence: number;
  /** −1 (all SHORT) .. 1 (all LONG); defaults to ±confidence. */
  score?: number;
  /** Why: shown with the decision (name, direction, inputs). */
  signals?: Signal[];
  /**
   * This trade's trailing stop in ATRs (the runner's or the strategy's ATR), instead of
   * strategy.trailing_atr_mult; 0 turns trailing off for it. Same bounds as the config: 0..20.
   */
  trailingAtrMult?: number;
  /** This trade's longest hold in whole minutes, instead of strategy.max_holding_min (1..100000). */
  maxHoldingMin?: number;
}

/** A fill of this strategy's symbol, for strategies that keep state about their own trades. */
export interface StrategyFill {
  symbol: string;
  side: Side;
  price: number;
  quantity: number;
  at: number;
}

export interface StrategyContext {
  readonly symbol: string;
  /**
   * Closed candles, oldest first; the last one is the candle that just closed. Valid during the
   * call only (the runner appends to it afterwards): copy what you want to keep.
   */
  readonly candles: ReadonlyArray<Kline>;
  /** The latest best bid/ask seen before this candle closed, or null. */
  readonly book: BookTicker | null;
  /** Wilder ATR over strategy.atr_period closed candles, or null while warming up. */
  readonly atr: number | null;
  /** Builds the ProposalCandidate the decision pipeline takes (entry at the touch, else the close). */
  propose(draft: ProposalDraft): ProposalCandidate | null;
}

/** One symbol's running strategy, made by Strategy.create. */
export interface StrategyInstance {
  /**
   * Called once per closed candle, in order, warm-up included (a proposal made while warming up
   * is dropped). Return null for no trade.
   */
  onCandle(ctx: StrategyContext): ProposalCandidate | null;
  onBookTicker?(t: BookTicker): void;
  onFill?(fill: StrategyFill): void;
  /** The strategy's own ATR when it keeps one (the exit and entry gates read it); else the runner's. */
  readonly atr?: number | null;
  /** Take new params without a rebuild; return false to be rebuilt and replayed over the history. */
  reconfigure?(params: unknown): boolean;
}

export interface Strategy<P = unknown> {
  /** Unique, lower-case with dashes: what runtime config `strategy.per_symbol.<SYMBOL>.name` names. */
  readonly name: string;
  readonly description: string;
  /** The parameters: defaults and bounds. `params.parse({})` must give a working set. */
  readonly params: z.ZodType<P>;
  /** Closed candles needed before the first proposal counts. */
  warmupCandles(params: P): number;
  create(symbol: string, params: P): StrategyInstance;
}

/** Any strategy, its parameter type erased: what the registry and the runner hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStrategy = Strategy<any>;
