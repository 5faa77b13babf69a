import type { Decimal } from 'decimal.js';
import type { OrderStatus } from '@aurora/contracts';

/**
 * How far along its life an order status is. Binance's user stream and our own answers (FULL
 * placement, cancel, lookups) reach us in any order, and their clocks differ (exchange time on
 * the stream, the exchange's or our own on the rest), so a report is judged by what it says —
 * cumulative quantity and status — never by its timestamp.
 */
const STAGE: Readonly<Record<OrderStatus, number>> = {
  NEW: 0,
  PARTIALLY_FILLED: 1,
  PENDING_CANCEL: 2,
  FILLED: 3,
  CANCELED: 3,
  REJECTED: 3,
  EXPIRED: 3,
  EXPIRED_IN_MATCH: 3,
};

/**
 * A report that says nothing the order's known state does not already include: behind in
 * cumulative quantity, or at the same quantity with an earlier status (a NEW after its
 * FILLED, a PARTIALLY_FILLED after a terminal status). A report that brings new cumulative
 * quantity is never stale, whatever its time.
 */
export function isStaleReport(
  known: { status: OrderStatus | null; cumQty: Decimal },
  reported: { status: OrderStatus; cumQty: Decimal },
): boolean {
  if (reported.cumQty.lt(known.cumQty)) return true;
  if (reported.cumQty.gt(known.cumQty) || known.status === null) return false;
  return STAGE[reported.status] < STAGE[known.status];
}
