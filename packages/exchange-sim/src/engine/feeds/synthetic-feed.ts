import type { SeededRandom } from '../rng';
import type { FeedTick, HistoryBar, PriceFeed } from './price-feed';

export type Regime = 'range' | 'trend' | 'volatile';

export interface SyntheticFeedConfig {
  /** Correlation of per-tick returns between symbols (0..1). */
  correlation: number;
  /** Multiplies every regime's volatility. */
  volatilityScale: number;
}

export interface SyntheticSymbol {
  symbol: string;
  startPrice: number;
  /** Per-symbol volatility multiplier. */
  volatility: number;
  /** Typical base volume per minute. */
  volumePerMinute: number;
}

interface RegimeParams {
  sigma: number; // per-minute volatility of log price
  drift: number; // per-minute drift magnitude (sign from the regime's direction)
  meanReversion: number; // per-minute pull toward the regime's anchor
  meanMinutes: number; // mean regime duration
  volumeFactor: number;
}

// Tuned so a momentum strategy sees a tradeable move within minutes: a trend regime drifts about
// 1 % in 15 minutes, ranges mean-revert, volatile spells are short and loud.
const REGIMES: Record<Regime, RegimeParams> = {
  range: { sigma: 0.0006, drift: 0, meanReversion: 0.08, meanMinutes: 20, volumeFactor: 1 },
  trend: { sigma: 0.0008, drift: 0.0007, meanReversion: 0, meanMinutes: 15, volumeFactor: 1.4 },
  volatile: { sigma: 0.0022, drift: 0, meanReversion: 0, meanMinutes: 6, volumeFactor: 2.5 },
};
const NEXT_REGIME: [Regime, number][] = [
  ['range', 0.45],
  ['trend', 0.4],
  ['volatile', 0.15],
];
const HISTORY_SUBSTEPS = 12;

/**
 * Seeded geometric Brownian motion with market-wide regime switches (range / trend / volatile)
 * and correlated returns across symbols through one common factor.
 */
export class SyntheticFeed implements PriceFeed {
  readonly symbols: readonly string[];
  private readonly logPrice = new Map<string, number>();
  private readonly anchor = new Map<string, number>();
  private currentRegime: Regime;
  private direction = 1;

  constructor(
    private readonly specs: SyntheticSymbol[],
    private readonly cfg: SyntheticFeedConfig,
    private readonly rng: SeededRandom,
  ) {
    this.symbols = specs.map((s) => s.symbol);
    for (const s of specs) {
      this.logPrice.set(s.symbol, Math.log(s.startPrice));
      this.anchor.set(s.symbol, Math.log(s.startPrice));
    }
    this.currentRegime = this.pickRegime();
  }

  get regime(): string {
    return this.currentRegime === 'trend'
      ? `trend-${this.direction > 0 ? 'up' : 'down'}`
      : this.currentRegime;
  }

  history(minutes: number): Map<string, HistoryBar[]> {
    const bars = new Map<string, HistoryBar[]>(this.specs.map((s) => [s.symbol, []]));
    const subMs = 60_000 / HISTORY_SUBSTEPS;
    for (let m = 0; m < minutes; m++) {
      const open = new Map(this.specs.map((s) => [s.symbol, this.price(s.symbol)]));
      const high = new Map(open);
      const low = new Map(open);
      const volume = new Map(this.specs.map((s) => [s.symbol, 0]));
      for (let k = 0; k < HISTORY_SUBSTEPS; k++) {
        for (const [symbol, tick] of this.advance(subMs)) {
          high.set(symbol, Math.max(high.get(symbol)!, tick.price));
          low.set(symbol, Math.min(low.get(symbol)!, tick.price));
          volume.set(symbol, volume.get(symbol)! + tick.volume);
        }
      }
      for (const s of this.specs) {
        bars.get(s.symbol)!.push({
          open: open.get(s.symbol)!,
          high: high.get(s.symbol)!,
          low: low.get(s.symbol)!,
          close: this.price(s.symbol),
          volume: volume.get(s.symbol)!,
        });
      }
    }
    return bars;
  }

  advance(dtMs: number): Map<string, FeedTick> {
    const dt = dtMs / 60_000;
    this.maybeSwitchRegime(dt);
    const params = REGIMES[this.currentRegime];
    const rho = Math.min(1, Math.max(0, this.cfg.correlation));
    const common = this.rng.normal();
    const out = new Map<string, FeedTick>();
    for (const s of this.specs) {
      const z = Math.sqrt(rho) * common + Math.sqrt(1 - rho) * this.rng.normal();
      const sigma = params.sigma * s.volatility * this.cfg.volatilityScale;
      const x = this.logPrice.get(s.symbol)!;
      const pull = params.meanReversion * (this.anchor.get(s.symbol)! - x);
      const next =
        x + (params.drift * this.direction + pull - 0.5 * sigma * sigma) * dt + sigma * Math.sqrt(dt) * z;
      this.logPrice.set(s.symbol, next);
      const noise = Math.exp(0.5 * this.rng.normal() - 0.125);
      out.set(s.symbol, {
        price: Math.exp(next),
        volume: s.volumePerMinute * params.volumeFactor * dt * noise,
      });
    }
    return out;
  }

  setPrice(symbol: string, price: number): void {
    if (!this.logPrice.has(symbol) || !(price > 0)) return;
    this.logPrice.set(symbol, Math.log(price));
    this.anchor.set(symbol, Math.log(price));
  }

  private price(symbol: string): number {
    return Math.exp(this.logPrice.get(symbol)!);
  }

  private maybeSwitchRegime(dt: number): void {
    if (this.rng.next() >= dt / REGIMES[this.currentRegime].meanMinutes) return;
    this.currentRegime = this.pickRegime();
    for (const [symbol, x] of this.logPrice) this.anchor.set(symbol, x);
  }

  private pickRegime(): Regime {
    this.direction = this.rng.next() < 0.5 ? -1 : 1;
    let u = this.rng.next();
    for (const [regime, weight] of NEXT_REGIME) {
      if (u < weight) return regime;
      u -= weight;
    }
    return 'range';
  }
}
