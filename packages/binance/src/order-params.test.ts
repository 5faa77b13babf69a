import { describe, expect, it } from 'vitest';
import { dec, type PlaceOrderRequest } from '@aurora/core';
import { buildOrderParams, InvalidOrderRequest, orderRefParams } from './order-params';

const base = {
  symbol: 'BTCUSDT',
  side: 'BUY',
  clientOrderId: '2f6c1d3e-8a4b-4c1e-9f00-0123456789ab',
} as const;

describe('buildOrderParams', () => {
  it('LIMIT GTC: every mandatory field, newClientOrderId and FULL responses', () => {
    expect(
      buildOrderParams({
        ...base,
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: dec('0.00100'),
        price: dec('65000.10'),
      }),
    ).toEqual({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.001',
      quoteOrderQty: undefined,
      price: '65000.1',
      stopPrice: undefined,
      newClientOrderId: base.clientOrderId,
      newOrderRespType: 'FULL',
    });
  });

  it('writes decimals in plain notation, never with an exponent', () => {
    const p = buildOrderParams({
      ...base,
      type: 'LIMIT',
      timeInForce: 'IOC',
      quantity: dec('1e-8'),
      price: dec('1e21'),
    });
    expect(p.quantity).toBe('0.00000001');
    expect(p.price).toBe('1000000000000000000000');
  });

  it('MARKET by quantity or by quoteOrderQty, never both', () => {
    expect(buildOrderParams({ ...base, type: 'MARKET', quoteOrderQty: dec('25') }).quoteOrderQty).toBe('25');
    expect(buildOrderParams({ ...base, type: 'MARKET', quantity: dec('0.5') }).quantity).toBe('0.5');
    expect(() =>
      buildOrderParams({ ...base, type: 'MARKET', quantity: dec(1), quoteOrderQty: dec(1) }),
    ).toThrow(InvalidOrderRequest);
    expect(() => buildOrderParams({ ...base, type: 'MARKET' })).toThrow(/exactly one/);
  });

  it('STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT need price, stopPrice and timeInForce', () => {
    const req: PlaceOrderRequest = {
      ...base,
      side: 'SELL',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      quantity: dec('1'),
      price: dec('99'),
      stopPrice: dec('100'),
    };
    expect(buildOrderParams(req).stopPrice).toBe('100');
    expect(buildOrderParams({ ...req, type: 'TAKE_PROFIT_LIMIT' }).type).toBe('TAKE_PROFIT_LIMIT');
    expect(() => buildOrderParams({ ...req, stopPrice: undefined })).toThrow(/stopPrice/);
    expect(() => buildOrderParams({ ...req, timeInForce: undefined })).toThrow(/timeInForce/);
  });

  it('LIMIT_MAKER takes price and quantity but no timeInForce', () => {
    const req: PlaceOrderRequest = { ...base, type: 'LIMIT_MAKER', quantity: dec('1'), price: dec('10') };
    expect(buildOrderParams(req).timeInForce).toBeUndefined();
    expect(() => buildOrderParams({ ...req, timeInForce: 'GTC' })).toThrow(/no timeInForce/);
  });

  it('refuses to send an order without a valid clientOrderId', () => {
    const req = { ...base, type: 'MARKET', quantity: dec(1) } as const;
    expect(() => buildOrderParams({ ...req, clientOrderId: '' })).toThrow(InvalidOrderRequest);
    expect(() => buildOrderParams({ ...req, clientOrderId: 'x'.repeat(37) })).toThrow(InvalidOrderRequest);
    expect(() => buildOrderParams({ ...req, clientOrderId: 'has space' })).toThrow(InvalidOrderRequest);
  });

  it('refuses zero or negative quantities and prices', () => {
    expect(() =>
      buildOrderParams({ ...base, type: 'LIMIT', timeInForce: 'GTC', quantity: dec(0), price: dec(1) }),
    ).toThrow(/positive quantity/);
    expect(() =>
      buildOrderParams({ ...base, type: 'LIMIT', timeInForce: 'GTC', quantity: dec(1), price: dec(-1) }),
    ).toThrow(/positive price/);
  });

  it('the refusal is a never-retried rejection', () => {
    let thrown: unknown = null;
    try {
      buildOrderParams({ ...base, type: 'MARKET' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InvalidOrderRequest);
    expect((thrown as InvalidOrderRequest).family).toBe('rejected');
  });
});

describe('orderRefParams', () => {
  it('queries by orderId or by origClientOrderId', () => {
    expect(orderRefParams({ symbol: 'BTCUSDT', orderId: '42' })).toEqual({
      symbol: 'BTCUSDT',
      orderId: '42',
    });
    expect(orderRefParams({ symbol: 'BTCUSDT', clientOrderId: 'abc' })).toEqual({
      symbol: 'BTCUSDT',
      origClientOrderId: 'abc',
    });
  });
});
