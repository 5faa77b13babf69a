import type { Decimal } from 'decimal.js';
import type { IntentStatus, OrderDto, OrderStatus, OrderType, Side, TimeInForce } from '@aurora/contracts';
import { ZERO } from '../money/decimal';

export type IntentPurpose = 'ENTRY' | 'EXIT' | 'PROTECTIVE';

/**
 * One order we mean to have on the exchange. Its id is sent as newClientOrderId, so every
 * attempt for this intent (retries included) names the same exchange order.
 */
export interface TradeIntent {
  id: string;
  proposalId: string | null;
  decisionId: string | null;
  positionId: string | null;
  purpose: IntentPurpose;
  symbol: string;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce | null;
  quantity: Decimal;
  price: Decimal | null;
  stopPrice: Decimal | null;
  status: IntentStatus;
  /** Set once the exchange acknowledged the order (or recovery found it). */
  orderId: string | null;
  /** The order's status on the exchange, moved only through ORDER_TRANSITIONS. */
  exchangeStatus: OrderStatus | null;
  /** Cumulative filled quantity; advances only on TRADE reports, so a late trade is never hidden. */
  filledQty: Decimal;
  cumQuote: Decimal;
  rejectReason: string | null;
  /** Why the intent exists (strategy exit reason, 'KILL', 'MANUAL' …). */
  reason: string | null;
  /** Placement attempts made (retries included). */
  attempts: number;
  createdAt: number;
  sentAt: number | null;
  ackedAt: number | null;
  firstFillAt: number | null;
  updatedAt: number;
}

export interface NewIntentFields {
  id: string;
  proposalId?: string | null;
  decisionId?: string | null;
  positionId?: string | null;
  purpose: IntentPurpose;
  symbol: string;
  side: Side;
  type: OrderType;
  timeInForce?: TimeInForce | null;
  quantity: Decimal;
  price?: Decimal | null;
  stopPrice?: Decimal | null;
  reason?: string | null;
}

/** A fresh intent in CREATED, stamped with the clock's time. */
export function createIntent(fields: NewIntentFields, now: number): TradeIntent {
  return {
    id: fields.id,
    proposalId: fields.proposalId ?? null,
    decisionId: fields.decisionId ?? null,
    positionId: fields.positionId ?? null,
    purpose: fields.purpose,
    symbol: fields.symbol,
    side: fields.side,
    type: fields.type,
    timeInForce: fields.timeInForce ?? null,
    quantity: fields.quantity,
    price: fields.price ?? null,
    stopPrice: fields.stopPrice ?? null,
    status: 'CREATED',
    orderId: null,
    exchangeStatus: null,
    filledQty: ZERO,
    cumQuote: ZERO,
    rejectReason: null,
    reason: fields.reason ?? null,
    attempts: 0,
    createdAt: now,
    sentAt: null,
    ackedAt: null,
    firstFillAt: null,
    updatedAt: now,
  };
}

const OPEN_EXCHANGE_STATUSES: ReadonlySet<OrderStatus> = new Set([
  'NEW',
  'PARTIALLY_FILLED',
  'PENDING_CANCEL',
]);

export const isOpenExchangeStatus = (s: OrderStatus | null): boolean =>
  s !== null && OPEN_EXCHANGE_STATUSES.has(s);

/** No answer from the exchange yet: the order may or may not exist. */
export const isUnsettledIntent = (i: TradeIntent): boolean =>
  i.status === 'CREATED' || i.status === 'SUBMITTING' || i.status === 'UNKNOWN';

/**
 * Open = we may still have (or get) a live order for it: unsettled, or acknowledged and not yet
 * in a terminal exchange status.
 */
export const isOpenIntent = (i: TradeIntent): boolean =>
  isUnsettledIntent(i) ||
  (i.status === 'ACKED' && (i.exchangeStatus === null || isOpenExchangeStatus(i.exchangeStatus)));

/** Milliseconds from request sent to acknowledgement, when both are known. */
export const placementLatencyMs = (i: TradeIntent): number | null =>
  i.sentAt !== null && i.ackedAt !== null ? i.ackedAt - i.sentAt : null;

/** Milliseconds from acknowledgement to first fill, when both are known. */
export const ackToFirstFillMs = (i: TradeIntent): number | null =>
  i.ackedAt !== null && i.firstFillAt !== null ? Math.max(0, i.firstFillAt - i.ackedAt) : null;

/** The API/dashboard view of an intent and its order (decimals as strings). */
export function intentToOrderDto(i: TradeIntent): OrderDto {
  const avg = i.filledQty.isZero() ? null : i.cumQuote.div(i.filledQty).toFixed();
  return {
    intent_id: i.id,
    client_order_id: i.id,
    order_id: i.orderId,
    symbol: i.symbol,
    side: i.side,
    type: i.type,
    time_in_force: i.timeInForce,
    purpose: i.purpose,
    position_id: i.positionId,
    intent_status: i.status,
    status: i.exchangeStatus,
    price: i.price === null ? null : i.price.toFixed(),
    quantity: i.quantity.toFixed(),
    filled_qty: i.filledQty.toFixed(),
    cum_quote: i.cumQuote.toFixed(),
    avg_price: avg,
    reject_reason: i.rejectReason,
    created_at: i.createdAt,
    sent_at: i.sentAt,
    acked_at: i.ackedAt,
    first_fill_at: i.firstFillAt,
    updated_at: i.updatedAt,
  };
}
