import { Dec } from '@aurora/core';
import { fx8 } from './exchange-info';
import { flatCandle, MINUTE_MS, type Candle } from './klines';
import type { PublicTrade, SymbolMarket } from './market';

/** Binance market-data JSON built from one SymbolMarket. */

export function bookTickerJson(m: SymbolMarket) {
  const { bids, asks } = m.depth(1);
  const bid = bids[0];
  const ask = asks[0];
  return {
    symbol: m.spec.symbol,
    bidPrice: fx8(bid ? bid[0] : new Dec(0)),
    bidQty: fx8(bid ? bid[1] : new Dec(0)),
    askPrice: fx8(ask ? ask[0] : new Dec(0)),
    askQty: fx8(ask ? ask[1] : new Dec(0)),
  };
}

export function bookTickerStreamJson(m: SymbolMarket) {
  const t = bookTickerJson(m);
  return { u: m.updateId, s: t.symbol, b: t.bidPrice, B: t.bidQty, a: t.askPrice, A: t.askQty };
}

export function depthJson(m: SymbolMarket, limit: number) {
  const { bids, asks } = m.depth(limit);
  return {
    lastUpdateId: m.updateId,
    bids: bids.map(([p, q]) => [fx8(p), fx8(q)]),
    asks: asks.map(([p, q]) => [fx8(p), fx8(q)]),
  };
}

export function recentTradesJson(m: SymbolMarket, limit: number) {
  return m.trades.slice(-limit).map((t) => ({
    id: t.id,
    price: fx8(t.price),
    qty: fx8(t.qty),
    quoteQty: fx8(t.quoteQty),
    time: t.time,
    isBuyerMaker: t.isBuyerMaker,
    isBestMatch: true,
  }));
}

/** Every simulated trade is its own aggregate (one taker, one price), so ids coincide. */
export function aggTradesJson(m: SymbolMarket, limit: number, fromId?: number) {
  const source =
    fromId === undefined ? m.trades.slice(-limit) : m.trades.filter((t) => t.id >= fromId).slice(0, limit);
  return source.map((t) => ({
    a: t.id,
    p: fx8(t.price),
    q: fx8(t.qty),
    f: t.id,
    l: t.id,
    T: t.time,
    m: t.isBuyerMaker,
    M: true,
  }));
}

export function avgPriceJson(m: SymbolMarket) {
  return { mins: m.spec.avgPriceMins, price: fx8(m.avgPrice()), closeTime: m.lastTradeTime };
}

/** `<symbol>@avgPrice` payload from the GET /api/v3/avgPrice figures. */
export function avgPriceStreamJson(a: ReturnType<typeof avgPriceJson>, symbol: string, eventTime: number) {
  return { e: 'avgPrice', E: eventTime, s: symbol, i: `${a.mins}m`, w: a.price, T: a.closeTime };
}

export function tickerPriceJson(m: SymbolMarket) {
  return { symbol: m.spec.symbol, price: fx8(m.lastPrice) };
}

/** Statistics over the 1m candles opening at or after `startTime` (at most `limit` of them). */
function windowStats(m: SymbolMarket, startTime: number, limit: number) {
  const candles = m.klines.query('1m', { startTime, limit });
  const first = candles[0];
  const open = first ? first.open : m.lastPrice;
  let high = open;
  let low = open;
  let volume = new Dec(0);
  let quoteVolume = new Dec(0);
  let count = 0;
  let firstId = -1;
  let lastId = -1;
  for (const c of candles) {
    if (c.high.gt(high)) high = c.high;
    if (c.low.lt(low)) low = c.low;
    volume = volume.plus(c.volume);
    quoteVolume = quoteVolume.plus(c.quoteVolume);
    count += c.trades;
    if (firstId === -1 && c.firstTradeId !== -1) firstId = c.firstTradeId;
    if (c.lastTradeId !== -1) lastId = c.lastTradeId;
  }
  const last = m.lastPrice;
  const change = last.minus(open);
  return {
    symbol: m.spec.symbol,
    priceChange: fx8(change),
    priceChangePercent: open.isZero() ? '0.000' : change.div(open).times(100).toFixed(3),
    weightedAvgPrice: fx8(volume.isZero() ? last : quoteVolume.div(volume)),
    openPrice: fx8(open),
    highPrice: fx8(high),
    lowPrice: fx8(low),
    lastPrice: fx8(last),
    volume: fx8(volume),
    quoteVolume: fx8(quoteVolume),
    openTime: first?.openTime,
    firstId,
    lastId,
    count,
  };
}

/** 24 h rolling statistics from the 1m candles (as much history as the series holds). */
export function ticker24hrJson(m: SymbolMarket, now: number) {
  const s = windowStats(m, now - 1440 * MINUTE_MS, 1440);
  const book = bookTickerJson(m);
  const lastTrade = m.trades[m.trades.length - 1];
  return {
    symbol: s.symbol,
    priceChange: s.priceChange,
    priceChangePercent: s.priceChangePercent,
    weightedAvgPrice: s.weightedAvgPrice,
    prevClosePrice: s.openPrice,
    lastPrice: s.lastPrice,
    lastQty: fx8(lastTrade ? lastTrade.qty : new Dec(0)),
    bidPrice: book.bidPrice,
    bidQty: book.bidQty,
    askPrice: book.askPrice,
    askQty: book.askQty,
    openPrice: s.openPrice,
    highPrice: s.highPrice,
    lowPrice: s.lowPrice,
    volume: s.volume,
    quoteVolume: s.quoteVolume,
    openTime: s.openTime ?? now,
    closeTime: now,
    firstId: s.firstId,
    lastId: s.lastId,
    count: s.count,
  };
}

/**
 * Rolling-window statistics as Binance's `<symbol>@ticker_<window>` computes them: the window
 * opens on a minute boundary, so it may reach up to 59 999 ms further back than its size.
 */
export function rollingWindowJson(m: SymbolMarket, now: number, windowMinutes: number) {
  const minute = now - (now % MINUTE_MS);
  const start = minute - windowMinutes * MINUTE_MS;
  const s = windowStats(m, start, windowMinutes + 1);
  return { ...s, openTime: s.openTime ?? start, closeTime: now };
}

/** `<symbol>@ticker` payload (24 h rolling window), from the same figures as GET /api/v3/ticker/24hr. */
export function tickerStreamJson(t: ReturnType<typeof ticker24hrJson>, eventTime: number) {
  return {
    e: '24hrTicker',
    E: eventTime,
    s: t.symbol,
    p: t.priceChange,
    P: t.priceChangePercent,
    w: t.weightedAvgPrice,
    x: t.prevClosePrice,
    c: t.lastPrice,
    Q: t.lastQty,
    b: t.bidPrice,
    B: t.bidQty,
    a: t.askPrice,
    A: t.askQty,
    o: t.openPrice,
    h: t.highPrice,
    l: t.lowPrice,
    v: t.volume,
    q: t.quoteVolume,
    O: t.openTime,
    C: t.closeTime,
    F: t.firstId,
    L: t.lastId,
    n: t.count,
  };
}

/** `<symbol>@miniTicker` payload (and the items of `!miniTicker@arr`). */
export function miniTickerStreamJson(t: ReturnType<typeof ticker24hrJson>, eventTime: number) {
  return {
    e: '24hrMiniTicker',
    E: eventTime,
    s: t.symbol,
    c: t.lastPrice,
    o: t.openPrice,
    h: t.highPrice,
    l: t.lowPrice,
    v: t.volume,
    q: t.quoteVolume,
  };
}

/** `<symbol>@ticker_<window>` payload (and the items of `!ticker_<window>@arr`); e is e.g. "1hTicker". */
export function rollingTickerStreamJson(
  t: ReturnType<typeof rollingWindowJson>,
  window: string,
  eventTime: number,
) {
  return {
    e: `${window}Ticker`,
    E: eventTime,
    s: t.symbol,
    p: t.priceChange,
    P: t.priceChangePercent,
    o: t.openPrice,
    h: t.highPrice,
    l: t.lowPrice,
    c: t.lastPrice,
    w: t.weightedAvgPrice,
    v: t.volume,
    q: t.quoteVolume,
    O: t.openTime,
    C: t.closeTime,
    F: t.firstId,
    L: t.lastId,
    n: t.count,
  };
}

/**
 * The 1s candle opening at `openTime`, from the public trades (the sim keeps candles at 1m;
 * seconds are rebuilt from its last trades). A second without trades is flat at the last price.
 */
export function secondCandle(m: SymbolMarket, openTime: number): Candle {
  const closeTime = openTime + 999;
  const inSecond: PublicTrade[] = [];
  let before: PublicTrade | undefined;
  for (let i = m.trades.length - 1; i >= 0; i--) {
    const t = m.trades[i]!;
    if (t.time > closeTime) continue;
    if (t.time < openTime) {
      before = t;
      break;
    }
    inSecond.push(t);
  }
  inSecond.reverse();
  const flatAt = before ? before.price : inSecond.length > 0 ? inSecond[0]!.price : m.lastPrice;
  const c: Candle = { ...flatCandle(openTime, flatAt), closeTime };
  for (const [i, t] of inSecond.entries()) {
    if (i === 0) {
      c.open = t.price;
      c.high = t.price;
      c.low = t.price;
      c.firstTradeId = t.id;
    }
    if (t.price.gt(c.high)) c.high = t.price;
    if (t.price.lt(c.low)) c.low = t.price;
    c.close = t.price;
    c.volume = c.volume.plus(t.qty);
    c.quoteVolume = c.quoteVolume.plus(t.quoteQty);
    if (!t.isBuyerMaker) {
      c.takerBuyVolume = c.takerBuyVolume.plus(t.qty);
      c.takerBuyQuoteVolume = c.takerBuyQuoteVolume.plus(t.quoteQty);
    }
    c.trades += 1;
    c.lastTradeId = t.id;
  }
  return c;
}
