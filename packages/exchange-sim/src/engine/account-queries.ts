import type { SimAccount } from './account';
import type { CommissionRates } from './commission';
import { myTradeJson, queryOrderJson } from './order-json';
import { intParam } from './params';

type Num = string | number | undefined;
const ZERO8 = '0.00000000';

/** GET /api/v3/allOrders: from orderId / startTime onwards, else the most recent `limit`. */
export function allOrdersJson(
  account: SimAccount,
  symbol: string,
  q: { orderId?: Num; startTime?: Num; endTime?: Num; limit?: Num },
) {
  const orderId = intParam('orderId', q.orderId);
  const startTime = intParam('startTime', q.startTime);
  const endTime = intParam('endTime', q.endTime);
  const limit = intParam('limit', q.limit, { default: 500, min: 1, max: 1000 })!;
  const rows = account
    .ordersOf(symbol)
    .filter(
      (o) =>
        (orderId === undefined || o.orderId >= orderId) &&
        (startTime === undefined || o.time >= startTime) &&
        (endTime === undefined || o.time <= endTime),
    )
    .sort((a, b) => a.orderId - b.orderId);
  const fromStart = orderId !== undefined || startTime !== undefined;
  return (fromStart ? rows.slice(0, limit) : rows.slice(-limit)).map(queryOrderJson);
}

/** GET /api/v3/myTrades: by order, from a trade id or time, else the most recent `limit`. */
export function myTradesJson(
  account: SimAccount,
  symbol: string,
  q: { orderId?: Num; fromId?: Num; startTime?: Num; endTime?: Num; limit?: Num },
) {
  const orderId = intParam('orderId', q.orderId);
  const fromId = intParam('fromId', q.fromId);
  const startTime = intParam('startTime', q.startTime);
  const endTime = intParam('endTime', q.endTime);
  const limit = intParam('limit', q.limit, { default: 500, min: 1, max: 1000 })!;
  const rows = account.trades.filter(
    (t) =>
      t.symbol === symbol &&
      (orderId === undefined || t.orderId === orderId) &&
      (fromId === undefined || t.id >= fromId) &&
      (startTime === undefined || t.time >= startTime) &&
      (endTime === undefined || t.time <= endTime),
  );
  const fromStart = fromId !== undefined || startTime !== undefined;
  return (fromStart ? rows.slice(0, limit) : rows.slice(-limit)).map(myTradeJson);
}

function discountJson(account: SimAccount) {
  return {
    enabledForAccount: account.bnbBurn,
    enabledForSymbol: true,
    discountAsset: 'BNB',
    discount: '0.25000000',
  };
}

/** GET /api/v3/account/commission. */
export function commissionRatesJson(account: SimAccount, symbol: string, rates: CommissionRates) {
  const none = { maker: ZERO8, taker: ZERO8, buyer: ZERO8, seller: ZERO8 };
  return {
    symbol,
    standardCommission: { ...none, maker: rates.maker.toFixed(8), taker: rates.taker.toFixed(8) },
    specialCommission: none,
    taxCommission: none,
    discount: discountJson(account),
  };
}

/** POST /api/v3/order/test with computeCommissionRates=true. */
export function testOrderCommissionJson(account: SimAccount, rates: CommissionRates) {
  return {
    standardCommissionForOrder: { maker: rates.maker.toFixed(8), taker: rates.taker.toFixed(8) },
    specialCommissionForOrder: { maker: ZERO8, taker: ZERO8 },
    taxCommissionForOrder: { maker: ZERO8, taker: ZERO8 },
    discount: discountJson(account),
  };
}
