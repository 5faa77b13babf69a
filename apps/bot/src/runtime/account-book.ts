import { Dec, ZERO, type AssetBalance } from '@aurora/core';
import type { Decimal } from 'decimal.js';
import type { Engines } from './engines';
import type { MarketData } from './market-data';

/**
 * The balance cache (from the account snapshot, outboundAccountPosition and the reconciler) and
 * what follows from it: asset prices in the quote asset, equity, and the exposure the risk
 * engine sizes and limits against.
 */
export class AccountBook {
  readonly balances = new Map<string, AssetBalance>();
  lastRefreshAt = 0;

  constructor(
    private readonly market: MarketData,
    private readonly engines: Engines,
    private readonly quoteAsset: () => string,
    private readonly clock: { now(): number },
  ) {}

  replace(b: AssetBalance[]): void {
    this.balances.clear();
    this.merge(b);
  }

  merge(b: AssetBalance[]): void {
    for (const x of b) {
      if (x.free.isZero() && x.locked.isZero()) this.balances.delete(x.asset);
      else this.balances.set(x.asset, x);
    }
    this.refresh();
  }

  free(asset: string): Decimal {
    return this.balances.get(asset)?.free ?? ZERO;
  }

  /** The price of an asset in the quote asset (BNB fees, equity); null when unknown. */
  priceOf(asset: string): Decimal | null {
    const quote = this.quoteAsset();
    if (asset === quote) return new Dec(1);
    return this.market.mark(`${asset}${quote}`);
  }

  equity(): Decimal {
    let total = ZERO;
    for (const b of this.balances.values()) {
      const px = this.priceOf(b.asset);
      if (px) total = total.plus(b.free.plus(b.locked).mul(px));
    }
    return total;
  }

  /** Feed equity and exposure at mark to the risk engine. */
  refresh(): void {
    this.lastRefreshAt = this.clock.now();
    const eq = this.equity();
    if (eq.gt(0)) this.engines.risk.updateEquity(eq);
    const exposure = this.engines.positions.exposureBySymbol((s) => this.market.mark(s));
    this.engines.risk.updateExposure(Object.entries(exposure).map(([symbol, notional]) => ({ symbol, notional })));
  }

  list(): AssetBalance[] {
    return [...this.balances.values()];
  }
}
