import type { Decimal } from 'decimal.js';

/**
 * Market stream text frames exactly as Binance's combined streams send them, for injecting into
 * the bot's MarketStream at the point where a socket hands it a message.
 */

export interface CandleSpec {
  symbol: string;
  openTime: number;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: string;
}

/** A closed 1m kline event. */
export function closedKlineFrame(c: CandleSpec, eventTime: number): string {
  return JSON.stringify({
    stream: `${c.symbol.toLowerCase()}@kline_1m`,
    data: {
      e: 'kline',
      E: eventTime,
      s: c.symbol,
      k: {
        t: c.openTime,
        T: c.openTime + 59_999,
        s: c.symbol,
        i: '1m',
        f: 100,
        L: 200,
        o: c.open.toFixed(2),
        c: c.close.toFixed(2),
        h: c.high.toFixed(2),
        l: c.low.toFixed(2),
        v: c.volume,
        n: 101,
        x: true,
        q: c.close.times(c.volume).toFixed(8),
        V: '0',
        Q: '0',
        B: '0',
      },
    },
  });
}

export interface QuoteSpec {
  symbol: string;
  updateId: number;
  bid: Decimal;
  bidQty: Decimal;
  ask: Decimal;
  askQty: Decimal;
}

/** A bookTicker event (bookTicker payloads carry no event type). */
export function bookTickerFrame(q: QuoteSpec): string {
  return JSON.stringify({
    stream: `${q.symbol.toLowerCase()}@bookTicker`,
    data: {
      u: q.updateId,
      s: q.symbol,
      b: q.bid.toFixed(),
      B: q.bidQty.toFixed(),
      a: q.ask.toFixed(),
      A: q.askQty.toFixed(),
    },
  });
}
