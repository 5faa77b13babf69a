import { Dec } from '@aurora/core';
import { ApiErrors } from '../errors';
import type { SimAccount } from './account';
import { checkFilters } from './filters';
import type { SymbolMarket } from './market';
import { isStopType, type SimOrder } from './order';
import { validateNewOrder, type NewOrderParams, type ValidatedOrder } from './order-request';
import { planTaker, type TakerPlan } from './taker-plan';

/** Parameters, symbol, trading permission and exchangeInfo filters: the checks before matching. */
export function admitOrder(
  account: SimAccount,
  params: NewOrderParams,
  marketOf: (symbol: string) => SymbolMarket,
): { req: ValidatedOrder; market: SymbolMarket } {
  const req = validateNewOrder(params);
  const market = marketOf(req.symbol);
  if (!account.canTrade) throw ApiErrors.newOrderRejected('This account may not place or cancel orders.');
  const open = account.openOrders(req.symbol);
  checkFilters(market.spec, req, {
    avgPrice: market.avgPrice(),
    openOrders: open.length,
    openAlgoOrders: open.filter((o) => isStopType(o.type)).length,
  });
  return { req, market };
}

/**
 * Moves what a resting-capable order may spend from free to locked: base for SELLs, quote at
 * the limit price (the stop price for market-type stops) for BUYs. Throws -2010 when short.
 */
export function reserveFunds(account: SimAccount, market: SymbolMarket, order: SimOrder, now: number): void {
  const { baseAsset, quoteAsset } = market.spec;
  if (order.side === 'SELL') {
    account.lock(baseAsset, order.origQty, now);
    order.lockedAsset = baseAsset;
    order.lockedAmount = order.origQty;
    return;
  }
  const price = order.type === 'STOP_LOSS' || order.type === 'TAKE_PROFIT' ? order.stopPrice : order.price;
  const amount = price.times(order.origQty).toDecimalPlaces(8, Dec.ROUND_UP);
  account.lock(quoteAsset, amount, now);
  order.lockedAsset = quoteAsset;
  order.lockedAmount = amount;
}

/**
 * MARKET orders execute at once: plans the fills and checks the free balance covers them
 * (refused whole otherwise). A quote-quantity order's quantity becomes what the book gives.
 */
export function planMarketOrder(account: SimAccount, market: SymbolMarket, order: SimOrder): TakerPlan {
  const { baseAsset, quoteAsset, stepSize } = market.spec;
  const byQuote = order.origQuoteOrderQty.gt(0);
  const plan = planTaker(market, order.side, {
    limit: null,
    maxQty: byQuote ? null : order.origQty,
    quoteBudget: byQuote ? order.origQuoteOrderQty : null,
    step: stepSize,
  });
  if (order.side === 'BUY' && account.free(quoteAsset).lt(byQuote ? order.origQuoteOrderQty : plan.quote)) {
    throw ApiErrors.insufficientBalance();
  }
  if (order.side === 'SELL' && account.free(baseAsset).lt(byQuote ? plan.qty : order.origQty)) {
    throw ApiErrors.insufficientBalance();
  }
  if (byQuote) order.origQty = plan.qty;
  return plan;
}
