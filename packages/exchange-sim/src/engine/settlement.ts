import { Dec } from '@aurora/core';
import type { SimAccount } from './account';
import { commissionFor, type CommissionRates } from './commission';
import { quoteOf, type SymbolMarket } from './market';
import type { OrderFill, SimOrder } from './order';

export interface FillTerms {
  price: Dec;
  qty: Dec;
  tradeId: number;
  isMaker: boolean;
  now: number;
  rates: CommissionRates;
  /** BNB's price in the symbol's quote asset, for commissions paid in BNB (null: not payable). */
  bnbPriceInQuote: Dec | null;
}

/**
 * Settles one fill of `order`: the buyer pays quote (from its reservation, refunding price
 * improvement) and receives base less commission; the seller the other way round; a BNB
 * commission comes out of free BNB. Updates the order's executed amounts and status and
 * records the account trade. Returns the fill as reported in FULL responses.
 */
export function settleFill(
  account: SimAccount,
  market: SymbolMarket,
  order: SimOrder,
  t: FillTerms,
): OrderFill {
  const { baseAsset, quoteAsset } = market.spec;
  const { price, qty, now } = t;
  const quote = quoteOf(price, qty);
  const commission = commissionFor({
    account,
    spec: market.spec,
    side: order.side,
    price,
    qty,
    quote,
    rate: t.isMaker ? t.rates.maker : t.rates.taker,
    bnbPriceInQuote: t.bnbPriceInQuote,
  });
  if (order.side === 'BUY') {
    const reserved = order.price.times(qty).toDecimalPlaces(8, Dec.ROUND_UP);
    pay(account, order, quoteAsset, quote, reserved, now);
    account.credit(baseAsset, commission.asset === baseAsset ? qty.minus(commission.amount) : qty, now);
  } else {
    pay(account, order, baseAsset, qty, qty, now);
    account.credit(quoteAsset, commission.asset === quoteAsset ? quote.minus(commission.amount) : quote, now);
  }
  if (commission.asset !== baseAsset && commission.asset !== quoteAsset) {
    account.debitFree(commission.asset, commission.amount, now);
  }
  order.executedQty = order.executedQty.plus(qty);
  order.cumQuote = order.cumQuote.plus(quote);
  order.updateTime = now;
  order.status = order.executedQty.gte(order.origQty) ? 'FILLED' : 'PARTIALLY_FILLED';
  account.addTrade({
    symbol: order.symbol,
    id: t.tradeId,
    orderId: order.orderId,
    price,
    qty,
    quoteQty: quote,
    commission: commission.amount,
    commissionAsset: commission.asset,
    time: now,
    isBuyer: order.side === 'BUY',
    isMaker: t.isMaker,
  });
  return {
    tradeId: t.tradeId,
    price,
    qty,
    quoteQty: quote,
    commission: commission.amount,
    commissionAsset: commission.asset,
    isMaker: t.isMaker,
    time: now,
  };
}

/**
 * Pays `cost` of `asset`: from the order's reservation when it has one (releasing `released`
 * of it and refunding any price improvement), otherwise from free balance.
 */
function pay(
  account: SimAccount,
  order: SimOrder,
  asset: string,
  cost: Dec,
  released: Dec,
  now: number,
): void {
  if (order.lockedAsset !== asset || order.lockedAmount.isZero()) {
    account.debitFree(asset, cost, now);
    return;
  }
  const release = Dec.min(order.lockedAmount, released);
  account.spendLocked(asset, release, now);
  order.lockedAmount = order.lockedAmount.minus(release);
  const difference = release.minus(cost);
  if (difference.gt(0)) account.credit(asset, difference, now);
  else if (difference.lt(0)) account.debitFree(asset, difference.neg(), now);
}
