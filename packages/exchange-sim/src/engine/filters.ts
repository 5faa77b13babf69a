import type { Dec } from '@aurora/core';
import { ApiErrors } from '../errors';
import { isStopType } from './order';
import type { ValidatedOrder } from './order-request';
import type { SymbolSpec } from './symbol-catalog';

export interface FilterContext {
  /** Volume-weighted average price over the symbol's avgPriceMins (the reference for % filters). */
  avgPrice: Dec;
  openOrders: number;
  openAlgoOrders: number;
}

/** A zero bound disables that rule, as Binance documents for every filter. */
const onStep = (value: Dec, step: Dec): boolean => step.isZero() || value.mod(step).isZero();
const below = (value: Dec, min: Dec): boolean => !min.isZero() && value.lt(min);
const above = (value: Dec, max: Dec): boolean => !max.isZero() && value.gt(max);

/**
 * Checks an order against the symbol's exchangeInfo filters in a fixed order and throws
 * -1013 "Filter failure: <FILTER>" for the first one it breaks.
 */
export function checkFilters(spec: SymbolSpec, order: ValidatedOrder, ctx: FilterContext): void {
  for (const p of [order.price, order.stopPrice]) {
    if (p === null) continue;
    if (below(p, spec.minPrice) || above(p, spec.maxPrice) || !onStep(p, spec.tickSize) || p.lte(0)) {
      throw ApiErrors.filterFailure('PRICE_FILTER');
    }
  }

  if (order.price !== null && ctx.avgPrice.gt(0)) {
    const up = ctx.avgPrice.times(spec.percentUp);
    const down = ctx.avgPrice.times(spec.percentDown);
    if (order.price.gt(up) || order.price.lt(down)) throw ApiErrors.filterFailure('PERCENT_PRICE_BY_SIDE');
  }

  const qty = order.quantity;
  if (qty !== null) {
    if (qty.lt(spec.minQty) || above(qty, spec.maxQty) || !onStep(qty, spec.stepSize)) {
      throw ApiErrors.filterFailure('LOT_SIZE');
    }
    if (order.type === 'MARKET') {
      if (
        below(qty, spec.marketMinQty) ||
        above(qty, spec.marketMaxQty) ||
        !onStep(qty, spec.marketStepSize)
      ) {
        throw ApiErrors.filterFailure('MARKET_LOT_SIZE');
      }
    }
  }

  const notional = orderNotional(order, ctx.avgPrice);
  if (notional !== null) {
    const isMarket = order.type === 'MARKET';
    // NOTIONAL here applies its minimum to MARKET orders (applyMinToMarket) but not its maximum.
    if (notional.lt(spec.minNotional) || (!isMarket && above(notional, spec.maxNotional))) {
      throw ApiErrors.filterFailure('NOTIONAL');
    }
  }

  if (ctx.openOrders >= spec.maxNumOrders) throw ApiErrors.filterFailure('MAX_NUM_ORDERS');
  if (isStopType(order.type) && ctx.openAlgoOrders >= spec.maxNumAlgoOrders) {
    throw ApiErrors.filterFailure('MAX_NUM_ALGO_ORDERS');
  }
}

function orderNotional(order: ValidatedOrder, avgPrice: Dec): Dec | null {
  if (order.quoteOrderQty !== null) return order.quoteOrderQty;
  if (order.quantity === null) return null;
  const price = order.price ?? order.stopPrice ?? avgPrice;
  return order.quantity.times(price);
}
