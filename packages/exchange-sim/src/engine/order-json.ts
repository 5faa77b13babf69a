import { ZERO, type Dec } from '@aurora/core';
import { fx8 } from './exchange-info';
import {
  isStopType,
  type ExecutionType,
  type NewOrderRespType,
  type OrderFill,
  type SimOrder,
} from './order';
import type { AccountTrade, SimAccount } from './account';

/** Binance's JSON for orders, account data and user-data events, field by field. */

function strategyFields(o: SimOrder): Record<string, number> {
  const out: Record<string, number> = {};
  if (o.strategyId !== null) out.strategyId = o.strategyId;
  if (o.strategyType !== null) out.strategyType = o.strategyType;
  return out;
}

function expiryField(o: SimOrder): Record<string, string> {
  return o.status === 'EXPIRED' && o.expiryReason ? { expiryReason: o.expiryReason } : {};
}

export function fillJson(f: OrderFill) {
  return {
    price: fx8(f.price),
    qty: fx8(f.qty),
    commission: fx8(f.commission),
    commissionAsset: f.commissionAsset,
    tradeId: f.tradeId,
  };
}

/** Response to POST /api/v3/order (and order.place) in the requested ACK / RESULT / FULL form. */
export function newOrderJson(
  o: SimOrder,
  respType: NewOrderRespType,
  transactTime: number,
  fills: OrderFill[],
) {
  const ack = {
    symbol: o.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    transactTime,
  };
  if (respType === 'ACK') return ack;
  const result = {
    ...ack,
    price: fx8(o.price),
    origQty: fx8(o.origQty),
    executedQty: fx8(o.executedQty),
    origQuoteOrderQty: fx8(o.origQuoteOrderQty),
    cummulativeQuoteQty: fx8(o.cumQuote),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    ...(isStopType(o.type) ? { stopPrice: fx8(o.stopPrice) } : {}),
    ...strategyFields(o),
    workingTime: o.workingTime,
    selfTradePreventionMode: 'NONE',
    ...expiryField(o),
  };
  if (respType === 'RESULT') return result;
  return { ...result, fills: fills.map(fillJson) };
}

/** GET /api/v3/order, openOrders, allOrders (and order.status). */
export function queryOrderJson(o: SimOrder) {
  return {
    symbol: o.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    price: fx8(o.price),
    origQty: fx8(o.origQty),
    executedQty: fx8(o.executedQty),
    cummulativeQuoteQty: fx8(o.cumQuote),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    stopPrice: fx8(o.stopPrice),
    icebergQty: fx8(ZERO),
    time: o.time,
    updateTime: o.updateTime,
    isWorking: o.isWorking,
    workingTime: o.workingTime,
    origQuoteOrderQty: fx8(o.origQuoteOrderQty),
    ...strategyFields(o),
    selfTradePreventionMode: 'NONE',
    ...expiryField(o),
  };
}

/** DELETE /api/v3/order: `clientOrderId` is the cancel's own id, the order's in `origClientOrderId`. */
export function cancelOrderJson(o: SimOrder, cancelClientOrderId: string, transactTime: number) {
  return {
    symbol: o.symbol,
    origClientOrderId: o.clientOrderId,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: cancelClientOrderId,
    transactTime,
    price: fx8(o.price),
    origQty: fx8(o.origQty),
    executedQty: fx8(o.executedQty),
    origQuoteOrderQty: fx8(o.origQuoteOrderQty),
    cummulativeQuoteQty: fx8(o.cumQuote),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    ...(isStopType(o.type) ? { stopPrice: fx8(o.stopPrice) } : {}),
    ...strategyFields(o),
    selfTradePreventionMode: 'NONE',
  };
}

export interface ExecutionDetails {
  executionType: ExecutionType;
  executionId: number;
  eventTime: number;
  transactTime: number;
  /** For cancels: the cancel's clientOrderId goes in `c`, the order's in `C`. */
  cancelClientOrderId?: string;
  rejectReason?: string;
  fill?: OrderFill;
}

/** The executionReport user-data event. */
export function executionReportJson(o: SimOrder, d: ExecutionDetails) {
  const fill = d.fill;
  const lastQuote = fill ? fill.quoteQty : ZERO;
  const onBook =
    o.isWorking && (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED') && o.type !== 'MARKET';
  return {
    e: 'executionReport',
    E: d.eventTime,
    s: o.symbol,
    c: d.cancelClientOrderId ?? o.clientOrderId,
    S: o.side,
    o: o.type,
    f: o.timeInForce,
    q: fx8(o.origQty),
    p: fx8(o.price),
    P: fx8(o.stopPrice),
    F: fx8(ZERO),
    g: -1,
    C: d.cancelClientOrderId !== undefined ? o.clientOrderId : '',
    x: d.executionType,
    X: o.status,
    r: d.rejectReason ?? 'NONE',
    i: o.orderId,
    l: fx8(fill ? fill.qty : ZERO),
    z: fx8(o.executedQty),
    L: fx8(fill ? fill.price : ZERO),
    n: fill ? fx8(fill.commission) : '0',
    N: fill ? fill.commissionAsset : null,
    T: d.transactTime,
    t: fill ? fill.tradeId : -1,
    I: d.executionId,
    w: onBook,
    m: fill ? fill.isMaker : false,
    M: false,
    O: o.time,
    Z: fx8(o.cumQuote),
    Y: fx8(lastQuote),
    Q: fx8(o.origQuoteOrderQty),
    ...(o.workingTime !== -1 ? { W: o.workingTime } : {}),
    V: 'NONE',
    ...(o.strategyId !== null ? { j: o.strategyId } : {}),
    ...(o.strategyType !== null ? { J: o.strategyType } : {}),
    ...(o.status === 'EXPIRED' && o.expiryReason ? { eR: o.expiryReason } : {}),
  };
}

export function accountPositionJson(account: SimAccount, assets: Iterable<string>, eventTime: number) {
  const B: { a: string; f: string; l: string }[] = [];
  for (const asset of [...assets].sort()) {
    const b = account.balance(asset);
    B.push({ a: asset, f: fx8(b.free), l: fx8(b.locked) });
  }
  return { e: 'outboundAccountPosition', E: eventTime, u: account.updateTime, B };
}

export function balanceUpdateJson(asset: string, delta: Dec, eventTime: number) {
  return { e: 'balanceUpdate', E: eventTime, a: asset, d: fx8(delta), T: eventTime };
}

export function myTradeJson(t: AccountTrade) {
  return {
    symbol: t.symbol,
    id: t.id,
    orderId: t.orderId,
    orderListId: -1,
    price: fx8(t.price),
    qty: fx8(t.qty),
    quoteQty: fx8(t.quoteQty),
    commission: fx8(t.commission),
    commissionAsset: t.commissionAsset,
    time: t.time,
    isBuyer: t.isBuyer,
    isMaker: t.isMaker,
    isBestMatch: true,
  };
}

export function accountJson(
  account: SimAccount,
  commission: { maker: Dec; taker: Dec },
  listedAssets: Iterable<string>,
  omitZeroBalances: boolean,
) {
  const assets = new Set<string>(listedAssets);
  for (const [asset] of account.allBalances()) assets.add(asset);
  const balances: { asset: string; free: string; locked: string }[] = [];
  for (const asset of [...assets].sort()) {
    const b = account.balance(asset);
    if (omitZeroBalances && b.free.isZero() && b.locked.isZero()) continue;
    balances.push({ asset, free: fx8(b.free), locked: fx8(b.locked) });
  }
  return {
    makerCommission: commission.maker.times(10_000).round().toNumber(),
    takerCommission: commission.taker.times(10_000).round().toNumber(),
    buyerCommission: 0,
    sellerCommission: 0,
    commissionRates: {
      maker: fx8(commission.maker),
      taker: fx8(commission.taker),
      buyer: fx8(ZERO),
      seller: fx8(ZERO),
    },
    canTrade: account.canTrade,
    canWithdraw: true,
    canDeposit: true,
    brokered: false,
    requireSelfTradePrevention: false,
    preventSor: false,
    updateTime: account.updateTime,
    accountType: 'SPOT',
    balances,
    permissions: ['SPOT'],
    uid: account.uid,
  };
}
