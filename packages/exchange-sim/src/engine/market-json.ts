import { Dec } from '@aurora/core';
import { fx8 } from './exchange-info';
import { MINUTE_MS } from './klines';
import type { SymbolMarket } from './market';

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

export function tickerPriceJson(m: SymbolMarket) {
  return { symbol: m.spec.symbol, price: fx8(m.lastPrice) };
}

/** 24 h rolling statistics from the 1m candles (as much history as the series holds). */
export function ticker24hrJson(m: SymbolMarket, now: number) {
  const candles = m.klines.query('1m', { startTime: now - 1440 * MINUTE_MS, limit: 1440 });
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
  const book = bookTickerJson(m);
  const lastTrade = m.trades[m.trades.length - 1];
  return {
    symbol: m.spec.symbol,
    priceChange: fx8(change),
    priceChangePercent: open.isZero() ? '0.000' : change.div(open).times(100).toFixed(3),
    weightedAvgPrice: fx8(volume.isZero() ? last : quoteVolume.div(volume)),
    prevClosePrice: fx8(open),
    lastPrice: fx8(last),
    lastQty: fx8(lastTrade ? lastTrade.qty : new Dec(0)),
    bidPrice: book.bidPrice,
    bidQty: book.bidQty,
    askPrice: book.askPrice,
    askQty: book.askQty,
    openPrice: fx8(open),
    highPrice: fx8(high),
    lowPrice: fx8(low),
    volume: fx8(volume),
    quoteVolume: fx8(quoteVolume),
    openTime: first ? first.openTime : now,
    closeTime: now,
    firstId,
    lastId,
    count,
  };
}
