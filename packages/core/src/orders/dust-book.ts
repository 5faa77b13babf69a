import type { Decimal } from 'decimal.js';
import { ZERO } from '../money/decimal';

/** Dust of one asset: units no order could sell, and the value they were booked at when their positions closed. */
export interface DustHolding {
  asset: string;
  /** Positive: units held (from longs); negative: units owed (from short remainders). */
  qty: Decimal;
  bookedValue: Decimal;
}

/**
 * The remainders closed positions left behind, per asset. They stay in the account, so they are
 * part of equity; their value moves with the market after the close, and that change is
 * unrealized PnL like any open holding's. One entry per asset: bounded by the assets traded.
 */
export class DustBook {
  private readonly byAsset = new Map<string, { qty: Decimal; bookedValue: Decimal }>();

  add(asset: string, qty: Decimal, bookedValue: Decimal): void {
    const prior = this.byAsset.get(asset);
    this.byAsset.set(asset, {
      qty: (prior?.qty ?? ZERO).plus(qty),
      bookedValue: (prior?.bookedValue ?? ZERO).plus(bookedValue),
    });
  }

  clear(): void {
    this.byAsset.clear();
  }

  list(): DustHolding[] {
    return [...this.byAsset.entries()].map(([asset, d]) => ({
      asset,
      qty: d.qty,
      bookedValue: d.bookedValue,
    }));
  }

  /** Value now less value booked, over every asset with a price (unpriced dust stays at its booked value). */
  unrealized(priceOf: (asset: string) => Decimal | null): Decimal {
    let total = ZERO;
    for (const [asset, d] of this.byAsset) {
      const px = priceOf(asset);
      if (px !== null) total = total.plus(d.qty.mul(px).minus(d.bookedValue));
    }
    return total;
  }
}
