import { Dec } from '@aurora/core';
import type { BookLevel } from './book';
import type { SymbolMarket } from './market';
import { quoteOf } from './market';
import type { OrderSide, SimOrder } from './order';

export interface TakerMatch {
  price: Dec;
  qty: Dec;
  /** A resting user order on the other side, or… */
  maker?: SimOrder;
  /** …a level of the synthetic book. */
  level?: BookLevel;
}

export interface TakerPlan {
  matches: TakerMatch[];
  qty: Dec;
  quote: Dec;
  stoppedBy: 'qty' | 'budget' | 'limit' | 'liquidity';
}

export interface TakerLimits {
  /** Worst acceptable price (limit orders); null for MARKET. */
  limit: Dec | null;
  maxQty: Dec | null;
  /** Quote to spend (BUY) or receive (SELL) for quoteOrderQty orders. */
  quoteBudget: Dec | null;
  /** Quantities bought against a quote budget are floored to this step. */
  step: Dec;
}

/**
 * Walks the opposite side best price first — resting user orders and synthetic levels merged,
 * resting orders first at equal prices (they were there before this tick's synthetic quotes) —
 * and returns the matches an incoming order would make, without changing anything.
 */
export function planTaker(market: SymbolMarket, side: OrderSide, lim: TakerLimits): TakerPlan {
  const resting = side === 'BUY' ? market.restingAsks : market.restingBids;
  const levels = side === 'BUY' ? market.book.asks : market.book.bids;
  const better = side === 'BUY' ? (a: Dec, b: Dec) => a.lt(b) : (a: Dec, b: Dec) => a.gt(b);
  const matches: TakerMatch[] = [];
  let qty = new Dec(0);
  let quote = new Dec(0);
  let ri = 0;
  let li = 0;
  let restingUsed = new Dec(0); // taken from resting[ri] so far
  let levelUsed = new Dec(0); // taken from levels[li] so far

  for (;;) {
    while (li < levels.length && levels[li]!.qty.minus(levelUsed).lte(0)) {
      li++;
      levelUsed = new Dec(0);
    }
    const maker = resting[ri];
    const level = levels[li];
    if (!maker && !level) return { matches, qty, quote, stoppedBy: 'liquidity' };
    const useResting = maker !== undefined && (level === undefined || !better(level.price, maker.price));
    const price = useResting ? maker!.price : level!.price;
    if (lim.limit !== null && better(lim.limit, price)) return { matches, qty, quote, stoppedBy: 'limit' };
    const available = useResting
      ? maker!.origQty.minus(maker!.executedQty).minus(restingUsed)
      : level!.qty.minus(levelUsed);
    let take = available;
    if (lim.maxQty !== null) take = Dec.min(take, lim.maxQty.minus(qty));
    if (lim.quoteBudget !== null) {
      const affordable = lim.quoteBudget.minus(quote).div(price).toNearest(lim.step, Dec.ROUND_DOWN);
      take = Dec.min(take, affordable);
    }
    if (take.lte(0)) {
      const stoppedBy = lim.maxQty !== null && qty.gte(lim.maxQty) ? 'qty' : 'budget';
      return { matches, qty, quote, stoppedBy };
    }
    matches.push(useResting ? { price, qty: take, maker: maker! } : { price, qty: take, level: level! });
    qty = qty.plus(take);
    quote = quote.plus(quoteOf(price, take));
    if (useResting) {
      restingUsed = restingUsed.plus(take);
      if (restingUsed.gte(maker!.origQty.minus(maker!.executedQty))) {
        ri++;
        restingUsed = new Dec(0);
      }
    } else {
      levelUsed = levelUsed.plus(take);
    }
  }
}
