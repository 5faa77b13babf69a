import { FeeAssetPrices, type BookTicker } from '@aurora/core';
import type { Decimal } from 'decimal.js';

/** How often the fee assets' tickers are read (REST bookTicker, weight 2 each on Binance). */
export const FEE_PRICE_POLL_MS = 10_000;
/** Commission assets followed at most (BNB, and any other a fill was charged in). */
const MAX_FEE_ASSETS = 8;

export interface FeeAssetFeedDeps {
  bookTicker(symbol: string): Promise<BookTicker> | null;
  quoteAsset(): string;
  clock: { now(): number };
  /** The mark of a configured symbol, the fallback for a price at about now. */
  mark(symbol: string): Decimal | null;
  /** A commission could not be priced: it is booked approximate, and this makes it loud. */
  onUnpriced(asset: string, at: number): void;
  onPollFailed(symbol: string, err: Error): void;
}

/**
 * The price feed of commission assets (BNB), kept whatever symbols are configured: a BNB fee on
 * a BTCUSDT fill is valued at BNB's price at the time of the fill even when BNBUSDT is not
 * traded. Polled on the runtime's tick; the samples are bounded (FeeAssetPrices).
 */
export class FeeAssetFeed {
  readonly prices = new FeeAssetPrices();
  private readonly assets = new Set<string>(['BNB']);
  private lastPollAt = Number.NEGATIVE_INFINITY;
  private polling = false;

  constructor(private readonly d: FeeAssetFeedDeps) {}

  /** Called every tick; reads the tickers every FEE_PRICE_POLL_MS. */
  tick(now: number): void {
    if (this.polling || now - this.lastPollAt < FEE_PRICE_POLL_MS) return;
    this.lastPollAt = now;
    this.polling = true;
    void this.poll().finally(() => {
      this.polling = false;
    });
  }

  async poll(): Promise<void> {
    const quote = this.d.quoteAsset();
    for (const asset of this.assets) {
      if (asset === quote) continue;
      const symbol = `${asset}${quote}`;
      try {
        const pending = this.d.bookTicker(symbol);
        if (pending === null) return;
        const t = await pending;
        this.prices.record(asset, t.bidPrice.plus(t.askPrice).div(2), t.receivedAt);
      } catch (err) {
        this.d.onPollFailed(symbol, err as Error);
      }
    }
  }

  /** An asset's price in the quote asset at `at` (a fill's time); null, and reported, when unknown. */
  priceAt(asset: string, at: number): Decimal | null {
    const quote = this.d.quoteAsset();
    const sampled = this.prices.priceAt(asset, at);
    if (sampled !== null) return sampled;
    // A configured symbol's live mark is the price of about now: good for a fill of about now.
    const now = this.d.clock.now();
    const mark = Math.abs(now - at) <= FEE_PRICE_POLL_MS ? this.d.mark(`${asset}${quote}`) : null;
    if (mark !== null) return mark;
    if (this.assets.size < MAX_FEE_ASSETS) this.assets.add(asset);
    this.d.onUnpriced(asset, at);
    return null;
  }
}
