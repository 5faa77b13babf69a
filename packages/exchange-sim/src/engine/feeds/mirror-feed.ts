import type { FeedTick, HistoryBar, PriceFeed } from './price-feed';

/**
 * Where a mirrored market's prices come from right now:
 * - mirroring: the upstream's trades, pushed in one by one (the feed itself never moves a price);
 * - halted: the upstream is unreachable and no fallback was asked for: the market stands still;
 * - synthetic: the upstream is unreachable and the operator asked for the synthetic fallback:
 *   the model walks on from the last mirrored prices until the upstream is back.
 */
export type MirrorMode = 'mirroring' | 'halted' | 'synthetic';

/**
 * The feed of a market that follows a real one. The network lives in the server layer
 * (server/mirror-upstream.ts); this feed only decides whether the timer moves prices. While
 * mirroring, `advance` yields nothing: prices and traded volume arrive as upstream trades through
 * `SimExchange.mirrorTrade`, so nothing synthetic ever prints beside the real tape.
 */
export class MirrorFeed implements PriceFeed {
  readonly symbols: readonly string[];
  private current: MirrorMode = 'mirroring';

  constructor(private readonly fallback: PriceFeed) {
    this.symbols = fallback.symbols;
  }

  get mode(): MirrorMode {
    return this.current;
  }

  get regime(): string {
    return this.current === 'synthetic'
      ? `mirror-fallback-${this.fallback.regime}`
      : `mirror-${this.current}`;
  }

  /** No invented past: the market's candles start with the first upstream trade. */
  history(_minutes: number): Map<string, HistoryBar[]> {
    return new Map(this.symbols.map((s) => [s, []]));
  }

  advance(dtMs: number): Map<string, FeedTick> {
    return this.current === 'synthetic' ? this.fallback.advance(dtMs) : new Map();
  }

  /** Keeps the fallback model anchored at the real price, so a fallback starts where the market was. */
  setPrice(symbol: string, price: number): void {
    this.fallback.setPrice(symbol, price);
  }

  setMode(mode: MirrorMode): void {
    this.current = mode;
  }
}
