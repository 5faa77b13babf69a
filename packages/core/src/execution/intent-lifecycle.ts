import {
  INTENT_TRANSITIONS,
  IllegalTransition,
  nextOrderStatus,
  transition,
  type IntentEvent,
} from '../orders/transitions';
import { isStaleReport } from '../orders/report-staleness';
import type { Side } from '@aurora/contracts';
import { createIntent, type IntentPurpose, type TradeIntent } from './intent';
import type { ShapedOrder } from './order-shaping';
import type { ExecutionReport } from './user-stream-events';

/**
 * Every intent status change goes through INTENT_TRANSITIONS; every exchange status change
 * through ORDER_TRANSITIONS (via nextOrderStatus). The functions mutate the intent they are
 * given (the engine's working copy) and leave persisting it to the caller.
 */

/**
 * A new intent for a shaped order, already SUBMITTING with its send time: it is persisted in
 * that state, so the row exists (and says "may be on the exchange") before the request leaves.
 */
export function submittingIntent(
  now: number,
  id: string,
  purpose: IntentPurpose,
  symbol: string,
  side: Side,
  order: ShapedOrder,
  extra: { proposalId?: string; decisionId?: string | null; positionId?: string; reason?: string },
): TradeIntent {
  const intent = createIntent(
    {
      id,
      purpose,
      symbol,
      side,
      type: order.kind.type,
      timeInForce: order.kind.timeInForce,
      quantity: order.quantity,
      price: order.price,
      stopPrice: order.stopPrice,
      ...extra,
    },
    now,
  );
  moveIntent(intent, 'SUBMIT', now);
  intent.attempts = 1;
  intent.sentAt = now;
  return intent;
}

/** Apply one intent event; an illegal pair is returned and nothing changes. */
export function moveIntent(intent: TradeIntent, event: IntentEvent, now: number): IllegalTransition | null {
  const next = transition(INTENT_TRANSITIONS, intent.status, event, intent.id);
  if (next instanceof IllegalTransition) return next;
  intent.status = next;
  intent.updatedAt = now;
  return null;
}

/**
 * An order found on the exchange for an intent that had no answer yet: CREATED (crashed before
 * sending) and SUBMITTING (the stream beat the REST response) are acknowledged, UNKNOWN is found.
 */
export function acknowledge(intent: TradeIntent, orderId: string, now: number): IllegalTransition | null {
  let illegal: IllegalTransition | null = null;
  switch (intent.status) {
    case 'ACKED':
      break;
    case 'CREATED':
      illegal = moveIntent(intent, 'SUBMIT', now) ?? moveIntent(intent, 'ACK', now);
      break;
    case 'SUBMITTING':
      illegal = moveIntent(intent, 'ACK', now);
      break;
    default:
      // UNKNOWN is found; REJECTED and NOT_FOUND have no way back (the table refuses it).
      illegal = moveIntent(intent, 'FOUND', now);
  }
  if (intent.orderId === null) intent.orderId = orderId;
  if (illegal !== null) return illegal;
  if (intent.ackedAt === null) intent.ackedAt = now;
  intent.updatedAt = now;
  return null;
}

/**
 * Give up on an intent whose order was never seen: CREATED and SUBMITTING pass through UNKNOWN
 * (we cannot know whether they left), then NOT_FOUND.
 */
export function markIntentNotFound(intent: TradeIntent, now: number): IllegalTransition | null {
  if (intent.status === 'CREATED') {
    const illegal = moveIntent(intent, 'SUBMIT', now);
    if (illegal !== null) return illegal;
  }
  if (intent.status === 'SUBMITTING') {
    const illegal = moveIntent(intent, 'TIMEOUT', now);
    if (illegal !== null) return illegal;
  }
  return moveIntent(intent, 'NOT_FOUND', now);
}

export interface IntentReportEffect {
  /** Anything on the intent changed (persist it). */
  changed: boolean;
  /** The report moved the exchange status. */
  statusChanged: boolean;
  /** The report carried fills beyond what the intent had booked. */
  fillAdvanced: boolean;
  /** This report is the intent's first fill (latency mark ack → first fill). */
  firstFill: boolean;
  /** The report answered an intent that had no acknowledgement yet. */
  adopted: boolean;
  /** Behind what the intent already knows (a NEW after its FILLED): a reorder, not an anomaly. */
  stale: boolean;
  illegal: IllegalTransition | null;
}

/**
 * Fold one execution report into its intent. Idempotent: the fill advances only when Binance's
 * cumulative quantity grows, and restating the current status changes nothing. Fill quantity
 * moves only on TRADE reports, so a terminal status learned first (from a cancel response) can
 * never hide a trade that arrives after it.
 */
export function applyReportToIntent(
  intent: TradeIntent,
  r: ExecutionReport,
  now: number,
): IntentReportEffect {
  const effect: IntentReportEffect = {
    changed: false,
    statusChanged: false,
    fillAdvanced: false,
    firstFill: false,
    adopted: false,
    stale: false,
    illegal: null,
  };
  const surfacedAlready =
    (intent.status === 'NOT_FOUND' || intent.status === 'REJECTED') && intent.orderId === r.orderId;
  if (intent.status !== 'ACKED' && !surfacedAlready) {
    // The order exists whatever our records say: keep its fills flowing even when the intent
    // cannot move (a NOT_FOUND intent whose order turned up late is surfaced as illegal).
    const illegal = acknowledge(intent, r.orderId, now);
    effect.changed = true;
    if (illegal !== null) effect.illegal = illegal;
    else effect.adopted = true;
  } else if (intent.orderId === null) {
    intent.orderId = r.orderId;
    effect.changed = true;
  }
  // Binance's channels race (stream, REST answers, lookups): a report behind the intent's
  // cumulative fill, or at the same fill with an earlier status, is a late copy, never a move.
  if (
    isStaleReport(
      { status: intent.exchangeStatus, cumQty: intent.filledQty },
      { status: r.orderStatus, cumQty: r.cumQty },
    )
  ) {
    effect.stale = true;
    if (effect.changed) intent.updatedAt = now;
    return effect;
  }
  if (r.orderStatus !== intent.exchangeStatus) {
    const next = nextOrderStatus(intent.exchangeStatus, r.orderStatus, intent.id);
    if (next instanceof IllegalTransition) effect.illegal = next;
    else {
      intent.exchangeStatus = next;
      effect.statusChanged = effect.changed = true;
    }
  }
  if (r.executionType === 'TRADE' && r.cumQty.gt(intent.filledQty)) {
    intent.filledQty = r.cumQty;
    intent.cumQuote = r.cumQuote;
    effect.fillAdvanced = effect.changed = true;
    if (intent.firstFillAt === null) {
      intent.firstFillAt = now;
      effect.firstFill = true;
    }
  }
  if (effect.changed) intent.updatedAt = now;
  return effect;
}
