import type { Decimal } from 'decimal.js';
import { ZERO } from './decimal';

/** A commission expressed in the quote asset; `approximate` when no price was known for its asset. */
export interface QuoteCommission {
  quote: Decimal;
  approximate: boolean;
}

const EXACT_ZERO: QuoteCommission = Object.freeze({ quote: ZERO, approximate: false });

/** An asset's price in the quote asset at a time (ms); null when not known for that time. */
export type PriceAt = (asset: string, at: number) => Decimal | null;

/**
 * Convert one fill's commission to the symbol's quote asset at fill time:
 * in the quote asset → as is; in the base asset → × the fill price; in any other asset (BNB) →
 * × priceOf(asset, fillTime), that asset's price in the quote asset when the fill happened
 * (the app keeps a fee-asset price feed whatever symbols are configured).
 *
 * When no price is known the figure is ZERO with `approximate: true`: we never invent a price,
 * and the flag travels to the position (commission_approximate) so PnL shows as incomplete; the
 * app counts and reports every such fee (it is never zero silently).
 */
export function commissionInQuote(
  commission: Decimal,
  commissionAsset: string | null,
  symbolBase: string,
  symbolQuote: string,
  fillPrice: Decimal,
  priceOf: PriceAt,
  fillTime: number,
): QuoteCommission {
  if (commission.isZero()) return EXACT_ZERO;
  if (commissionAsset === symbolQuote) return { quote: commission, approximate: false };
  if (commissionAsset === symbolBase) return { quote: commission.mul(fillPrice), approximate: false };
  const price = commissionAsset === null ? null : priceOf(commissionAsset, fillTime);
  if (price === null || !price.isFinite() || price.lte(0)) return { quote: ZERO, approximate: true };
  return { quote: commission.mul(price), approximate: false };
}
