import type { Decimal } from 'decimal.js';
import { ZERO } from '../money/decimal';
import { adjustQuantity, checkMinNotional } from '../money/filters';
import type { SymbolFilters } from '../money/symbol-filters';

/**
 * Whether a MARKET exit of `qty` could be placed at all: after flooring to the LOT_SIZE and
 * MARKET_LOT_SIZE grids it is still at least both minQty, and its value at `price` meets the
 * minimum notional that applies to MARKET orders. Without a price only the quantity rules are
 * judged (the exchange decides the rest).
 */
export function isExitable(qty: Decimal, f: SymbolFilters, price: Decimal | null): boolean {
  const q = adjustQuantity(qty, f, { market: true });
  if (!q.gt(0)) return false;
  return price === null || !price.gt(0) || checkMinNotional(price, q, f, { market: true });
}

/**
 * The quantity a close of `requested` out of `closable` should send so that what stays open is
 * either nothing or still exitable: a partial close that would leave dust closes everything.
 */
export function snapPartialClose(
  requested: Decimal,
  closable: Decimal,
  f: SymbolFilters,
  price: Decimal | null,
): Decimal {
  if (!requested.lt(closable)) return closable;
  const sent = adjustQuantity(requested, f, { market: true });
  const remainder = closable.minus(sent.gt(0) ? sent : requested);
  return isExitable(remainder, f, price) ? requested : closable;
}

/**
 * What a long's exit may sell: its closable quantity, capped by the base asset the account
 * actually has for it. `missing` is what the books hold beyond that (fees in the base asset paid
 * for other symbols, a lost commission): it must be written off and flagged, not sold.
 */
export function cappedExitQuantity(
  closable: Decimal,
  availableBase: Decimal,
): { quantity: Decimal; missing: Decimal } {
  if (!closable.gt(availableBase)) return { quantity: closable, missing: ZERO };
  const quantity = availableBase.gt(0) ? availableBase : ZERO;
  return { quantity, missing: closable.minus(quantity) };
}
