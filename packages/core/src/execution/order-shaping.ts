import type { Decimal } from 'decimal.js';
import type { ExecutionConfig, OrderType, Side, TimeInForce } from '@aurora/contracts';
import { adjustPrice, adjustQuantity, validateOrder } from '../money/filters';
import type { SymbolFilters } from '../money/symbol-filters';
import { blocked, type ExecutionOutcome } from './execution-outcome';

export interface OrderKind {
  type: OrderType;
  timeInForce: TimeInForce | null;
}

/**
 * LIMIT GTC by default; MARKET or LIMIT IOC by config. The TCA override (forceLimit, set when
 * recent market entries slipped too much) turns a MARKET entry into LIMIT GTC and leaves limit
 * kinds as they are.
 */
export function entryOrderKind(
  configured: ExecutionConfig['entry_order_type'],
  forceLimit: boolean,
): OrderKind {
  if (configured === 'LIMIT_IOC') return { type: 'LIMIT', timeInForce: 'IOC' };
  if (configured === 'MARKET' && !forceLimit) return { type: 'MARKET', timeInForce: null };
  return { type: 'LIMIT', timeInForce: 'GTC' };
}

export interface OrderDraft {
  side: Side;
  kind: OrderKind;
  quantity: Decimal;
  /** Limit price (ignored for MARKET). */
  price: Decimal | null;
  stopPrice: Decimal | null;
  /** Price the notional check uses for MARKET orders (last/mid or the proposal's entry); null skips it. */
  referencePrice: Decimal | null;
}

export interface ShapedOrder {
  kind: OrderKind;
  quantity: Decimal;
  price: Decimal | null;
  stopPrice: Decimal | null;
}

const hasLimitPrice = (t: OrderType): boolean => t !== 'MARKET' && t !== 'STOP_LOSS' && t !== 'TAKE_PROFIT';

/**
 * Round a draft to the symbol's filters (quantity floored to the step, prices to the tick in the
 * safe direction for the side) and check what the exchange would refuse. A blocked outcome
 * names every failing filter; nothing is sent in that case.
 */
export function shapeOrder(
  draft: OrderDraft,
  f: SymbolFilters,
): { ok: true; order: ShapedOrder } | { ok: false; outcome: ExecutionOutcome } {
  const { kind, side } = draft;
  if (f.status !== 'TRADING')
    return { ok: false, outcome: blocked('SYMBOL_NOT_TRADING', `${f.symbol} is ${f.status}`) };
  if (f.orderTypes.length > 0 && !f.orderTypes.includes(kind.type))
    return {
      ok: false,
      outcome: blocked('ORDER_TYPE_NOT_SUPPORTED', `${f.symbol} does not accept ${kind.type} orders`),
    };
  const market = kind.type === 'MARKET';
  const quantity = adjustQuantity(draft.quantity, f, { market });
  if (quantity.isZero())
    return {
      ok: false,
      outcome: blocked(
        'BELOW_MIN_QTY',
        `quantity ${draft.quantity.toFixed()} rounds below the minimum for ${f.symbol}`,
      ),
    };
  const price = hasLimitPrice(kind.type) && draft.price !== null ? adjustPrice(draft.price, f, side) : null;
  const stopPrice = draft.stopPrice === null ? null : adjustPrice(draft.stopPrice, f, side);
  const failures = validateOrder(
    {
      side,
      type: kind.type,
      quantity,
      ...(price !== null ? { price } : {}),
      ...(stopPrice !== null ? { stopPrice } : {}),
      ...(draft.referencePrice !== null ? { referencePrice: draft.referencePrice } : {}),
    },
    f,
  );
  if (failures.length > 0)
    return {
      ok: false,
      outcome: blocked('FILTER_FAILURE', failures.map((x) => x.message).join('; '), failures),
    };
  return { ok: true, order: { kind, quantity, price, stopPrice } };
}
