import type { Decimal } from 'decimal.js';

/** A 1-minute (or other interval) candle from the market stream or REST klines. */
export interface Kline {
  symbol: string;
  interval: string;
  openTime: number;
  closeTime: number;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: Decimal;
  quoteVolume: Decimal;
  trades: number;
  /** True when the candle is final (Binance's `x`). */
  closed: boolean;
}

export interface BookTicker {
  symbol: string;
  updateId: number;
  bidPrice: Decimal;
  bidQty: Decimal;
  askPrice: Decimal;
  askQty: Decimal;
  /** Local receive time: Binance's bookTicker carries no event time. */
  receivedAt: number;
}
