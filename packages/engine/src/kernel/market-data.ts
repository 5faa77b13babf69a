import type { BookTicker, Kline } from '@aurora/core';
import { Dec } from '@aurora/core';
import type { Decimal } from 'decimal.js';
import type { Candle, MarketQuote } from '@aurora/contracts';

const MAX_CANDLES = 1000;

interface SymbolMarket {
  book: BookTicker | null;
  lastPrice: Decimal | null;
  candles: Candle[];
  /** The candle still forming (not yet closed). */
  forming: Candle | null;
  lastClosedOpenTime: number | null;
  gaps: number;
  klineAt: number | null;
  /** The open time and trade count of the last kline seen (live or closed). */
  klineTrades: { openTime: number; trades: number } | null;
}

/**
 * The latest market picture per symbol: best bid/ask, last price, a bounded window of closed 1m
 * candles, message ages and gap counts. Fed by the market stream and by REST warm-up; read by the
 * strategy, the gates, the dead-man switch and the dashboard.
 */
export class MarketData {
  private readonly bySymbol = new Map<string, SymbolMarket>();
  lastMessageAt: number | null = null;

  constructor(private readonly clock: { now(): number }) {}

  private entry(symbol: string): SymbolMarket {
    let e = this.bySymbol.get(symbol);
    if (!e) {
      e = { book: null, lastPrice: null, candles: [], forming: null, lastClosedOpenTime: null, gaps: 0, klineAt: null, klineTrades: null };
      this.bySymbol.set(symbol, e);
    }
    return e;
  }

  onBookTicker(t: BookTicker): void {
    const e = this.entry(t.symbol);
    e.book = t;
    this.lastMessageAt = t.receivedAt;
  }

  /** Returns true when the kline closed a candle (the strategy evaluates on closed candles). */
  onKline(k: Kline): boolean {
    const e = this.entry(k.symbol);
    this.lastMessageAt = this.clock.now();
    e.klineAt = this.lastMessageAt;
    e.lastPrice = k.close;
    const candle: Candle = {
      t: k.openTime,
      o: k.open.toNumber(),
      h: k.high.toNumber(),
      l: k.low.toNumber(),
      c: k.close.toNumber(),
      v: k.volume.toNumber(),
    };
    if (!k.closed) {
      e.forming = candle;
      return false;
    }
    if (e.lastClosedOpenTime !== null) {
      if (k.openTime <= e.lastClosedOpenTime) return false; // a replayed candle changes nothing
      if (k.openTime - e.lastClosedOpenTime > 60_000) e.gaps += 1;
    }
    e.lastClosedOpenTime = k.openTime;
    e.candles.push(candle);
    if (e.candles.length > MAX_CANDLES) e.candles.splice(0, e.candles.length - MAX_CANDLES);
    e.forming = null;
    return true;
  }

  /**
   * Whether a kline shows trades since the last kline of its symbol: the dead-man switch's
   * evidence of a live market. The kline stream repeats an unchanged candle every tick even when
   * nothing trades, so its mere arrival proves only that the socket is open.
   */
  noteKlineTrades(k: Kline): boolean {
    const e = this.entry(k.symbol);
    const prev = e.klineTrades;
    const traded = prev === null || k.openTime !== prev.openTime ? k.trades > 0 : k.trades > prev.trades;
    if (prev === null || k.openTime >= prev.openTime) e.klineTrades = { openTime: k.openTime, trades: k.trades };
    return traded;
  }

  /** Seed history from REST klines (closed only) without counting gaps. */
  warmup(klines: Kline[]): void {
    for (const k of klines) if (k.closed) this.onKline(k);
  }

  book(symbol: string): BookTicker | null {
    return this.bySymbol.get(symbol)?.book ?? null;
  }

  /** Mid price, else last trade price. */
  mark(symbol: string): Decimal | null {
    const e = this.bySymbol.get(symbol);
    if (!e) return null;
    if (e.book && e.book.bidPrice.gt(0) && e.book.askPrice.gt(0)) return e.book.bidPrice.plus(e.book.askPrice).div(2);
    return e.lastPrice;
  }

  lastKlineAt(symbol: string): number | null {
    return this.bySymbol.get(symbol)?.klineAt ?? null;
  }

  gaps(symbol: string): number {
    return this.bySymbol.get(symbol)?.gaps ?? 0;
  }

  bookAgeMs(symbol: string, now: number): number | null {
    const b = this.bySymbol.get(symbol)?.book;
    return b ? now - b.receivedAt : null;
  }

  candles(symbol: string, limit: number): Candle[] {
    const e = this.bySymbol.get(symbol);
    if (!e) return [];
    const all = e.forming ? [...e.candles, e.forming] : e.candles;
    return all.slice(-limit);
  }

  quotes(symbols: string[]): MarketQuote[] {
    const out: MarketQuote[] = [];
    for (const s of symbols) {
      const e = this.bySymbol.get(s);
      if (!e?.book) continue;
      const { bidPrice, askPrice } = e.book;
      const mid = bidPrice.plus(askPrice).div(2);
      out.push({
        symbol: s,
        bid: bidPrice.toFixed(),
        ask: askPrice.toFixed(),
        last: (e.lastPrice ?? mid).toFixed(),
        spread_bps: mid.gt(0) ? askPrice.minus(bidPrice).div(mid).mul(10_000).toNumber() : 0,
        updated_at: e.book.receivedAt,
      });
    }
    return out;
  }

  static readonly ZERO = new Dec(0);
}
