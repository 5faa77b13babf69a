import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rejection } from '../testing/engine-harness';
import { DECIMAL_RANGE, validateNewOrder, type NewOrderParams } from './order-request';

const base: NewOrderParams = {
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  quantity: '1',
  price: '100',
};
const fails = (p: NewOrderParams) => rejection(() => validateNewOrder(p));

describe('new-order parameter rules', () => {
  it('requires symbol, side and type with Binance -1102 messages', () => {
    expect(fails({ ...base, symbol: undefined })).toEqual({
      code: -1102,
      msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.",
    });
    expect(fails({ ...base, side: undefined }).msg).toContain("'side'");
    expect(fails({ ...base, type: undefined }).msg).toContain("'type'");
  });

  it('refuses unknown enum values with their own codes', () => {
    expect(fails({ ...base, side: 'HOLD' })).toEqual({ code: -1117, msg: 'Invalid side.' });
    expect(fails({ ...base, type: 'OCO' })).toEqual({ code: -1116, msg: 'Invalid orderType.' });
    expect(fails({ ...base, timeInForce: 'GTD' })).toEqual({ code: -1115, msg: 'Invalid timeInForce.' });
    expect(fails({ ...base, newOrderRespType: 'ALL' }).code).toBe(-1100);
  });

  it('LIMIT needs timeInForce, quantity and price', () => {
    expect(fails({ ...base, timeInForce: undefined }).msg).toContain("'timeInForce'");
    expect(fails({ ...base, quantity: undefined }).msg).toContain("'quantity'");
    expect(fails({ ...base, price: undefined }).msg).toContain("'price'");
  });

  it('MARKET takes quantity or quoteOrderQty, never both, and no price or timeInForce', () => {
    const m: NewOrderParams = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET' };
    expect(fails(m)).toEqual({
      code: -1102,
      msg: "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!",
    });
    expect(fails({ ...m, quantity: '1', quoteOrderQty: '10' })).toEqual({
      code: -1106,
      msg: "Parameter 'quoteOrderQty' sent when not required.",
    });
    expect(fails({ ...m, quantity: '1', price: '10' })).toEqual({
      code: -1106,
      msg: "Parameter 'price' sent when not required.",
    });
    expect(fails({ ...m, quantity: '1', timeInForce: 'GTC' })).toEqual({
      code: -1114,
      msg: 'TimeInForce parameter sent when not required.',
    });
  });

  it('stop types need stopPrice; other types must not carry one', () => {
    expect(fails({ ...base, type: 'STOP_LOSS_LIMIT' }).msg).toContain("'stopPrice'");
    expect(fails({ ...base, stopPrice: '90' })).toEqual({
      code: -1106,
      msg: "Parameter 'stopPrice' sent when not required.",
    });
  });

  it('refuses features the simulated symbols do not offer, as Binance words it', () => {
    expect(fails({ ...base, icebergQty: '0.1' })).toEqual({
      code: -2010,
      msg: 'Iceberg orders are not supported for this symbol.',
    });
    expect(fails({ ...base, trailingDelta: '100' }).msg).toBe(
      'Trailing stop orders are not supported for this symbol.',
    );
    expect(fails({ ...base, strategyType: '5' })).toEqual({
      code: -1134,
      msg: '`strategyType` was less than 1000000.',
    });
  });

  it('checks newClientOrderId format and emptiness', () => {
    expect(fails({ ...base, newClientOrderId: '' })).toEqual({
      code: -1118,
      msg: 'New client order ID was empty.',
    });
    expect(fails({ ...base, newClientOrderId: 'has space' }).code).toBe(-1100);
    expect(fails({ ...base, newClientOrderId: 'x'.repeat(37) }).code).toBe(-1100);
    expect(validateNewOrder({ ...base, newClientOrderId: 'intent_01:a/b.c-d' }).clientOrderId).toBe(
      'intent_01:a/b.c-d',
    );
  });

  it('defaults the response type to FULL for MARKET and LIMIT, ACK otherwise', () => {
    expect(validateNewOrder(base).respType).toBe('FULL');
    expect(validateNewOrder({ symbol: 'X', side: 'SELL', type: 'MARKET', quantity: '1' }).respType).toBe(
      'FULL',
    );
    expect(validateNewOrder({ ...base, type: 'LIMIT_MAKER', timeInForce: undefined }).respType).toBe('ACK');
    expect(validateNewOrder({ ...base, type: 'STOP_LOSS_LIMIT', stopPrice: '90' }).respType).toBe('ACK');
  });

  it('parses every well-formed decimal exactly and refuses anything else with -1100', () => {
    const digits = fc.stringMatching(/^[0-9]{1,20}$/);
    fc.assert(
      fc.property(digits, fc.option(digits, { nil: undefined }), (int, frac) => {
        const q = frac === undefined ? int : `${int}.${frac}`;
        expect(validateNewOrder({ ...base, quantity: q }).quantity!.eq(q)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !new RegExp(DECIMAL_RANGE).test(s)),
        (bad) => {
          expect(fails({ ...base, quantity: bad })).toEqual({
            code: -1100,
            msg: `Illegal characters found in parameter 'quantity'; legal range is '${DECIMAL_RANGE}'.`,
          });
        },
      ),
    );
  });
});
