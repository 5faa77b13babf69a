import { createFeed } from '../exchange-setup';
import { SeededRandom } from '../rng';
import type { HistoryBar } from './price-feed';

export interface SyntheticBars {
  symbol: string;
  /** The symbol's tick and step, as the simulator lists them (Decimal strings). */
  tickSize: string;
  stepSize: string;
  bars: HistoryBar[];
}

/**
 * `minutes` finished 1m bars per symbol from the simulator's own synthetic market (regimes,
 * correlation, volume), with no clock at all: the same model the server runs, for a backtest
 * that needs a market offline. Deterministic in `seed`, and prefix-stable: asking for more
 * minutes never changes the earlier ones.
 */
export function syntheticBars(
  symbols: readonly string[],
  minutes: number,
  seed: number,
  opts: { correlation?: number; volatilityScale?: number } = {},
): SyntheticBars[] {
  const rng = new SeededRandom(seed, 'synthetic-bars');
  const { feed, specs } = createFeed({ kind: 'synthetic', ...opts }, [...symbols], rng);
  const bars = feed.history(Math.max(0, Math.floor(minutes)));
  return specs.map((s) => ({
    symbol: s.symbol,
    tickSize: s.tickSize.toFixed(),
    stepSize: s.stepSize.toFixed(),
    bars: bars.get(s.symbol) ?? [],
  }));
}
