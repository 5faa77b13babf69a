import type { Decimal } from 'decimal.js';
import type { Side } from '@aurora/contracts';
import type { Clock } from '../clock';
import type { ExitOverrides } from '../strategy/exits';
import type { TradingCalendar } from '../trading-calendar';
import type { Position } from './position';
import type { IllegalTransition } from './transitions';

export interface PositionEngineOptions {
  clock: Clock;
  /** The account's quote asset (USDT): every position's symbol ends with it. */
  quoteAsset: string;
  /** Minutes east of UTC at which the trading day starts (runtime config trading_day_offset_min). */
  tradingDayOffsetMin: number;
  /**
   * The calendar shared with the risk engine (the app passes RiskEngine.calendar), so realized
   * today and the risk engine's day are the same day; without it the engine keeps its own.
   */
  calendar?: TradingCalendar;
  /** An asset's price in the quote asset at a fill's time (BNB commissions); null when unknown. */
  priceOf(asset: string, at: number): Decimal | null;
  onIllegal?(err: IllegalTransition): void;
  /**
   * The quantity below which a remainder cannot be sold any more (the symbol's LOT_SIZE minQty,
   * or its step): when the last exit ends leaving less, the position closes and keeps it as dust.
   * Needed because commissions paid in the base asset leave off-grid remainders.
   */
  dustThreshold?(symbol: string): Decimal | null;
  /**
   * Whether `qty` of `symbol` is too little for any exit order (below minQty, MARKET_LOT_SIZE
   * minQty, or the minimum notional at the current price). Takes precedence over dustThreshold.
   */
  isDust?(symbol: string, qty: Decimal): boolean;
  /** Closed/Cancelled positions kept in memory (default 1000); the database keeps the rest. */
  maxFinishedPositions?: number;
  /** Report ids remembered per order for duplicate detection (default 64). */
  dedupKeysPerOrder?: number;
}

export interface OpenPositionInput {
  /** Defaults to `pos-<intentId>`. */
  id?: string;
  intentId: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  requestedQty: Decimal;
  stop?: Decimal | null;
  takeProfit?: Decimal | null;
  trailingStop?: Decimal | null;
  exitOverrides?: ExitOverrides | null;
  tags?: Record<string, string>;
  decisionId?: string | null;
}

export interface ClosedTrade {
  positionId: string;
  symbol: string;
  side: Side;
  /** Realized PnL of the whole position, commissions included. */
  pnl: Decimal;
  closedAt: number;
}

export interface ReportOutcome {
  changed: boolean;
  position?: Position;
  /** Present exactly once per position: on the report that closed it. */
  closedTrade?: ClosedTrade;
  illegal?: IllegalTransition;
}

/** What the execution engine needs to create an exit intent; quantity is not step-rounded yet. */
export interface ExitOrderRequest {
  positionId: string;
  symbol: string;
  side: Side;
  quantity: Decimal;
}

export interface ExitLevels {
  stopPrice?: Decimal | null;
  takeProfitPrice?: Decimal | null;
  trailingStopPrice?: Decimal | null;
}
