/** What a feed produces for one symbol on one tick: a mid price and the base volume traded. */
export interface FeedTick {
  price: number;
  volume: number;
}

/** One finished minute of history (floats: the feed is statistics; the market rounds to ticks). */
export interface HistoryBar {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/**
 * A source of prices for the simulated market. Floats are fine here: a feed is a statistical
 * model (or recorded data); the market quantizes every price to the symbol's tick before use.
 */
export interface PriceFeed {
  readonly symbols: readonly string[];
  /** Produces `minutes` finished 1m bars per symbol, advancing the feed to their end. */
  history(minutes: number): Map<string, HistoryBar[]>;
  /** Moves every symbol forward by `dtMs` of market time. */
  advance(dtMs: number): Map<string, FeedTick>;
  /** Re-anchors a symbol at a price (admin price moves); the path continues from there. */
  setPrice(symbol: string, price: number): void;
  /** A label for the current market regime, for logs and the admin API. */
  readonly regime: string;
}
