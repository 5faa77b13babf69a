import { Dec } from '@aurora/core';
import type { Outbox } from './events';
import type { SymbolMarket } from './market';
import type { OrderEngine } from './order-engine';
import type { SeededRandom } from './rng';

/**
 * Resting user orders that the new synthetic book crosses trade as makers at their own price,
 * against the synthetic liquidity that crossed them (best orders first).
 */
export function crossResting(engine: OrderEngine, market: SymbolMarket, out: Outbox): void {
  for (const order of [...market.restingBids]) {
    for (const level of market.book.asks) {
      if (level.price.gt(order.price)) break;
      const remaining = order.origQty.minus(order.executedQty);
      if (remaining.lte(0)) break;
      if (level.qty.lte(0)) continue;
      const qty = Dec.min(remaining, level.qty);
      market.book.consume(level, qty);
      engine.fillRestingFromFlow(order, qty, out);
    }
  }
  for (const order of [...market.restingAsks]) {
    for (const level of market.book.bids) {
      if (level.price.lt(order.price)) break;
      const remaining = order.origQty.minus(order.executedQty);
      if (remaining.lte(0)) break;
      if (level.qty.lte(0)) continue;
      const qty = Dec.min(remaining, level.qty);
      market.book.consume(level, qty);
      engine.fillRestingFromFlow(order, qty, out);
    }
  }
}

/**
 * The tick's traded volume as one to three synthetic taker trades. Each hits the best price of
 * the merged book: resting user orders at or inside the synthetic quote fill first (so passive
 * orders inside the spread do get filled by flow), the rest prints at the synthetic quote.
 */
export function syntheticFlow(
  engine: OrderEngine,
  market: SymbolMarket,
  volume: number,
  rng: SeededRandom,
  out: Outbox,
  now: number,
): void {
  const step = market.spec.stepSize;
  const count = 1 + rng.int(3);
  for (let i = 0; i < count; i++) {
    const share = (volume / count) * (0.5 + rng.next());
    let qty = Dec.max(step, new Dec(share.toFixed(8)).toNearest(step, Dec.ROUND_DOWN));
    const buyerInitiated = rng.next() < 0.5;
    const levels = buyerInitiated ? market.book.asks : market.book.bids;
    const quote = levels.find((l) => l.qty.gt(0))?.price ?? levels[0]?.price;
    if (!quote) continue;
    const resting = buyerInitiated ? market.restingAsks : market.restingBids;
    for (const order of [...resting]) {
      const inside = buyerInitiated ? order.price.lte(quote) : order.price.gte(quote);
      if (!inside || qty.lte(0)) break;
      const take = Dec.min(qty, order.origQty.minus(order.executedQty));
      engine.fillRestingFromFlow(order, take, out);
      qty = qty.minus(take);
    }
    if (qty.gt(0)) {
      const trade = market.recordTrade(quote, qty, buyerInitiated, now);
      engine.publishTrade(market, trade.id, quote, qty, now, !buyerInitiated, out);
    }
  }
}

/**
 * One real (upstream) trade of `qty` at `price`. A resting user order fills, as a maker at its
 * own price, only when the real tape trades THROUGH it (a buyer pays more than our ask, a seller
 * takes less than our bid): a print exactly at our price may have filled orders queued ahead of
 * ours, which we cannot see, so counting it would make paper trading look better than Binance.
 * Filled quantity is taken out of the print; the rest prints on the tape at the real price.
 */
export function upstreamFlow(
  engine: OrderEngine,
  market: SymbolMarket,
  trade: { price: Dec; qty: Dec; takerIsBuyer: boolean },
  out: Outbox,
  now: number,
): void {
  let qty = trade.qty;
  const resting = trade.takerIsBuyer ? market.restingAsks : market.restingBids;
  for (const order of [...resting]) {
    const through = trade.takerIsBuyer ? order.price.lt(trade.price) : order.price.gt(trade.price);
    if (!through || qty.lte(0)) break;
    const take = Dec.min(qty, order.origQty.minus(order.executedQty));
    engine.fillRestingFromFlow(order, take, out);
    qty = qty.minus(take);
  }
  if (qty.gt(0)) {
    const printed = market.recordTrade(trade.price, qty, trade.takerIsBuyer, now);
    engine.publishTrade(market, printed.id, trade.price, qty, now, !trade.takerIsBuyer, out);
  }
}
