import { Dec, ZERO, workingExposure, type AssetBalance } from '@aurora/core';
import type { Decimal } from 'decimal.js';
import type { Engines } from './engines';
import type { FeeAssetFeed } from './fee-asset-feed';
import type { MarketData } from './market-data';

/** Decimals are immutable: the quote asset's price in itself is one shared value. */
const ONE = new Dec(1);

/**
 * The balance cache (from the account snapshot, outboundAccountPosition and the reconciler) and
 * what follows from it: asset prices in the quote asset, equity, today's PnL figures, and the
 * exposure the risk engine sizes and limits against.
 */
export class AccountBook {
  readonly balances = new Map<string, AssetBalance>();
  lastRefreshAt = 0;

  constructor(
    private readonly market: MarketData,
    private readonly engines: Engines,
    private readonly quoteAsset: () => string,
    private readonly clock: { now(): number },
    /** The day's PnL start was just set: the owner persists the risk state. */
    private readonly onDayOpened: () => void = () => undefined,
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

  /** The fee-asset price feed (BNB whatever the symbols); set by the runtime. */
  feeFeed: FeeAssetFeed | null = null;

  /** The price of an asset in the quote asset now (equity); null when unknown. */
  priceOf(asset: string): Decimal | null {
    const quote = this.quoteAsset();
    if (asset === quote) return ONE;
    return this.market.mark(`${asset}${quote}`) ?? this.feeFeed?.prices.priceAt(asset, this.clock.now()) ?? null;
  }

  /** The price of a commission's asset at its fill's time; null (reported by the feed) when unknown. */
  priceAt(asset: string, at: number): Decimal | null {
    if (asset === this.quoteAsset()) return ONE;
    return this.feeFeed ? this.feeFeed.priceAt(asset, at) : this.priceOf(asset);
  }

  equity(): Decimal {
    let total = ZERO;
    for (const b of this.balances.values()) {
      const px = this.priceOf(b.asset);
      if (px) total = total.plus(b.free.plus(b.locked).mul(px));
    }
    return total;
  }

  /**
   * Feed the risk engine: equity, today's PnL (realized today from the ledger, unrealized now at
   * mark, dust included) and the exposure of open and pending positions with their working entry orders. Cheap
   * (positions and open intents are in memory), so it runs every tick and right before each
   * pre-trade check: an entry placed a moment ago is counted by the next check (H6).
   */
  refresh(): void {
    this.lastRefreshAt = this.clock.now();
    const { risk, positions, intents } = this.engines;
    const mark = (s: string) => this.market.mark(s);
    const eq = this.equity();
    if (eq.gt(0)) risk.updateEquity(eq);
    // Unrealized now: open positions at mark, plus how the dust closed positions left behind moved
    // since it was booked (L6: dust is marked, not parked at cost).
    const unrealized = positions.getUnrealizedPnl(mark).plus(positions.dust.unrealized((a) => this.priceOf(a)));
    if (risk.updatePnl(positions.getPnlToday(), unrealized)) this.onDayOpened();
    risk.updateExposure(workingExposure(positions.getOpenPositions(), intents.listOpen(), mark));
  }

  list(): AssetBalance[] {
    return [...this.balances.values()];
  }
}
