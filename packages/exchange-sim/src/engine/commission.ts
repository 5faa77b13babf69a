import { Dec } from '@aurora/core';
import type { SimAccount } from './account';
import type { OrderSide } from './order';
import type { SymbolSpec } from './symbol-catalog';

export interface CommissionRates {
  maker: Dec;
  taker: Dec;
}

/** Binance's standard BNB discount: the commission is reduced by this fraction when paid in BNB. */
export const BNB_DISCOUNT = new Dec('0.25');

export interface Commission {
  amount: Dec;
  asset: string;
}

/**
 * Commission on one fill. By default the buyer pays in the base asset it receives and the
 * seller in the quote asset. With BNB burn enabled and enough free BNB, the quote value of the
 * commission, reduced by BNB_DISCOUNT, is paid in BNB at `bnbPriceInQuote`.
 */
export function commissionFor(args: {
  account: SimAccount;
  spec: SymbolSpec;
  side: OrderSide;
  price: Dec;
  qty: Dec;
  quote: Dec;
  rate: Dec;
  bnbPriceInQuote: Dec | null;
}): Commission {
  const { account, spec, side, qty, quote, rate, bnbPriceInQuote } = args;
  if (account.bnbBurn && bnbPriceInQuote !== null && bnbPriceInQuote.gt(0) && rate.gt(0)) {
    const inBnb = quote
      .times(rate)
      .times(new Dec(1).minus(BNB_DISCOUNT))
      .div(bnbPriceInQuote)
      .toDecimalPlaces(8, Dec.ROUND_UP);
    if (inBnb.gt(0) && account.free('BNB').gte(inBnb)) return { amount: inBnb, asset: 'BNB' };
  }
  if (side === 'BUY')
    return { amount: qty.times(rate).toDecimalPlaces(8, Dec.ROUND_UP), asset: spec.baseAsset };
  return { amount: quote.times(rate).toDecimalPlaces(8, Dec.ROUND_UP), asset: spec.quoteAsset };
}
