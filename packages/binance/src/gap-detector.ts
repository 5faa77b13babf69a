import type { BookTicker, Kline } from '@aurora/core';

/** A hole or a step back in market data, for the data-quality gate. */
export interface MarketGap {
  stream: 'kline' | 'bookTicker';
  symbol: string;
  /** 'missing': kline openTime jumped more than one interval; 'backwards': an older item after a newer one. */
  reason: 'missing' | 'backwards';
  /** Last value seen before the gap: openTime (kline) or updateId (bookTicker). */
  previous: number;
  current: number;
  /** Whole intervals skipped (kline 'missing' only; 0 otherwise). */
  missingIntervals: number;
  detectedAt: number;
}

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** '1m' → 60000. Months ('1M') have no fixed length: null, and gap checks are skipped for them. */
export const intervalMs = (interval: string): number | null => {
  const m = /^(\d+)([smhdw])$/.exec(interval);
  if (m === null) return null;
  const unit = UNIT_MS[m[2] as string];
  return unit === undefined ? null : Number(m[1]) * unit;
};

/**
 * Remembers the last kline openTime per symbol+interval and the last bookTicker updateId per
 * symbol. State survives reconnects on purpose: the gap a reconnect leaves is the one to catch.
 * Bounded by the subscribed symbols.
 */
export class GapDetector {
  private readonly lastOpen = new Map<string, number>();
  private readonly lastUpdate = new Map<string, number>();
  private gaps = 0;

  get count(): number {
    return this.gaps;
  }

  onKline(k: Kline, now: number): MarketGap | null {
    const key = k.symbol + '|' + k.interval;
    const prev = this.lastOpen.get(key);
    if (prev === undefined || k.openTime === prev) {
      this.lastOpen.set(key, k.openTime);
      return null;
    }
    // A stale candle out of order: reported, but the newer baseline is kept.
    if (k.openTime < prev) return this.gap('kline', k.symbol, 'backwards', prev, k.openTime, 0, now);
    this.lastOpen.set(key, k.openTime);
    const step = intervalMs(k.interval);
    if (step === null || k.openTime - prev <= step) return null;
    return this.gap(
      'kline',
      k.symbol,
      'missing',
      prev,
      k.openTime,
      Math.round((k.openTime - prev) / step) - 1,
      now,
    );
  }

  onBookTicker(t: BookTicker, now: number): MarketGap | null {
    const prev = this.lastUpdate.get(t.symbol);
    this.lastUpdate.set(t.symbol, t.updateId);
    // The new value becomes the baseline: a venue that restarted its ids is reported once, not forever.
    if (prev !== undefined && t.updateId < prev) {
      return this.gap('bookTicker', t.symbol, 'backwards', prev, t.updateId, 0, now);
    }
    return null;
  }

  private gap(
    stream: MarketGap['stream'],
    symbol: string,
    reason: MarketGap['reason'],
    previous: number,
    current: number,
    missingIntervals: number,
    detectedAt: number,
  ): MarketGap {
    this.gaps++;
    return { stream, symbol, reason, previous, current, missingIntervals, detectedAt };
  }
}
