import { z } from 'zod';
import { OrderStatus, OrderType, Side } from '@aurora/contracts';

/**
 * Binance REST payloads as documented in rest-api.md. Objects are non-strict: Binance adds
 * fields over time and an extra field must never break trading. Decimals stay strings here
 * and become Decimal in rest-mappers.ts.
 */

/** Binance decimal strings ("0.00100000"). Negative is legal: historical cummulativeQuoteQty < 0. */
export const DecStr = z.string().regex(/^-?\d+(\.\d+)?$/);
/** Prices, quantities, amounts and fees are never negative: a minus sign is a malformed payload. */
export const UDecStr = z
  .string()
  .max(64)
  .regex(/^\d+(\.\d+)?$/);
const Ms = z.number().int().nonnegative();
const Id = z.number().int();

export const ServerTimeSchema = z.object({ serverTime: Ms });

export const RateLimitRuleSchema = z.object({
  rateLimitType: z.enum(['REQUEST_WEIGHT', 'ORDERS', 'RAW_REQUESTS']),
  interval: z.enum(['SECOND', 'MINUTE', 'HOUR', 'DAY']),
  intervalNum: z.number().int().positive(),
  limit: z.number().int().nonnegative(),
});

export const PriceFilterSchema = z.object({ minPrice: DecStr, maxPrice: DecStr, tickSize: DecStr });
export const LotSizeSchema = z.object({ minQty: DecStr, maxQty: DecStr, stepSize: DecStr });
export const MinNotionalSchema = z.object({
  minNotional: DecStr,
  applyToMarket: z.boolean(),
  avgPriceMins: z.number().int().nonnegative(),
});
export const NotionalSchema = z.object({
  minNotional: DecStr,
  applyMinToMarket: z.boolean(),
  maxNotional: DecStr,
  applyMaxToMarket: z.boolean(),
  avgPriceMins: z.number().int().nonnegative(),
});
export const PercentPriceBySideSchema = z.object({
  bidMultiplierUp: DecStr,
  bidMultiplierDown: DecStr,
  askMultiplierUp: DecStr,
  askMultiplierDown: DecStr,
  avgPriceMins: z.number().int().nonnegative(),
});
export const MaxNumOrdersSchema = z.object({ maxNumOrders: z.number().int().nonnegative() });
export const MaxNumAlgoOrdersSchema = z.object({ maxNumAlgoOrders: z.number().int().nonnegative() });

/** Filters are checked one by one in exchange-info.ts so an unknown filterType is simply skipped. */
const AnyFilterSchema = z.looseObject({ filterType: z.string() });

export const SymbolInfoSchema = z.object({
  symbol: z.string().min(1),
  status: z.string(),
  baseAsset: z.string(),
  quoteAsset: z.string(),
  baseAssetPrecision: z.number().int().nonnegative(),
  quoteAssetPrecision: z.number().int().nonnegative(),
  orderTypes: z.array(z.string()),
  filters: z.array(AnyFilterSchema),
});

export const ExchangeInfoSchema = z.object({
  serverTime: Ms,
  rateLimits: z.array(z.looseObject({ rateLimitType: z.string() })),
  symbols: z.array(SymbolInfoSchema),
});

/** Fields shared by every order-shaped response (place, query, cancel, open orders …). */
const OrderCore = {
  symbol: z.string(),
  orderId: Id,
  clientOrderId: z.string(),
  price: DecStr,
  origQty: DecStr,
  executedQty: DecStr,
  cummulativeQuoteQty: DecStr,
  status: OrderStatus,
  timeInForce: z.string().nullable().optional(),
  type: OrderType,
  side: Side,
  stopPrice: DecStr.optional(),
};

/** GET /api/v3/order, GET /api/v3/openOrders, GET /api/v3/allOrders. */
export const QueriedOrderSchema = z.object({ ...OrderCore, time: Ms, updateTime: Ms });

export const FillSchema = z.object({
  price: DecStr,
  qty: DecStr,
  commission: DecStr,
  commissionAsset: z.string(),
  tradeId: Id,
});

/** POST /api/v3/order with newOrderRespType=FULL (RESULT has the same fields without fills). */
export const PlacedOrderSchema = z.object({
  ...OrderCore,
  transactTime: Ms,
  workingTime: z.number().int().optional(),
  fills: z.array(FillSchema).optional(),
});

/** DELETE /api/v3/order: clientOrderId is the cancel's own id, origClientOrderId the order's. */
export const CanceledOrderSchema = z.object({
  ...OrderCore,
  origClientOrderId: z.string(),
  transactTime: Ms,
});

/** DELETE /api/v3/openOrders returns plain cancels and, for order lists, their orderReports. */
export const CancelAllEntrySchema = z.union([
  z.object({ orderListId: Id, listClientOrderId: z.string(), orderReports: z.array(CanceledOrderSchema) }),
  CanceledOrderSchema,
]);

export const AccountSchema = z.object({
  canTrade: z.boolean(),
  updateTime: Ms,
  commissionRates: z.object({ maker: DecStr, taker: DecStr }).optional(),
  balances: z.array(z.object({ asset: z.string(), free: DecStr, locked: DecStr })),
});

export const MyTradeSchema = z.object({
  symbol: z.string(),
  id: Id,
  orderId: Id,
  price: DecStr,
  qty: DecStr,
  quoteQty: DecStr,
  commission: DecStr,
  commissionAsset: z.string(),
  time: Ms,
  isBuyer: z.boolean(),
  isMaker: z.boolean(),
});

/** [openTime, o, h, l, c, v, closeTime, quoteVolume, trades, takerBase, takerQuote, ignore] */
export const KlineRowSchema = z.tuple(
  [Ms, DecStr, DecStr, DecStr, DecStr, DecStr, Ms, DecStr, z.number().int()],
  z.unknown(),
);

export const BookTickerSchema = z.object({
  symbol: z.string(),
  bidPrice: DecStr,
  bidQty: DecStr,
  askPrice: DecStr,
  askQty: DecStr,
});

export const DepthSchema = z.object({
  lastUpdateId: Id,
  bids: z.array(z.tuple([DecStr, DecStr])),
  asks: z.array(z.tuple([DecStr, DecStr])),
});

export const ListenKeySchema = z.object({ listenKey: z.string().min(1) });

/** Binance's error body: {"code": -1121, "msg": "Invalid symbol."}. */
export const ErrorBodySchema = z.object({ code: z.number().int(), msg: z.string() });

export type QueriedOrderJson = z.infer<typeof QueriedOrderSchema>;
export type PlacedOrderJson = z.infer<typeof PlacedOrderSchema>;
export type CanceledOrderJson = z.infer<typeof CanceledOrderSchema>;
export type SymbolInfoJson = z.infer<typeof SymbolInfoSchema>;
