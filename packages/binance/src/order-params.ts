import type { Decimal } from 'decimal.js';
import { ExchangeRejected, type OrderRef, type PlaceOrderRequest } from '@aurora/core';
import type { Params } from './signing';

/** An order request refused before sending: it would break an invariant or Binance's rules. */
export class InvalidOrderRequest extends ExchangeRejected {
  constructor(message: string) {
    super(message, null, null);
  }
}

/** Binance's long-standing clientOrderId rule; a UUID (36 chars) fits. */
const CLIENT_ORDER_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;

const positive = (d: Decimal | undefined): boolean => d !== undefined && d.isFinite() && d.gt(0);

/** Decimal → Binance decimal string: plain notation, never an exponent. */
const str = (d: Decimal | undefined): string | undefined => (d === undefined ? undefined : d.toFixed());

type Needs = { tif: boolean; price: boolean; stop: boolean };
const NEEDS: Record<PlaceOrderRequest['type'], Needs> = {
  LIMIT: { tif: true, price: true, stop: false },
  MARKET: { tif: false, price: false, stop: false },
  STOP_LOSS: { tif: false, price: false, stop: true },
  STOP_LOSS_LIMIT: { tif: true, price: true, stop: true },
  TAKE_PROFIT: { tif: false, price: false, stop: true },
  TAKE_PROFIT_LIMIT: { tif: true, price: true, stop: true },
  LIMIT_MAKER: { tif: false, price: true, stop: false },
};

export const checkClientOrderId = (id: string): void => {
  if (!CLIENT_ORDER_ID.test(id)) {
    throw new InvalidOrderRequest(`clientOrderId must match ${CLIENT_ORDER_ID.source}, got '${id}'`);
  }
};

/**
 * POST /api/v3/order parameters for a port request, with the mandatory-parameter rules of
 * rest-api.md (New order) checked here so a malformed order never costs request weight.
 * newClientOrderId is always sent: it is the idempotency key that makes a retry harmless.
 */
export const buildOrderParams = (req: PlaceOrderRequest): Params => {
  checkClientOrderId(req.clientOrderId);
  const needs = NEEDS[req.type];
  if (needs === undefined) throw new InvalidOrderRequest(`unsupported order type '${String(req.type)}'`);
  if (needs.tif && req.timeInForce === undefined)
    throw new InvalidOrderRequest(`${req.type} needs timeInForce`);
  if (!needs.tif && req.timeInForce !== undefined) {
    throw new InvalidOrderRequest(`${req.type} takes no timeInForce (Binance -1106)`);
  }
  if (needs.price && !positive(req.price))
    throw new InvalidOrderRequest(`${req.type} needs a positive price`);
  if (!needs.price && req.price !== undefined) throw new InvalidOrderRequest(`${req.type} takes no price`);
  if (needs.stop && !positive(req.stopPrice))
    throw new InvalidOrderRequest(`${req.type} needs a positive stopPrice`);
  if (!needs.stop && req.stopPrice !== undefined)
    throw new InvalidOrderRequest(`${req.type} takes no stopPrice`);

  if (req.type === 'MARKET') {
    const byQty = req.quantity !== undefined;
    const byQuote = req.quoteOrderQty !== undefined;
    if (byQty === byQuote)
      throw new InvalidOrderRequest('MARKET needs exactly one of quantity or quoteOrderQty');
    if (!positive(byQty ? req.quantity : req.quoteOrderQty)) {
      throw new InvalidOrderRequest('MARKET quantity/quoteOrderQty must be positive');
    }
  } else {
    if (!positive(req.quantity)) throw new InvalidOrderRequest(`${req.type} needs a positive quantity`);
    if (req.quoteOrderQty !== undefined) throw new InvalidOrderRequest(`${req.type} takes no quoteOrderQty`);
  }

  return {
    symbol: req.symbol,
    side: req.side,
    type: req.type,
    timeInForce: req.timeInForce,
    quantity: str(req.quantity),
    quoteOrderQty: str(req.quoteOrderQty),
    price: str(req.price),
    stopPrice: str(req.stopPrice),
    newClientOrderId: req.clientOrderId,
    newOrderRespType: 'FULL',
  };
};

/** orderId or origClientOrderId, as the query/cancel endpoints take them. */
export const orderRefParams = (ref: OrderRef): Params => {
  if ('orderId' in ref) return { symbol: ref.symbol, orderId: ref.orderId };
  checkClientOrderId(ref.clientOrderId);
  return { symbol: ref.symbol, origClientOrderId: ref.clientOrderId };
};
