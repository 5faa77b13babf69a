import type { FilterFailure } from '../money/filters';
import type { ExchangeError } from './exchange-errors';
import type { TradeIntent } from './intent';

/** Why the engine refused to send an order (nothing left the process). */
export type BlockCode =
  /** The decision envelope did not ALLOW the trade. */
  | 'NOT_ALLOWED'
  /** No exchangeInfo for the symbol: we cannot round to its filters. */
  | 'NO_EXCHANGE_INFO'
  | 'SYMBOL_NOT_TRADING'
  | 'ORDER_TYPE_NOT_SUPPORTED'
  /** The quantity rounds down to nothing (below minQty / step). */
  | 'BELOW_MIN_QTY'
  /** The rounded order still breaks a filter (min notional …): `failures` names each. */
  | 'FILTER_FAILURE'
  /** The PositionEngine refused to open the position (duplicate id, invalid input). */
  | 'POSITION_REFUSED'
  /** Unknown position, not Open/Closing, or nothing left to close beyond exits already working. */
  | 'POSITION_NOT_CLOSABLE'
  | 'EXCHANGE_SIDE_EXITS_DISABLED'
  /** A protective order of the position could not be cancelled and may still sell its coins. */
  | 'PROTECTIVE_CANCEL_FAILED'
  /** Nothing an exit order could sell was left: the position closed as dust, without an order. */
  | 'CLOSED_AS_DUST';

export type ExecutionOutcome =
  /** The exchange has the order (acknowledged, or found by phantom recovery). */
  | { kind: 'ACKED'; intent: TradeIntent; recovered: boolean }
  /** This proposal / request already produced an intent: nothing sent. */
  | { kind: 'DUPLICATE'; intentId: string }
  | { kind: 'BLOCKED'; code: BlockCode; message: string; failures: FilterFailure[] }
  /** The exchange refused it (or retries ran out); never retried. */
  | { kind: 'REJECTED'; intent: TradeIntent; error: ExchangeError }
  /** Status was unknown and the exchange proved, after its query lag, that it has no such order. */
  | { kind: 'NOT_FOUND'; intent: TradeIntent }
  /**
   * Status still unknown when the recovery window ended: no lookup got an answer that proves
   * the order absent (they failed, or were refused locally during a 429/418). The intent stays
   * UNKNOWN and its position keeps waiting; the reconciler settles it.
   */
  | { kind: 'UNKNOWN'; intent: TradeIntent };

export const blocked = (
  code: BlockCode,
  message: string,
  failures: FilterFailure[] = [],
): ExecutionOutcome => ({
  kind: 'BLOCKED',
  code,
  message,
  failures,
});
