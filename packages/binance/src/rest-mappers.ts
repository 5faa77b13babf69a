import type { z } from 'zod';
import type { TimeInForce } from '@aurora/contracts';
import {
  Dec,
  type AccountSnapshot,
  type BookTicker,
  type ExchangeOrder,
  type ExchangeTrade,
  type Kline,
} from '@aurora/core';
import type {
  AccountSchema,
  BookTickerSchema,
  CanceledOrderJson,
  KlineRowSchema,
  MyTradeSchema,
  PlacedOrderJson,
  QueriedOrderJson,
} from './rest-schemas';

const TIFS: ReadonlySet<string> = new Set(['GTC', 'IOC', 'FOK']);
const tif = (raw: string | null | undefined): TimeInForce | null =>
  raw != null && TIFS.has(raw) ? (raw as TimeInForce) : null;

/** Binance sends "0.00000000" for orders without a stop price; the port says null. */
const stop = (raw: string | undefined) => {
  if (raw === undefined) return null;
  const d = new Dec(raw);
  return d.isZero() ? null : d;
};

/** The fields every order answer shares (query, placement, cancel), as the port types them. */
type OrderCore = Pick<
  QueriedOrderJson,
  | 'symbol'
  | 'orderId'
  | 'side'
  | 'type'
  | 'timeInForce'
  | 'status'
  | 'price'
  | 'stopPrice'
  | 'origQty'
  | 'executedQty'
  | 'cummulativeQuoteQty'
>;
const orderCore = (o: OrderCore) => ({
  symbol: o.symbol,
  orderId: String(o.orderId),
  side: o.side,
  type: o.type,
  timeInForce: tif(o.timeInForce),
  status: o.status,
  price: new Dec(o.price),
  stopPrice: stop(o.stopPrice),
  origQty: new Dec(o.origQty),
  executedQty: new Dec(o.executedQty),
  cumulativeQuoteQty: new Dec(o.cummulativeQuoteQty),
});

export const orderFromQuery = (o: QueriedOrderJson): ExchangeOrder => ({
  ...orderCore(o),
  clientOrderId: o.clientOrderId,
  time: o.time,
  updateTime: o.updateTime,
  fills: [],
});

export const orderFromPlacement = (o: PlacedOrderJson): ExchangeOrder => ({
  ...orderCore(o),
  clientOrderId: o.clientOrderId,
  time: o.transactTime,
  updateTime: o.workingTime !== undefined && o.workingTime > o.transactTime ? o.workingTime : o.transactTime,
  fills: (o.fills ?? []).map((f) => ({
    tradeId: String(f.tradeId),
    price: new Dec(f.price),
    qty: new Dec(f.qty),
    commission: new Dec(f.commission),
    commissionAsset: f.commissionAsset,
  })),
});

/**
 * A cancel answer names the cancel request in `clientOrderId` and the order in
 * `origClientOrderId`; the port reports the order, so the latter wins. Binance sends no
 * creation time here, so `time` is the cancel's transactTime too.
 */
export const orderFromCancel = (o: CanceledOrderJson): ExchangeOrder => ({
  ...orderCore(o),
  clientOrderId: o.origClientOrderId,
  time: o.transactTime,
  updateTime: o.transactTime,
  fills: [],
});

export const accountFromJson = (a: z.infer<typeof AccountSchema>): AccountSnapshot => ({
  canTrade: a.canTrade,
  updateTime: a.updateTime,
  balances: a.balances.map((b) => ({ asset: b.asset, free: new Dec(b.free), locked: new Dec(b.locked) })),
  commissionRates: a.commissionRates
    ? { maker: new Dec(a.commissionRates.maker), taker: new Dec(a.commissionRates.taker) }
    : null,
});

export const tradeFromJson = (t: z.infer<typeof MyTradeSchema>): ExchangeTrade => ({
  symbol: t.symbol,
  tradeId: String(t.id),
  orderId: String(t.orderId),
  price: new Dec(t.price),
  qty: new Dec(t.qty),
  quoteQty: new Dec(t.quoteQty),
  commission: new Dec(t.commission),
  commissionAsset: t.commissionAsset,
  time: t.time,
  isBuyer: t.isBuyer,
  isMaker: t.isMaker,
});

/**
 * A REST kline row. `closed` compares closeTime with the server clock: the last row of a klines
 * answer is usually the candle still forming.
 */
export const klineFromRow = (
  symbol: string,
  interval: string,
  r: z.infer<typeof KlineRowSchema>,
  serverNow: number,
): Kline => ({
  symbol,
  interval,
  openTime: r[0],
  closeTime: r[6],
  open: new Dec(r[1]),
  high: new Dec(r[2]),
  low: new Dec(r[3]),
  close: new Dec(r[4]),
  volume: new Dec(r[5]),
  quoteVolume: new Dec(r[7]),
  trades: r[8],
  closed: r[6] < serverNow,
});

/** REST bookTicker carries no update id (rest-api.md); 0 marks "not from the stream". */
export const bookTickerFromJson = (b: z.infer<typeof BookTickerSchema>, receivedAt: number): BookTicker => ({
  symbol: b.symbol,
  updateId: 0,
  bidPrice: new Dec(b.bidPrice),
  bidQty: new Dec(b.bidQty),
  askPrice: new Dec(b.askPrice),
  askQty: new Dec(b.askQty),
  receivedAt,
});
