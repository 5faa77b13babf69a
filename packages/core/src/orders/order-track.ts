import type { Decimal } from 'decimal.js';
import type { OrderStatus } from '@aurora/contracts';
import { ZERO } from '../money/decimal';
import { RecentKeys } from './recent-keys';
import { isTerminalOrderStatus } from './transitions';

export type OrderRole = 'ENTRY' | 'EXIT';

/**
 * What the PositionEngine knows about one of a position's orders. cumQty/cumQuote are the
 * cumulative amounts already booked: fills are applied as increases of Binance's cumulative
 * `z`, so a repeated report books nothing and a missed one is caught up by the next.
 */
export interface OrderTrack {
  readonly positionId: string;
  readonly role: OrderRole;
  readonly clientOrderId: string;
  orderId: string | null;
  /** null until the exchange first reports the order. */
  status: OrderStatus | null;
  readonly requestedQty: Decimal;
  cumQty: Decimal;
  cumQuote: Decimal;
  /** Latest transactTime applied (informational: staleness is judged by cumQty and status). */
  lastEventTime: number;
  readonly seen: RecentKeys;
}

export const newOrderTrack = (
  positionId: string,
  role: OrderRole,
  clientOrderId: string,
  requestedQty: Decimal,
  dedupCapacity: number,
): OrderTrack => ({
  positionId,
  role,
  clientOrderId,
  orderId: null,
  status: null,
  requestedQty,
  cumQty: ZERO,
  cumQuote: ZERO,
  lastEventTime: 0,
  seen: new RecentKeys(dedupCapacity),
});

/** Live = may still fill: not yet reported, or reported in a non-terminal status. */
export const isLiveTrack = (t: OrderTrack): boolean => t.status === null || !isTerminalOrderStatus(t.status);

/** Quantity a live order may still fill. */
export function remainingQty(t: OrderTrack): Decimal {
  if (!isLiveTrack(t)) return ZERO;
  const left = t.requestedQty.minus(t.cumQty);
  return left.gt(0) ? left : ZERO;
}
