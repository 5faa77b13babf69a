import type { Side } from '@aurora/contracts';
import { dec, ZERO, type Dec as Decimal } from '../money/decimal';

/*
 * Transaction-cost formulas. Prices stay Decimal until the final basis-point figure, which is
 * a statistic and leaves as a number rounded to 0.0001 bps (exact enough to compare against
 * thresholds, short enough for the dashboard). Sign convention for slippage and shortfall:
 * positive = worse for us (paid more on a BUY, received less on a SELL).
 */

const BPS = dec(10_000);
const TWO = dec(2);

/** Round a bps Decimal to 4 places and leave Decimal-land. */
export const toBpsNumber = (bps: Decimal): number => bps.toDecimalPlaces(4).toNumber();

export const midPrice = (bid: Decimal, ask: Decimal): Decimal => bid.plus(ask).div(TWO);

/** +1 when a higher price is worse for us (BUY), −1 when lower is worse (SELL). */
const adverseSign = (side: Side): number => (side === 'BUY' ? 1 : -1);

/** How far `price` is from `reference`, in bps of the reference, positive when worse for `side`. */
export function adverseMoveBps(side: Side, reference: Decimal, price: Decimal): Decimal {
  return price.minus(reference).div(reference).times(BPS).times(adverseSign(side));
}

/** Slippage of the average fill against the arrival price (mid when the order was sent). */
export function slippageBps(side: Side, arrivalPrice: Decimal, fillPrice: Decimal): number {
  return toBpsNumber(adverseMoveBps(side, arrivalPrice, fillPrice));
}

/**
 * Implementation shortfall against the signal (decision) price, on the paper notional
 * signal × qty: price shortfall plus fees. Fees always add to the cost.
 */
export function implementationShortfallBps(
  side: Side,
  signalPrice: Decimal,
  fillPrice: Decimal,
  filledQty: Decimal,
  feesQuote: Decimal = ZERO,
): number {
  const feeBps = feesQuote.div(signalPrice.times(filledQty)).times(BPS);
  return toBpsNumber(adverseMoveBps(side, signalPrice, fillPrice).plus(feeBps));
}

/** Quoted spread as bps of the mid. */
export function spreadBps(bid: Decimal, ask: Decimal): number {
  return toBpsNumber(ask.minus(bid).div(midPrice(bid, ask)).times(BPS));
}

/**
 * Market impact: where the mid stands `impact_delay_s` after the fill, against the fill price,
 * signed so that positive = the market moved on in our trade's direction (up after a BUY, down
 * after a SELL), the move our own order is suspected of causing. A taker who moved nothing
 * sees about minus half the spread.
 */
export function marketImpactBps(side: Side, fillPrice: Decimal, midLater: Decimal): number {
  return toBpsNumber(midLater.minus(fillPrice).div(fillPrice).times(BPS).times(adverseSign(side)));
}
