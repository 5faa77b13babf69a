import type { Decimal } from 'decimal.js';

/** A price sample older (or newer) than this is not the price at a fill's time. */
export const DEFAULT_FEE_PRICE_MAX_AGE_MS = 60_000;
const SAMPLES_PER_ASSET = 120;

/**
 * Recent prices of the assets commissions are paid in (BNB), in the quote asset, so a fee is
 * valued at the time of its fill, not when its report happens to be processed. Fed by the app
 * from a feed that runs whatever symbols are configured. Bounded: the latest samples per asset.
 */
export class FeeAssetPrices {
  private readonly samples = new Map<string, { at: number; price: Decimal }[]>();

  constructor(private readonly maxAgeMs = DEFAULT_FEE_PRICE_MAX_AGE_MS) {}

  record(asset: string, price: Decimal, at: number): void {
    if (!price.isFinite() || price.lte(0)) return;
    const list = this.samples.get(asset) ?? [];
    // Samples arrive in time order; one out of order is placed where it belongs.
    let i = list.length;
    while (i > 0 && list[i - 1]!.at > at) i--;
    list.splice(i, 0, { at, price });
    if (list.length > SAMPLES_PER_ASSET) list.splice(0, list.length - SAMPLES_PER_ASSET);
    this.samples.set(asset, list);
  }

  /**
   * The price at `at`: the latest sample at or before it, else the first after it, either within
   * maxAgeMs of `at`; null when none is that close (the fee is then unpriced, never guessed).
   */
  priceAt(asset: string, at: number): Decimal | null {
    const list = this.samples.get(asset);
    if (!list || list.length === 0) return null;
    let before: { at: number; price: Decimal } | undefined;
    let after: { at: number; price: Decimal } | undefined;
    for (const s of list) {
      if (s.at <= at) before = s;
      else {
        after = s;
        break;
      }
    }
    if (before && at - before.at <= this.maxAgeMs) return before.price;
    if (after && after.at - at <= this.maxAgeMs) return after.price;
    return null;
  }

  assets(): string[] {
    return [...this.samples.keys()];
  }
}
