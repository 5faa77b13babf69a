import { Dec } from '@aurora/core';
import { ApiErrors } from '../errors';

export const MINUTE_MS = 60_000;

export interface Candle {
  openTime: number;
  closeTime: number;
  open: Dec;
  high: Dec;
  low: Dec;
  close: Dec;
  volume: Dec;
  quoteVolume: Dec;
  takerBuyVolume: Dec;
  takerBuyQuoteVolume: Dec;
  trades: number;
  /** -1 when the candle holds no trade. */
  firstTradeId: number;
  lastTradeId: number;
}

const INTERVAL_MS: Record<string, number> = {
  '1m': MINUTE_MS,
  '3m': 3 * MINUTE_MS,
  '5m': 5 * MINUTE_MS,
  '15m': 15 * MINUTE_MS,
  '30m': 30 * MINUTE_MS,
  '1h': 60 * MINUTE_MS,
  '2h': 120 * MINUTE_MS,
  '4h': 240 * MINUTE_MS,
  '6h': 360 * MINUTE_MS,
  '8h': 480 * MINUTE_MS,
  '12h': 720 * MINUTE_MS,
  '1d': 1440 * MINUTE_MS,
  '3d': 3 * 1440 * MINUTE_MS,
  '1w': 7 * 1440 * MINUTE_MS,
};
/** Binance's weeks open on Monday; the epoch fell on a Thursday. */
const WEEK_OFFSET_MS = 4 * 1440 * MINUTE_MS;

export const isSupportedInterval = (interval: string): boolean =>
  interval in INTERVAL_MS || interval === '1M';

/**
 * Open time of the bucket of `interval` holding time `t`. `offsetMs` shifts the bucket grid to
 * another time zone (Binance's `@kline_<i>@+08:00` streams open days, weeks and months at
 * UTC+8 midnight); times in and out stay UTC.
 */
export function bucketStart(interval: string, t: number, offsetMs = 0): number {
  const local = t + offsetMs;
  if (interval === '1M') {
    const d = new Date(local);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - offsetMs;
  }
  const ms = INTERVAL_MS[interval];
  if (ms === undefined) throw ApiErrors.badInterval();
  if (interval === '1w') return Math.floor((local - WEEK_OFFSET_MS) / ms) * ms + WEEK_OFFSET_MS - offsetMs;
  return Math.floor(local / ms) * ms - offsetMs;
}

export function bucketEnd(interval: string, openTime: number, offsetMs = 0): number {
  if (interval === '1M') {
    const d = new Date(openTime + offsetMs);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - 1 - offsetMs;
  }
  return openTime + INTERVAL_MS[interval]! - 1;
}

export function flatCandle(openTime: number, price: Dec): Candle {
  const zero = new Dec(0);
  return {
    openTime,
    closeTime: openTime + MINUTE_MS - 1,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: zero,
    quoteVolume: zero,
    takerBuyVolume: zero,
    takerBuyQuoteVolume: zero,
    trades: 0,
    firstTradeId: -1,
    lastTradeId: -1,
  };
}

/**
 * The 1m candles of one symbol, bounded to `capacity`; every other interval is aggregated from
 * them on demand, so there is one source of truth for REST klines and kline streams.
 */
export class KlineSeries {
  private readonly candles: Candle[] = [];

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.candles.length;
  }

  current(): Candle | undefined {
    return this.candles[this.candles.length - 1];
  }

  /** Appends finished history (oldest first). */
  seed(history: Candle[]): void {
    for (const c of history) this.push(c);
  }

  /**
   * Moves the open candle forward to the minute holding `now`, closing the current one and
   * filling skipped minutes flat so the series has no gaps. Returns the candles it closed.
   */
  roll(now: number, fallbackPrice: Dec): Candle[] {
    const minute = bucketStart('1m', now);
    const cur = this.current();
    if (!cur) {
      this.push(flatCandle(minute, fallbackPrice));
      return [];
    }
    if (minute <= cur.openTime) return [];
    const closed = [cur];
    // A long pause needs no more flat candles than the series can hold.
    let next = Math.max(cur.openTime + MINUTE_MS, minute - this.capacity * MINUTE_MS);
    for (; next < minute; next += MINUTE_MS) {
      const flat = flatCandle(next, cur.close);
      this.push(flat);
      closed.push(flat);
    }
    this.push(flatCandle(minute, cur.close));
    return closed;
  }

  /** Adds one trade to the open candle (the caller rolls first). */
  addTrade(price: Dec, qty: Dec, quoteQty: Dec, takerIsBuyer: boolean, tradeId: number): void {
    const c = this.current();
    if (!c) return;
    if (c.trades === 0) {
      // Like Binance, a candle opens at its first trade, not at the previous close.
      c.firstTradeId = tradeId;
      c.open = price;
      c.high = price;
      c.low = price;
    }
    if (price.gt(c.high)) c.high = price;
    if (price.lt(c.low)) c.low = price;
    c.close = price;
    c.volume = c.volume.plus(qty);
    c.quoteVolume = c.quoteVolume.plus(quoteQty);
    if (takerIsBuyer) {
      c.takerBuyVolume = c.takerBuyVolume.plus(qty);
      c.takerBuyQuoteVolume = c.takerBuyQuoteVolume.plus(quoteQty);
    }
    c.trades += 1;
    c.lastTradeId = tradeId;
  }

  /** Candles of `interval`, chronological, like GET /api/v3/klines. */
  query(interval: string, opts: { startTime?: number; endTime?: number; limit: number }): Candle[] {
    if (!isSupportedInterval(interval)) throw ApiErrors.badInterval();
    const source = interval === '1m' ? this.candles : this.aggregateAll(interval);
    const { startTime, endTime, limit } = opts;
    let from = 0;
    let to = source.length;
    if (startTime !== undefined) from = lowerBound(source, startTime, (c) => c.closeTime);
    if (endTime !== undefined) to = lowerBound(source, endTime + 1, (c) => c.openTime);
    if (startTime !== undefined) return source.slice(from, Math.min(to, from + limit));
    return source.slice(Math.max(from, to - limit), to);
  }

  /** The open bucket of `interval` (for kline streams of intervals other than 1m). */
  currentOf(interval: string, offsetMs = 0): Candle | undefined {
    const cur = this.current();
    if (!cur) return undefined;
    if (interval === '1m') return cur;
    const open = bucketStart(interval, cur.openTime, offsetMs);
    const from = lowerBound(this.candles, open, (c) => c.openTime);
    return mergeCandles(this.candles.slice(from), open, bucketEnd(interval, open, offsetMs));
  }

  /**
   * The bucket of `interval` that the 1m candle closing at `minuteCloseTime` closes, or
   * undefined when that minute does not end a bucket (or the series no longer holds it).
   */
  closedOf(interval: string, minuteCloseTime: number, offsetMs = 0): Candle | undefined {
    const open = bucketStart(interval, minuteCloseTime, offsetMs);
    if (bucketEnd(interval, open, offsetMs) !== minuteCloseTime) return undefined;
    const from = lowerBound(this.candles, open, (c) => c.openTime);
    const to = lowerBound(this.candles, minuteCloseTime + 1, (c) => c.openTime);
    const group = this.candles.slice(from, to);
    return group.length > 0 ? mergeCandles(group, open, minuteCloseTime) : undefined;
  }

  private aggregateAll(interval: string): Candle[] {
    const out: Candle[] = [];
    let group: Candle[] = [];
    let groupOpen = -1;
    for (const c of this.candles) {
      const open = bucketStart(interval, c.openTime);
      if (open !== groupOpen && group.length > 0) {
        out.push(mergeCandles(group, groupOpen, bucketEnd(interval, groupOpen)));
        group = [];
      }
      groupOpen = open;
      group.push(c);
    }
    if (group.length > 0) out.push(mergeCandles(group, groupOpen, bucketEnd(interval, groupOpen)));
    return out;
  }

  private push(c: Candle): void {
    this.candles.push(c);
    if (this.candles.length > this.capacity) this.candles.splice(0, this.candles.length - this.capacity);
  }
}

function mergeCandles(group: Candle[], openTime: number, closeTime: number): Candle {
  const first = group[0]!;
  const last = group[group.length - 1]!;
  let high = first.high;
  let low = first.low;
  let volume = new Dec(0);
  let quoteVolume = new Dec(0);
  let takerBuyVolume = new Dec(0);
  let takerBuyQuoteVolume = new Dec(0);
  let trades = 0;
  let firstTradeId = -1;
  let lastTradeId = -1;
  for (const c of group) {
    if (c.high.gt(high)) high = c.high;
    if (c.low.lt(low)) low = c.low;
    volume = volume.plus(c.volume);
    quoteVolume = quoteVolume.plus(c.quoteVolume);
    takerBuyVolume = takerBuyVolume.plus(c.takerBuyVolume);
    takerBuyQuoteVolume = takerBuyQuoteVolume.plus(c.takerBuyQuoteVolume);
    trades += c.trades;
    if (firstTradeId === -1 && c.firstTradeId !== -1) firstTradeId = c.firstTradeId;
    if (c.lastTradeId !== -1) lastTradeId = c.lastTradeId;
  }
  return {
    openTime,
    closeTime,
    open: first.open,
    high,
    low,
    close: last.close,
    volume,
    quoteVolume,
    takerBuyVolume,
    takerBuyQuoteVolume,
    trades,
    firstTradeId,
    lastTradeId,
  };
}

function lowerBound<T>(items: T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(items[mid]!) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function klineRowJson(c: Candle): unknown[] {
  return [
    c.openTime,
    c.open.toFixed(8),
    c.high.toFixed(8),
    c.low.toFixed(8),
    c.close.toFixed(8),
    c.volume.toFixed(8),
    c.closeTime,
    c.quoteVolume.toFixed(8),
    c.trades,
    c.takerBuyVolume.toFixed(8),
    c.takerBuyQuoteVolume.toFixed(8),
    '0',
  ];
}

export function klineStreamJson(
  symbol: string,
  interval: string,
  c: Candle,
  eventTime: number,
  closed: boolean,
) {
  return {
    e: 'kline',
    E: eventTime,
    s: symbol,
    k: {
      t: c.openTime,
      T: c.closeTime,
      s: symbol,
      i: interval,
      f: c.firstTradeId,
      L: c.lastTradeId,
      o: c.open.toFixed(8),
      c: c.close.toFixed(8),
      h: c.high.toFixed(8),
      l: c.low.toFixed(8),
      v: c.volume.toFixed(8),
      n: c.trades,
      x: closed,
      q: c.quoteVolume.toFixed(8),
      V: c.takerBuyVolume.toFixed(8),
      Q: c.takerBuyQuoteVolume.toFixed(8),
      B: '0',
    },
  };
}
