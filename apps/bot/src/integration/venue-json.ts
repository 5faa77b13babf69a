import { dec, type ExchangeOrder, type ExchangeTrade } from '@aurora/core';

/*
 * The simulator's own records in Binance's JSON (allOrders, myTrades), mapped to core's shapes:
 * what the books auditor of the tests and the chaos runs' venue records both read.
 */

/** Binance allOrders JSON as the simulator's engine answers it. */
export interface VenueOrderJson {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  price: string;
  origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  status: ExchangeOrder['status'];
  timeInForce: ExchangeOrder['timeInForce'];
  type: ExchangeOrder['type'];
  side: ExchangeOrder['side'];
  stopPrice: string;
  time: number;
  updateTime: number;
}

/** Binance myTrades JSON. */
export interface VenueTradeJson {
  symbol: string;
  id: number;
  orderId: number;
  price: string;
  qty: string;
  quoteQty: string;
  commission: string;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
}

export const fromOrderJson = (o: VenueOrderJson): ExchangeOrder => ({
  symbol: o.symbol,
  orderId: String(o.orderId),
  clientOrderId: o.clientOrderId,
  side: o.side,
  type: o.type,
  timeInForce: o.timeInForce,
  status: o.status,
  price: dec(o.price),
  stopPrice: dec(o.stopPrice).isZero() ? null : dec(o.stopPrice),
  origQty: dec(o.origQty),
  executedQty: dec(o.executedQty),
  cumulativeQuoteQty: dec(o.cummulativeQuoteQty),
  time: o.time,
  updateTime: o.updateTime,
  fills: [],
});

export
const fromTradeJson = (t: VenueTradeJson): ExchangeTrade => ({
  symbol: t.symbol,
  tradeId: String(t.id),
  orderId: String(t.orderId),
  price: dec(t.price),
  qty: dec(t.qty),
  quoteQty: dec(t.quoteQty),
  commission: dec(t.commission),
  commissionAsset: t.commissionAsset,
  time: t.time,
  isBuyer: t.isBuyer,
  isMaker: t.isMaker,
});
