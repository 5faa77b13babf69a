import type { Decimal } from 'decimal.js';
import type { Side } from '@aurora/contracts';

/**
 * Decimal places kept by average-cost allocations (the only inexact step, a division). Every
 * other accounting figure is a sum of exact products of ≤ 8-place Binance decimals, so with
 * 40 significant digits all sums stay exact and books balance to the last digit.
 */
export const ACCOUNTING_DP = 18;

/** +1 for a long (BUY-entry) position, -1 for a short (SELL-entry) one. */
export const direction = (side: Side): 1 | -1 => (side === 'BUY' ? 1 : -1);

/**
 * A finished round trip's PnL, average-cost: BUY (avg exit − avg entry) × qty − commissions;
 * SELL (avg entry − avg exit) × qty − commissions. Commissions already in the quote asset,
 * converted at each fill's time (money/fees.ts).
 */
export function roundTripPnl(
  side: Side,
  avgEntry: Decimal,
  avgExit: Decimal,
  qty: Decimal,
  commissionsQuote: Decimal,
): Decimal {
  const gross = side === 'BUY' ? avgExit.minus(avgEntry) : avgEntry.minus(avgExit);
  return gross.mul(qty).minus(commissionsQuote);
}

/**
 * The part of a cost basis that `qty` of `openQty` units carries (average cost). Disposing of
 * everything releases the whole basis, so a position that goes flat leaves no rounding residue.
 */
export function releasedCost(costBasis: Decimal, openQty: Decimal, qty: Decimal): Decimal {
  if (qty.gte(openQty)) return costBasis;
  return costBasis.mul(qty).div(openQty).toDecimalPlaces(ACCOUNTING_DP);
}

/**
 * Gain of disposing of `qty` units for `proceeds` (quote) when they carried `cost`:
 * a long gains proceeds − cost, a short (buying back) gains cost − proceeds.
 */
export const disposalGain = (side: Side, proceeds: Decimal, cost: Decimal): Decimal =>
  side === 'BUY' ? proceeds.minus(cost) : cost.minus(proceeds);

/** Unrealized PnL of `openQty` units carrying `costBasis`, marked at `mark`. */
export const markToMarket = (side: Side, openQty: Decimal, costBasis: Decimal, mark: Decimal): Decimal =>
  disposalGain(side, openQty.mul(mark), costBasis);
