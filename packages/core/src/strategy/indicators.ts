import { SlidingMoments } from './sliding-moments';

/*
 * Incremental indicators: O(1) work and no allocation per update. Floats on purpose: these
 * are statistics, never money. Each update returns the new value, or null while warming up.
 */

/** Exponential moving average, seeded with the simple average of the first `period` values. */
export class Ema {
  private readonly alpha: number;
  private seedSum = 0;
  private seen = 0;
  value: number | null = null;

  constructor(readonly period: number) {
    this.alpha = 2 / (period + 1);
  }

  update(x: number): number | null {
    if (this.value !== null) {
      this.value += this.alpha * (x - this.value);
      return this.value;
    }
    this.seedSum += x;
    if (++this.seen === this.period) this.value = this.seedSum / this.period;
    return this.value;
  }
}

/**
 * Wilder's RSI: the first average gain/loss is the simple mean of the first `period` changes,
 * then each is smoothed as (previous × (period − 1) + current) / period.
 */
export class WilderRsi {
  private prev: number | null = null;
  private changes = 0;
  private avgGain = 0;
  private avgLoss = 0;
  value: number | null = null;

  constructor(readonly period: number) {}

  update(close: number): number | null {
    if (this.prev === null) {
      this.prev = close;
      return null;
    }
    const change = close - this.prev;
    this.prev = close;
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    const n = this.period;
    if (this.changes < n) {
      this.avgGain += gain / n;
      this.avgLoss += loss / n;
      if (++this.changes < n) return null;
    } else {
      this.avgGain = (this.avgGain * (n - 1) + gain) / n;
      this.avgLoss = (this.avgLoss * (n - 1) + loss) / n;
    }
    if (this.avgLoss === 0) this.value = this.avgGain === 0 ? 50 : 100;
    else this.value = 100 - 100 / (1 + this.avgGain / this.avgLoss);
    return this.value;
  }
}

/** Bollinger bands: simple average ± k population standard deviations. */
export class BollingerBands {
  private readonly window: SlidingMoments;
  middle: number | null = null;
  upper: number | null = null;
  lower: number | null = null;
  stdDev: number | null = null;

  constructor(
    readonly period: number,
    readonly k: number,
  ) {
    this.window = new SlidingMoments(period);
  }

  /** Returns the middle band once `period` values are in. */
  update(x: number): number | null {
    this.window.push(x);
    if (!this.window.full) return null;
    const mean = this.window.mean();
    const sd = Math.sqrt(this.window.variance());
    this.middle = mean;
    this.stdDev = sd;
    this.upper = mean + this.k * sd;
    this.lower = mean - this.k * sd;
    return mean;
  }

  /** Band width relative to the middle band; null while warming up. */
  get width(): number | null {
    if (this.middle === null || this.stdDev === null || this.middle === 0) return null;
    return (2 * this.k * this.stdDev) / this.middle;
  }
}

/**
 * Wilder's average true range. The first true range is high − low (no previous close); the
 * first ATR is the mean of the first `period` true ranges, then Wilder smoothing.
 */
export class WilderAtr {
  private prevClose: number | null = null;
  private seen = 0;
  private seedSum = 0;
  value: number | null = null;

  constructor(readonly period: number) {}

  update(high: number, low: number, close: number): number | null {
    let tr = high - low;
    if (this.prevClose !== null) {
      const up = Math.abs(high - this.prevClose);
      const down = Math.abs(low - this.prevClose);
      if (up > tr) tr = up;
      if (down > tr) tr = down;
    }
    this.prevClose = close;
    if (this.value !== null) {
      this.value = (this.value * (this.period - 1) + tr) / this.period;
      return this.value;
    }
    this.seedSum += tr;
    if (++this.seen === this.period) this.value = this.seedSum / this.period;
    return this.value;
  }
}

/** Simple moving average (used for volume). */
export class Sma {
  private readonly window: SlidingMoments;
  value: number | null = null;

  constructor(readonly period: number) {
    this.window = new SlidingMoments(period);
  }

  update(x: number): number | null {
    this.window.push(x);
    if (this.window.full) this.value = this.window.mean();
    return this.value;
  }
}
