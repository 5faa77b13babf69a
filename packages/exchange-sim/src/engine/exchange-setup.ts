import type { BookConfig } from './book';
import { buildHistory } from './history';
import { SymbolMarket } from './market';
import { ReplayFeed, type ReplayCandle } from './feeds/replay-feed';
import { MirrorFeed } from './feeds/mirror-feed';
import type { PriceFeed } from './feeds/price-feed';
import { SyntheticFeed } from './feeds/synthetic-feed';
import type { SeededRandom } from './rng';
import { DEFAULT_SYMBOLS, symbolSpec, type SymbolSpec } from './symbol-catalog';

export type SimFeedConfig =
  | { kind: 'synthetic'; tickMs?: number; correlation?: number; volatilityScale?: number }
  | { kind: 'replay'; candles: Map<string, ReplayCandle[]>; speed?: number; tickMs?: number }
  /**
   * Follows a real market: prices and trades are pushed in (SimExchange.mirrorTrades) by the
   * server's upstream client; the synthetic settings shape the fallback model, if one is used.
   */
  | { kind: 'mirror'; tickMs?: number; correlation?: number; volatilityScale?: number };

/** The symbols' specs and the feed that drives them. */
export function createFeed(
  cfg: SimFeedConfig,
  symbols: string[] | undefined,
  rng: SeededRandom,
): { feed: PriceFeed; specs: SymbolSpec[] } {
  if (cfg.kind === 'replay') {
    const wanted = symbols ?? [...cfg.candles.keys()];
    for (const s of wanted) if (!cfg.candles.has(s)) throw new Error(`replay data has no candles for ${s}`);
    const data = new Map(wanted.map((s) => [s, cfg.candles.get(s)!]));
    return { feed: new ReplayFeed(data, cfg.speed ?? 1), specs: wanted.map(symbolSpec) };
  }
  const specs = (symbols ?? DEFAULT_SYMBOLS).map(symbolSpec);
  const synthetic = new SyntheticFeed(
    specs.map((s) => ({
      symbol: s.symbol,
      startPrice: s.startPrice.toNumber(),
      volatility: s.volatility,
      // About what the synthetic flow trades per minute at one tick per second.
      volumePerMinute: s.levelQty.times(8).toNumber(),
    })),
    { correlation: cfg.correlation ?? 0.6, volatilityScale: cfg.volatilityScale ?? 1 },
    rng,
  );
  return { feed: cfg.kind === 'mirror' ? new MirrorFeed(synthetic) : synthetic, specs };
}

/**
 * One market per symbol, seeded with `historyCandles` finished 1m candles ending before `now`
 * and a published book around the last close.
 */
export function openMarkets(args: {
  feed: PriceFeed;
  specs: SymbolSpec[];
  historyCandles: number;
  now: number;
  book: BookConfig;
  rng: SeededRandom;
}): Map<string, SymbolMarket> {
  const { feed, specs, historyCandles, now, book, rng } = args;
  const capacity = Math.max(historyCandles, 1000) + 1440;
  const history = buildHistory(feed.history(historyCandles), specs, now);
  const markets = new Map<string, SymbolMarket>();
  for (const spec of specs) {
    const candles = history.get(spec.symbol) ?? [];
    const mid = candles[candles.length - 1]?.close ?? spec.startPrice;
    const market = new SymbolMarket(spec, book, capacity, mid, rng);
    market.klines.seed(candles);
    market.roll(now);
    market.closedCandles.length = 0;
    market.publishBook(false);
    markets.set(spec.symbol, market);
  }
  return markets;
}
