import { Dec } from '@aurora/core';
import { ApiErrors } from '../errors';
import { hasLimitPrice, isStopType } from './order';
import type { NewOrderRespType, OrderSide, OrderType, TimeInForce } from './order';

/** A new-order request as Binance receives it: every value a string, most optional. */
export interface NewOrderParams {
  symbol?: string;
  side?: string;
  type?: string;
  timeInForce?: string;
  quantity?: string;
  quoteOrderQty?: string;
  price?: string;
  stopPrice?: string;
  newClientOrderId?: string;
  newOrderRespType?: string;
  strategyId?: string;
  strategyType?: string;
  icebergQty?: string;
  trailingDelta?: string;
  selfTradePreventionMode?: string;
  pegPriceType?: string;
  pegOffsetValue?: string;
  pegOffsetType?: string;
}

export const NEW_ORDER_PARAM_NAMES: readonly (keyof NewOrderParams)[] = [
  'symbol',
  'side',
  'type',
  'timeInForce',
  'quantity',
  'quoteOrderQty',
  'price',
  'stopPrice',
  'newClientOrderId',
  'newOrderRespType',
  'strategyId',
  'strategyType',
  'icebergQty',
  'trailingDelta',
  'selfTradePreventionMode',
  'pegPriceType',
  'pegOffsetValue',
  'pegOffsetType',
];

/** The request after Binance's parameter rules: typed, decimals parsed. */
export interface ValidatedOrder {
  symbol: string;
  side: OrderSide;
  type: OrderType;
  timeInForce: TimeInForce;
  quantity: Dec | null;
  quoteOrderQty: Dec | null;
  price: Dec | null;
  stopPrice: Dec | null;
  clientOrderId: string | null;
  respType: NewOrderRespType;
  strategyId: number | null;
  strategyType: number | null;
}

export const DECIMAL_RANGE = '^([0-9]{1,20})(\\.[0-9]{1,20})?$';
const DECIMAL_RE = new RegExp(DECIMAL_RANGE);
export const CLIENT_ORDER_ID_RANGE = '^[\\.A-Z\\:/a-z0-9_-]{1,36}$';
const CLIENT_ORDER_ID_RE = new RegExp(CLIENT_ORDER_ID_RANGE);
const SIDES = new Set(['BUY', 'SELL']);
const TYPES = new Set([
  'LIMIT',
  'LIMIT_MAKER',
  'MARKET',
  'STOP_LOSS',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT',
  'TAKE_PROFIT_LIMIT',
]);
const TIFS = new Set(['GTC', 'IOC', 'FOK']);
const RESP_TYPES = new Set(['ACK', 'RESULT', 'FULL']);

export function parseDecimalParam(name: string, value: string): Dec {
  if (!DECIMAL_RE.test(value)) throw ApiErrors.illegalChars(name, DECIMAL_RANGE);
  return new Dec(value);
}

export function parseClientOrderId(name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (value === '')
    throw name === 'newClientOrderId' ? ApiErrors.emptyNewClientOrderId() : ApiErrors.mandatory(name);
  if (!CLIENT_ORDER_ID_RE.test(value)) throw ApiErrors.illegalChars(name, CLIENT_ORDER_ID_RANGE);
  return value;
}

function parseInteger(name: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^-?[0-9]{1,18}$/.test(value)) throw ApiErrors.illegalChars(name, '^-?[0-9]{1,18}$');
  return Number(value);
}

/**
 * Applies Binance's per-type parameter rules: what each order type requires, what it must not
 * carry, and the formats of every value. Market conditions (filters, balances) come later.
 */
export function validateNewOrder(p: NewOrderParams): ValidatedOrder {
  if (!p.symbol) throw ApiErrors.mandatory('symbol');
  if (!p.side) throw ApiErrors.mandatory('side');
  if (!p.type) throw ApiErrors.mandatory('type');
  if (!SIDES.has(p.side)) throw ApiErrors.invalidSide();
  if (!TYPES.has(p.type)) throw ApiErrors.invalidOrderType();
  const type = p.type as OrderType;

  if (p.icebergQty !== undefined)
    throw ApiErrors.newOrderRejected('Iceberg orders are not supported for this symbol.');
  if (p.trailingDelta !== undefined)
    throw ApiErrors.newOrderRejected('Trailing stop orders are not supported for this symbol.');
  if (p.pegPriceType !== undefined || p.pegOffsetType !== undefined || p.pegOffsetValue !== undefined) {
    throw ApiErrors.newOrderRejected('Pegged orders are not supported for this symbol.');
  }
  if (p.selfTradePreventionMode !== undefined && p.selfTradePreventionMode !== 'NONE') {
    throw ApiErrors.invalidParam('selfTradePreventionMode');
  }

  const needsTif = type === 'LIMIT' || type === 'STOP_LOSS_LIMIT' || type === 'TAKE_PROFIT_LIMIT';
  if (needsTif && !p.timeInForce) throw ApiErrors.mandatory('timeInForce');
  if (!needsTif && p.timeInForce !== undefined) throw ApiErrors.tifNotRequired();
  if (p.timeInForce !== undefined && !TIFS.has(p.timeInForce)) throw ApiErrors.invalidTif();

  if (type === 'MARKET') {
    if (p.quantity === undefined && p.quoteOrderQty === undefined)
      throw ApiErrors.eitherMandatory('quantity', 'quoteOrderQty');
    if (p.quantity !== undefined && p.quoteOrderQty !== undefined)
      throw ApiErrors.notRequired('quoteOrderQty');
  } else {
    if (p.quantity === undefined) throw ApiErrors.mandatory('quantity');
    if (p.quoteOrderQty !== undefined) throw ApiErrors.notRequired('quoteOrderQty');
  }
  if (hasLimitPrice(type) && p.price === undefined) throw ApiErrors.mandatory('price');
  if (!hasLimitPrice(type) && p.price !== undefined) throw ApiErrors.notRequired('price');
  if (isStopType(type) && p.stopPrice === undefined) throw ApiErrors.mandatory('stopPrice');
  if (!isStopType(type) && p.stopPrice !== undefined) throw ApiErrors.notRequired('stopPrice');

  if (p.newOrderRespType !== undefined && !RESP_TYPES.has(p.newOrderRespType)) {
    throw ApiErrors.illegalChars('newOrderRespType', 'ACK, RESULT, FULL');
  }
  const strategyType = parseInteger('strategyType', p.strategyType);
  if (strategyType !== null && strategyType < 1_000_000) throw ApiErrors.strategyTypeTooLow();

  return {
    symbol: p.symbol,
    side: p.side as OrderSide,
    type,
    timeInForce: (p.timeInForce as TimeInForce | undefined) ?? 'GTC',
    quantity: p.quantity === undefined ? null : parseDecimalParam('quantity', p.quantity),
    quoteOrderQty: p.quoteOrderQty === undefined ? null : parseDecimalParam('quoteOrderQty', p.quoteOrderQty),
    price: p.price === undefined ? null : parseDecimalParam('price', p.price),
    stopPrice: p.stopPrice === undefined ? null : parseDecimalParam('stopPrice', p.stopPrice),
    clientOrderId: parseClientOrderId('newClientOrderId', p.newClientOrderId),
    respType:
      (p.newOrderRespType as NewOrderRespType | undefined) ??
      (type === 'MARKET' || type === 'LIMIT' ? 'FULL' : 'ACK'),
    strategyId: parseInteger('strategyId', p.strategyId),
    strategyType,
  };
}
