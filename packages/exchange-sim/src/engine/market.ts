import { Dec } from '@aurora/core';
import { SyntheticBook, type BookConfig, type BookLevel } from './book';
import type { SymbolStatus } from './exchange-info';
import { KlineSeries, MINUTE_MS, type Candle } from './klines';
import type { SimOrder } from './order';
import type { SeededRandom } from './rng';
import type { SymbolSpec } from './symbol-catalog';

export interface PublicTrade {
  id: number;
  price: Dec;
  qty: Dec;
  quoteQty: Dec;
  time: number;
  isBuyerMaker: boolean;
}

export type PriceLevel = [price: Dec, qty: Dec];
export interface DepthView {
  bids: PriceLevel[];
  asks: PriceLevel[];
}

const MAX_PUBLIC_TRADES = 1000;

/** Quote amounts on the wire and in balances carry 8 decimals, like Binance's. */
export const quoteOf = (price: Dec, qty: Dec): Dec => price.times(qty).toDecimalPlaces(8, Dec.ROUND_DOWN);

/**
 * One symbol's market: the synthetic book around the feed's mid, the users' resting orders in
 * price-time priority, untriggered stops, public trades and the 1m candle series.
 */
export class SymbolMarket {
  book: SyntheticBook;
  lastPrice: Dec;
  lastTradeTime = 0;
  /** Not TRADING: new orders are refused (cancels work), nothing matches, stops do not trigger. */
  status: SymbolStatus = 'TRADING';
  /** Resting BUY orders: best (highest) price first, then placement order. */
  readonly restingBids: SimOrder[] = [];
  /** Resting SELL orders: best (lowest) price first, then placement order. */
  readonly restingAsks: SimOrder[] = [];
  /** Untriggered STOP_LOSS / TAKE_PROFIT orders in placement order. */
  readonly stops: SimOrder[] = [];
  readonly trades: PublicTrade[] = [];
  readonly klines: KlineSeries;
  updateId = 1_000_000;
  private tradeSeq = 0;
  /** The book as last published, for depth diffs (rendered to strings only when diffed). */
  private published: DepthView = { bids: [], asks: [] };
  bookDirty = true;
  /**
   * A replayed price not yet applied (SimExchange.replayPrice while nothing rests or waits on
   * the symbol): applied, exactly as it would have been, before anything reads the market.
   */
  pendingMid: Dec | null = null;
  /** Candles closed since the last publication, for kline events with x = true. */
  readonly closedCandles: Candle[] = [];

  constructor(
    readonly spec: SymbolSpec,
    private readonly cfg: BookConfig,
    candleCapacity: number,
    mid: Dec,
    rng: SeededRandom,
  ) {
    this.klines = new KlineSeries(candleCapacity);
    this.lastPrice = mid;
    this.book = SyntheticBook.around(mid, spec, cfg, rng);
  }

  setMid(mid: Dec, rng: SeededRandom): void {
    this.book = SyntheticBook.around(mid, this.spec, this.cfg, rng);
    this.bookDirty = true;
  }

  nextTradeId(): number {
    return ++this.tradeSeq;
  }

  /** Prints a trade: public tape, candle, last price. */
  recordTrade(price: Dec, qty: Dec, takerIsBuyer: boolean, time: number): PublicTrade {
    const trade: PublicTrade = {
      id: this.nextTradeId(),
      price,
      qty,
      quoteQty: quoteOf(price, qty),
      time,
      isBuyerMaker: !takerIsBuyer,
    };
    this.roll(time);
    this.klines.addTrade(price, qty, trade.quoteQty, takerIsBuyer, trade.id);
    this.trades.push(trade);
    if (this.trades.length > MAX_PUBLIC_TRADES) this.trades.splice(0, this.trades.length - MAX_PUBLIC_TRADES);
    this.lastPrice = price;
    this.lastTradeTime = time;
    return trade;
  }

  /** Moves the candle series to `now`, remembering the candles that closed. */
  roll(now: number): void {
    for (const c of this.klines.roll(now, this.lastPrice)) this.closedCandles.push(c);
    // A long pause closes many flat candles: publish only the most recent ones.
    if (this.closedCandles.length > 5) this.closedCandles.splice(0, this.closedCandles.length - 5);
  }

  insertResting(order: SimOrder): void {
    const list = order.side === 'BUY' ? this.restingBids : this.restingAsks;
    const better = (a: SimOrder, b: SimOrder): boolean =>
      order.side === 'BUY' ? a.price.gt(b.price) : a.price.lt(b.price);
    let i = list.length;
    while (i > 0 && better(order, list[i - 1]!)) i--;
    list.splice(i, 0, order);
    this.bookDirty = true;
  }

  removeResting(order: SimOrder): void {
    const list = order.side === 'BUY' ? this.restingBids : this.restingAsks;
    const i = list.indexOf(order);
    if (i >= 0) {
      list.splice(i, 1);
      this.bookDirty = true;
    }
  }

  removeStop(order: SimOrder): boolean {
    const i = this.stops.indexOf(order);
    if (i < 0) return false;
    this.stops.splice(i, 1);
    return true;
  }

  /** Synthetic levels merged with resting user orders, aggregated by price, best first. */
  depth(limit: number): DepthView {
    return {
      bids: mergeSide(this.book.bids, this.restingBids, 'BUY', limit),
      asks: mergeSide(this.book.asks, this.restingAsks, 'SELL', limit),
    };
  }

  /** Volume-weighted average price of the last `avgPriceMins` minutes (last price if no volume). */
  avgPrice(): Dec {
    const cur = this.klines.current();
    if (!cur) return this.lastPrice;
    const candles = this.klines.query('1m', {
      startTime: cur.openTime - (this.spec.avgPriceMins - 1) * MINUTE_MS,
      limit: this.spec.avgPriceMins,
    });
    let vol = new Dec(0);
    let quote = new Dec(0);
    for (const c of candles) {
      vol = vol.plus(c.volume);
      quote = quote.plus(c.quoteVolume);
    }
    if (vol.isZero()) return this.lastPrice;
    return quote.div(vol).toDecimalPlaces(8, Dec.ROUND_HALF_UP);
  }

  /**
   * Publishes the book: bumps the update id and returns the levels that changed since the last
   * publication (quantity "0" removes a level), like a diff-depth event.
   */
  publishBook(withDiff: boolean): {
    firstUpdateId: number;
    lastUpdateId: number;
    bids: string[][];
    asks: string[][];
  } {
    // The whole book, like Binance's diff stream: a local book built from it matches REST depth.
    const view = this.depth(Number.POSITIVE_INFINITY);
    const firstUpdateId = this.updateId + 1;
    this.updateId = firstUpdateId;
    const diff = withDiff
      ? { bids: diffLevels(this.published.bids, view.bids), asks: diffLevels(this.published.asks, view.asks) }
      : { bids: [], asks: [] };
    this.published = view;
    this.bookDirty = false;
    return { firstUpdateId, lastUpdateId: this.updateId, ...diff };
  }
}

function mergeSide(
  levels: BookLevel[],
  resting: SimOrder[],
  side: 'BUY' | 'SELL',
  limit: number,
): PriceLevel[] {
  if (resting.length === 0) {
    // The common case: synthetic levels are already distinct and best-first.
    const out: PriceLevel[] = [];
    for (const l of levels) {
      if (out.length >= limit) break;
      if (l.qty.gt(0)) out.push([l.price, l.qty]);
    }
    return out;
  }
  const byPrice = new Map<string, PriceLevel>();
  const add = (price: Dec, qty: Dec) => {
    if (qty.lte(0)) return;
    const key = price.toFixed(8);
    const lvl = byPrice.get(key);
    if (lvl) lvl[1] = lvl[1].plus(qty);
    else byPrice.set(key, [price, qty]);
  };
  for (const l of levels) add(l.price, l.qty);
  for (const o of resting) add(o.price, o.origQty.minus(o.executedQty));
  const out = [...byPrice.values()].sort((a, b) => (side === 'BUY' ? b[0].cmp(a[0]) : a[0].cmp(b[0])));
  return out.slice(0, limit);
}

function toMap(levels: PriceLevel[]): Map<string, string> {
  return new Map(levels.map(([p, q]) => [p.toFixed(8), q.toFixed(8)]));
}

/** Levels that changed between two views; quantity "0" removes a level. */
function diffLevels(prevLevels: PriceLevel[], nextLevels: PriceLevel[]): string[][] {
  const prev = toMap(prevLevels);
  const next = toMap(nextLevels);
  const out: string[][] = [];
  for (const [price, qty] of next) if (prev.get(price) !== qty) out.push([price, qty]);
  for (const price of prev.keys()) if (!next.has(price)) out.push([price, '0.00000000']);
  return out;
}
