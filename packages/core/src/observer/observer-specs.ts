import type { ObserverSeriesName } from '@aurora/contracts';
import type { SeriesDetectorConfig } from './series-detector';

export interface SeriesSpec {
  label: string;
  unit: string;
  /** Market series are judged per symbol; trade-level series pooled (too few trades per symbol). */
  perSymbol: boolean;
  /** Judged only against a backtest's distribution of the same strategy; none → "no baseline". */
  needsBaseline: boolean;
  detector: SeriesDetectorConfig;
}

/** The classic CUSUM pair: slack of half a σ, decision interval of 5 σ (see cusum.ts). */
const CUSUM = { k: 0.5, h: 5, clip: 4 } as const;

/**
 * Thresholds per series, with the reason for each. zThreshold 3.5 is Iglewicz & Hoaglin's
 * rule for the modified z-score; series sampled often (once per second per symbol) would cross
 * it several times an hour on heavy-tailed data, so they use 6–8, which a normal series passes
 * about once in 10⁹ samples and a fat-tailed market still rarely.
 */
export const DEFAULT_SERIES_SPECS: Record<ObserverSeriesName, SeriesSpec> = {
  slippage_bps: {
    label: 'Entry slippage',
    unit: 'bps',
    perSymbol: false,
    needsBaseline: false,
    // One value per filled entry; adverse slippage is positive (tca-math), so only UP is trouble.
    detector: {
      window: 50,
      minSamples: 10,
      zThreshold: 4,
      cusum: CUSUM,
      floor: 1,
      direction: 'UP',
      cooldownSamples: 5,
      evidencePoints: 50,
    },
  },
  placement_latency_ms: {
    label: 'Order placement latency',
    unit: 'ms',
    perSymbol: false,
    needsBaseline: false,
    detector: {
      window: 100,
      minSamples: 20,
      zThreshold: 6,
      cusum: CUSUM,
      floor: 5,
      direction: 'UP',
      cooldownSamples: 10,
      evidencePoints: 60,
    },
  },
  ack_to_fill_ms: {
    label: 'Ack → first fill',
    unit: 'ms',
    perSymbol: false,
    needsBaseline: false,
    // A resting LIMIT order waits for the market: wide floor, high threshold, level shifts matter more.
    detector: {
      window: 100,
      minSamples: 20,
      zThreshold: 6,
      cusum: CUSUM,
      floor: 20,
      direction: 'UP',
      cooldownSamples: 10,
      evidencePoints: 60,
    },
  },
  spread_bps: {
    label: 'Bid/ask spread',
    unit: 'bps',
    perSymbol: true,
    needsBaseline: false,
    // Sampled once per second: 300 s of reference, 8 σ for one sample, CUSUM for a lasting widening.
    detector: {
      window: 300,
      minSamples: 60,
      zThreshold: 8,
      cusum: CUSUM,
      floor: 0.5,
      direction: 'UP',
      cooldownSamples: 60,
      evidencePoints: 120,
    },
  },
  price_jump_bps: {
    label: 'Mid-price move over 1 s',
    unit: 'bps',
    perSymbol: true,
    needsBaseline: false,
    // A trend is a level shift of returns but not a fault: point rule only, both directions.
    detector: {
      window: 300,
      minSamples: 60,
      zThreshold: 8,
      cusum: null,
      floor: 1,
      direction: 'BOTH',
      cooldownSamples: 30,
      evidencePoints: 120,
    },
  },
  fill_ratio: {
    label: 'Entry fill ratio',
    unit: 'share',
    perSymbol: false,
    needsBaseline: false,
    // Filled ÷ ordered of each finished entry order; 0.05 = five percentage points of resolution.
    detector: {
      window: 50,
      minSamples: 10,
      zThreshold: 4,
      cusum: CUSUM,
      floor: 0.05,
      direction: 'DOWN',
      cooldownSamples: 5,
      evidencePoints: 50,
    },
  },
  reject_rate: {
    label: 'Order reject rate (last 20 requests)',
    unit: 'share',
    perSymbol: false,
    needsBaseline: false,
    detector: {
      window: 100,
      minSamples: 20,
      zThreshold: 4,
      cusum: CUSUM,
      floor: 0.05,
      direction: 'UP',
      cooldownSamples: 20,
      evidencePoints: 60,
    },
  },
  stream_gaps_per_min: {
    label: 'Market stream gaps and reconnects per minute',
    unit: '/min',
    perSymbol: false,
    needsBaseline: false,
    // Normally 0: with floor 0.5 a minute with 3+ more than usual fires; 2/min for 4 minutes trips CUSUM.
    detector: {
      window: 60,
      minSamples: 10,
      zThreshold: 5,
      cusum: CUSUM,
      floor: 0.5,
      direction: 'UP',
      cooldownSamples: 10,
      evidencePoints: 60,
    },
  },
  trade_return_bps: {
    label: 'Closed-trade return vs the backtest',
    unit: 'bps',
    perSymbol: false,
    needsBaseline: true,
    // Against the backtest's per-trade distribution: a trade far below it, or a run of trades
    // below it (CUSUM down with h = 4: a little more sensitive, trades are few).
    detector: {
      window: 100,
      minSamples: 1,
      zThreshold: 4,
      cusum: { k: 0.5, h: 4, clip: 4 },
      floor: 1,
      direction: 'DOWN',
      cooldownSamples: 5,
      evidencePoints: 50,
    },
  },
};

/** Closed trades a backtest needs before its distribution is used as a baseline. */
export const MIN_BASELINE_TRADES = 10;
