import type { Kline } from '../market/types';

/** Gaps remembered per symbol: enough for any look-back the data-quality gate asks about. */
const MAX_GAPS_KEPT = 32;

/**
 * One symbol's closed candles, oldest first, bounded, with the gaps seen between them. The one
 * rule for which candle a strategy may see: closed, this symbol's, newer than the last one. Both
 * the strategy runner and the signal ensemble keep their history here.
 */
export class CandleWindow {
  private list: Kline[] = [];
  private lastOpenTime = -1;
  private gapOpenTimes: number[] = [];
  /** Close time of the last candle taken in (ms), or null. */
  lastKlineAt: number | null = null;

  constructor(
    readonly symbol: string,
    private readonly limit: number,
  ) {}

  get candles(): readonly Kline[] {
    return this.list;
  }

  get length(): number {
    return this.list.length;
  }

  /** Takes a closed candle of this symbol newer than the last one; false (ignored) otherwise. */
  accept(k: Kline): boolean {
    if (!k.closed || k.symbol !== this.symbol || k.openTime <= this.lastOpenTime) return false;
    const interval = k.closeTime + 1 - k.openTime;
    if (this.lastOpenTime >= 0 && k.openTime - this.lastOpenTime > interval) {
      this.gapOpenTimes.push(k.openTime);
      if (this.gapOpenTimes.length > MAX_GAPS_KEPT) this.gapOpenTimes.shift();
    }
    this.lastOpenTime = k.openTime;
    this.lastKlineAt = k.closeTime;
    this.list.push(k);
    // Trim in batches: amortised O(1), never more than twice the limit.
    if (this.list.length > 2 * this.limit) this.list = this.list.slice(-this.limit);
    return true;
  }

  /** Missing candles detected within the last `lookback` candles' time; a gap distorts every indicator. */
  gapsWithin(lookback: number): number {
    if (this.lastOpenTime < 0 || this.list.length < 2) return 0;
    const last = this.list[this.list.length - 1] as Kline;
    const interval = last.closeTime + 1 - last.openTime;
    const since = this.lastOpenTime - lookback * interval;
    let n = 0;
    for (const t of this.gapOpenTimes) if (t > since) n++;
    return n;
  }

  /** Walks the kept candles oldest first; during `each` the window holds only those seen so far. */
  replay(each: (k: Kline) => void): void {
    const kept = this.list;
    this.list = [];
    for (const k of kept) {
      this.list.push(k);
      each(k);
    }
  }
}
