import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import { entryOrderKind, shapeOrder, type OrderDraft } from './order-shaping';
import { btcUsdtFilters } from './testing/symbol-filters.fixture';

const draft = (o: Partial<OrderDraft> = {}): OrderDraft => ({
  side: 'BUY',
  kind: { type: 'LIMIT', timeInForce: 'GTC' },
  quantity: dec('0.0123456'),
  price: dec('50000.019'),
  stopPrice: null,
  referencePrice: dec('50000'),
  ...o,
});

describe('entryOrderKind', () => {
  it('maps the configured entry type and the TCA override', () => {
    expect(entryOrderKind('LIMIT', false)).toEqual({ type: 'LIMIT', timeInForce: 'GTC' });
    expect(entryOrderKind('MARKET', false)).toEqual({ type: 'MARKET', timeInForce: null });
    expect(entryOrderKind('MARKET', true)).toEqual({ type: 'LIMIT', timeInForce: 'GTC' });
    expect(entryOrderKind('LIMIT_IOC', true)).toEqual({ type: 'LIMIT', timeInForce: 'IOC' });
  });
});

describe('shapeOrder', () => {
  it('floors the quantity to the step and rounds a buy price down to the tick', () => {
    const out = shapeOrder(draft(), btcUsdtFilters());
    expect(out.ok && [out.order.quantity.toFixed(), out.order.price?.toFixed()]).toEqual([
      '0.01234',
      '50000.01',
    ]);
  });

  it('rounds a sell price up to the tick', () => {
    const out = shapeOrder(draft({ side: 'SELL' }), btcUsdtFilters());
    expect(out.ok && out.order.price?.toFixed()).toBe('50000.02');
  });

  it('drops the price of a MARKET order', () => {
    const out = shapeOrder(draft({ kind: { type: 'MARKET', timeInForce: null } }), btcUsdtFilters());
    expect(out.ok && out.order.price).toBeNull();
  });

  it('blocks an order type the symbol does not accept', () => {
    const out = shapeOrder(draft(), btcUsdtFilters({ orderTypes: ['MARKET'] }));
    expect(!out.ok && out.outcome).toMatchObject({ kind: 'BLOCKED', code: 'ORDER_TYPE_NOT_SUPPORTED' });
  });

  it('checks the notional of a MARKET order at the reference price, and skips it without one', () => {
    const small = { kind: { type: 'MARKET' as const, timeInForce: null }, quantity: dec('0.00009') };
    const checked = shapeOrder(draft(small), btcUsdtFilters());
    expect(!checked.ok && checked.outcome).toMatchObject({
      code: 'FILTER_FAILURE',
      message: 'Filter failure: NOTIONAL',
    });
    expect(shapeOrder(draft({ ...small, referencePrice: null }), btcUsdtFilters()).ok).toBe(true);
  });
});
