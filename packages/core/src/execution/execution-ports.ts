import type { Decimal } from 'decimal.js';
import type { ExecutionConfig, Side } from '@aurora/contracts';
import type { SymbolFilters } from '../money/symbol-filters';
import type { ExitOverrides } from '../strategy/exits';
import type { ReportApplication } from './report-application';
import type { ExecutionReport } from './user-stream-events';

/*
 * The narrow slices of other modules the execution engine needs. PositionEngine (orders/)
 * satisfies PositionPort structurally; tests use small in-memory fakes.
 */

export interface OpenPositionRequest {
  intentId: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  requestedQty: Decimal;
  stop?: Decimal;
  takeProfit?: Decimal;
  exitOverrides?: ExitOverrides;
  tags?: Record<string, string>;
  decisionId?: string;
}

/** The order that would close (part of) a position: side is the exit side. */
export interface ExitOrderSpec {
  symbol: string;
  side: Side;
  quantity: Decimal;
}

export interface PositionPort<TUpdate = unknown> {
  openPosition(req: OpenPositionRequest): { id: string };
  /** Attach an exit order to the position (it moves to Closing) before the order leaves. */
  registerExitOrder(positionId: string, clientOrderId: string, qty: Decimal): unknown;
  /** A protective order has traded: attach it as an exit even beyond the closable quantity, so the fill is booked. */
  registerProtectiveFill(positionId: string, clientOrderId: string, qty: Decimal): unknown;
  /** Describe the exit order for the position's open quantity (or `qty` of it). Throws when not closable. */
  closePosition(positionId: string, qty?: Decimal): ExitOrderSpec;
  /** The one path every order update takes; must be idempotent per orderId + trade/execution id. */
  onExecutionReport(report: ExecutionReport): TUpdate;
  /** The order never reached the exchange (intent REJECTED or NOT_FOUND): end it like a fill-less cancel. */
  onIntentFailed(clientOrderId: string): TUpdate;
}

/** Exchange rules per symbol (from exchangeInfo); undefined when not loaded. */
export type FiltersSource = (symbol: string) => SymbolFilters | undefined;

/** Read on every call, so a runtime config patch applies to the next order. */
export type ExecutionConfigSource = () => ExecutionConfig;

/**
 * Where every applied report goes, whichever path produced it: the stream, a FULL placement
 * answer, a cancel answer, phantom adoption, a cancel's refresh, the reconciler. Repeats come
 * too (with no `position`), so the app can record fills idempotently; a closed trade appears
 * exactly once, in `position`, on the report that closed it.
 */
export type OutcomeSink<TUpdate> = (applied: ReportApplication<TUpdate>) => void;
