import { describe, expect, it } from 'vitest';
import { dec } from './decimal';
import {
  adjustPrice,
  adjustQuantity,
  checkMinNotional,
  InvalidFilterInput,
  minQuantityFor,
  validateOrder,
} from './filters';
import { btcusdtFilters } from './filters.fixture';

const f = btcusdtFilters();
const names = (fs: { filter: string }[]): string[] => fs.map((x) => x.filter);

describe('adjustQuantity', () => {
  it('floors to the step size, never rounding up', () => {
    expect(adjustQuantity(dec('0.123456789'), f).toString()).toBe('0.12345');
    expect(adjustQuantity(dec('0.000019999'), f).toString()).toBe('0.00001');
  });

  it('returns zero when the floored quantity is below minQty', () => {
    expect(adjustQuantity(dec('0.000009'), f).isZero()).toBe(true);
  });

  it('returns zero for zero, negative and NaN quantities', () => {
    expect(adjustQuantity(dec(0), f).isZero()).toBe(true);
    expect(adjustQuantity(dec('-1'), f).isZero()).toBe(true);
    expect(adjustQuantity(dec(NaN), f).isZero()).toBe(true);
  });

  it('clamps to maxQty, and for market orders to MARKET_LOT_SIZE maxQty as well', () => {
    expect(adjustQuantity(dec('12000'), f).toString()).toBe('9000');
    expect(adjustQuantity(dec('100'), f, { market: true }).toString()).toBe('83.5');
    expect(adjustQuantity(dec('100'), f).toString()).toBe('100');
  });

  it('uses the MARKET_LOT_SIZE step for market orders when it is non-zero', () => {
    const g = btcusdtFilters({
      marketLotSize: { minQty: dec('0.001'), maxQty: dec('50'), stepSize: dec('0.001') },
    });
    expect(adjustQuantity(dec('0.12345'), g, { market: true }).toString()).toBe('0.123');
    expect(adjustQuantity(dec('0.12345'), g).toString()).toBe('0.12345');
    expect(adjustQuantity(dec('0.0009'), g, { market: true }).isZero()).toBe(true);
  });

  it('lands on a value aligned with both grids when the steps differ', () => {
    const g = btcusdtFilters({
      lotSize: { minQty: dec('0'), maxQty: dec('0'), stepSize: dec('0.04') },
      marketLotSize: { minQty: dec('0'), maxQty: dec('0'), stepSize: dec('0.06') },
    });
    expect(adjustQuantity(dec('0.25'), g, { market: true }).toString()).toBe('0.24');
  });

  it('treats zero maxQty and a missing LOT_SIZE as no bound', () => {
    const g = btcusdtFilters({ lotSize: { minQty: dec('0'), maxQty: dec('0'), stepSize: dec('0.1') } });
    expect(adjustQuantity(dec('123456.78'), g).toString()).toBe('123456.7');
    const h = btcusdtFilters({ lotSize: undefined });
    expect(adjustQuantity(dec('1.23456789123'), h).toString()).toBe('1.23456789123');
  });

  it('produces no float artefacts', () => {
    const g = btcusdtFilters({ lotSize: { minQty: dec('0.1'), maxQty: dec('100'), stepSize: dec('0.1') } });
    expect(adjustQuantity(dec('0.1').plus(dec('0.2')), g).toString()).toBe('0.3');
  });
});

describe('adjustPrice', () => {
  it('rounds a BUY down and a SELL up to the tick', () => {
    expect(adjustPrice(dec('65000.129'), f, 'BUY').toString()).toBe('65000.12');
    expect(adjustPrice(dec('65000.121'), f, 'SELL').toString()).toBe('65000.13');
    expect(adjustPrice(dec('65000.12'), f, 'SELL').toString()).toBe('65000.12');
  });

  it('clamps into [minPrice, maxPrice] on the tick grid', () => {
    expect(adjustPrice(dec('0.001'), f, 'BUY').toString()).toBe('0.01');
    expect(adjustPrice(dec('2000000'), f, 'SELL').toString()).toBe('1000000');
    const g = btcusdtFilters({
      priceFilter: { minPrice: dec('0.015'), maxPrice: dec('9.995'), tickSize: dec('0.01') },
    });
    expect(adjustPrice(dec('0.011'), g, 'BUY').toString()).toBe('0.02');
    expect(adjustPrice(dec('50'), g, 'SELL').toString()).toBe('9.99');
  });

  it('leaves bounds of zero disabled', () => {
    const g = btcusdtFilters({
      priceFilter: { minPrice: dec('0'), maxPrice: dec('0'), tickSize: dec('0.5') },
    });
    expect(adjustPrice(dec('98765432.3'), g, 'BUY').toString()).toBe('98765432');
  });

  it('rejects a non-positive price with a typed error', () => {
    expect(() => adjustPrice(dec('0'), f, 'BUY')).toThrow(InvalidFilterInput);
    expect(() => adjustPrice(dec('-3'), f, 'SELL')).toThrow(InvalidFilterInput);
  });
});

describe('checkMinNotional', () => {
  it('compares price × quantity with NOTIONAL minNotional', () => {
    expect(checkMinNotional(dec('50000'), dec('0.0001'), f)).toBe(true); // 5 exactly
    expect(checkMinNotional(dec('49999.99'), dec('0.0001'), f)).toBe(false);
  });

  it('skips market orders when applyMinToMarket is false', () => {
    const g = btcusdtFilters({
      notional: { ...f.notional!, applyMinToMarket: false },
    });
    expect(checkMinNotional(dec('1'), dec('1'), g, { market: true })).toBe(true);
    expect(checkMinNotional(dec('1'), dec('1'), g)).toBe(false);
  });

  it('honours the legacy MIN_NOTIONAL filter and its applyToMarket flag', () => {
    const g = btcusdtFilters({
      notional: undefined,
      minNotional: { minNotional: dec('10'), applyToMarket: false, avgPriceMins: 5 },
    });
    expect(checkMinNotional(dec('9'), dec('1'), g)).toBe(false);
    expect(checkMinNotional(dec('9'), dec('1'), g, { market: true })).toBe(true);
    expect(checkMinNotional(dec('10'), dec('1'), g)).toBe(true);
  });
});

describe('validateOrder', () => {
  it('accepts a well-formed LIMIT order', () => {
    const fs = validateOrder(
      {
        side: 'BUY',
        type: 'LIMIT',
        quantity: dec('0.001'),
        price: dec('65000.01'),
        referencePrice: dec('65000'),
      },
      f,
    );
    expect(fs).toEqual([]);
  });

  it('names every failing filter in Binance words', () => {
    const fs = validateOrder(
      {
        side: 'BUY',
        type: 'LIMIT',
        quantity: dec('0.0000012'),
        price: dec('400000.005'),
        referencePrice: dec('65000'),
        openOrders: 200,
      },
      f,
    );
    expect(fs).toEqual([
      { filter: 'PRICE_FILTER', message: 'Filter failure: PRICE_FILTER' },
      { filter: 'PERCENT_PRICE_BY_SIDE', message: 'Filter failure: PERCENT_PRICE_BY_SIDE' },
      { filter: 'LOT_SIZE', message: 'Filter failure: LOT_SIZE' },
      { filter: 'NOTIONAL', message: 'Filter failure: NOTIONAL' },
      { filter: 'MAX_NUM_ORDERS', message: 'Filter failure: MAX_NUM_ORDERS' },
    ]);
  });

  it('checks PRICE_FILTER on the stop price too', () => {
    const fs = validateOrder(
      {
        side: 'SELL',
        type: 'STOP_LOSS_LIMIT',
        quantity: dec('0.001'),
        price: dec('60000'),
        stopPrice: dec('60000.001'),
      },
      f,
    );
    expect(names(fs)).toEqual(['PRICE_FILTER']);
  });

  it('reports a missing required price as PRICE_FILTER and a zero quantity as LOT_SIZE', () => {
    expect(names(validateOrder({ side: 'BUY', type: 'LIMIT', quantity: dec('0.001') }, f))).toEqual([
      'PRICE_FILTER',
    ]);
    expect(
      names(validateOrder({ side: 'BUY', type: 'LIMIT', quantity: dec(0), price: dec('65000') }, f)),
    ).toEqual(['LOT_SIZE']);
  });

  it('applies MARKET_LOT_SIZE and the reference price to MARKET orders', () => {
    const fs = validateOrder(
      { side: 'BUY', type: 'MARKET', quantity: dec('90'), referencePrice: dec('65000') },
      f,
    );
    expect(names(fs)).toEqual(['MARKET_LOT_SIZE']);
    const tiny = validateOrder(
      { side: 'BUY', type: 'MARKET', quantity: dec('0.00001'), referencePrice: dec('65000') },
      f,
    );
    expect(names(tiny)).toEqual(['NOTIONAL']);
  });

  it('applies maxNotional to limit orders but not to market orders when applyMaxToMarket is false', () => {
    const g = btcusdtFilters({ notional: { ...f.notional!, maxNotional: dec('1000') } });
    const limit = validateOrder({ side: 'BUY', type: 'LIMIT', quantity: dec('1'), price: dec('65000') }, g);
    expect(names(limit)).toEqual(['NOTIONAL']);
    const market = validateOrder(
      { side: 'BUY', type: 'MARKET', quantity: dec('1'), referencePrice: dec('65000') },
      g,
    );
    expect(market).toEqual([]);
  });

  it('evaluates PERCENT_PRICE_BY_SIDE with the side-specific multipliers', () => {
    const g = btcusdtFilters({
      percentPriceBySide: {
        bidMultiplierUp: dec('1.1'),
        bidMultiplierDown: dec('0.9'),
        askMultiplierUp: dec('1.5'),
        askMultiplierDown: dec('0.95'),
        avgPriceMins: 5,
      },
    });
    const order = (side: 'BUY' | 'SELL', price: string) =>
      names(
        validateOrder(
          { side, type: 'LIMIT', quantity: dec('1'), price: dec(price), referencePrice: dec('100') },
          g,
        ),
      );
    expect(order('BUY', '110')).toEqual([]);
    expect(order('BUY', '110.01')).toEqual(['PERCENT_PRICE_BY_SIDE']);
    expect(order('SELL', '140')).toEqual([]);
    expect(order('SELL', '94.99')).toEqual(['PERCENT_PRICE_BY_SIDE']);
  });

  it('reports legacy MIN_NOTIONAL by its own name', () => {
    const g = btcusdtFilters({
      notional: undefined,
      minNotional: { minNotional: dec('10'), applyToMarket: true, avgPriceMins: 5 },
    });
    const fs = validateOrder(
      { side: 'SELL', type: 'LIMIT', quantity: dec('0.0001'), price: dec('65000') },
      g,
    );
    expect(names(fs)).toEqual(['MIN_NOTIONAL']);
  });
});

describe('minQuantityFor', () => {
  it('returns the smallest step-aligned quantity meeting the minimum notional', () => {
    const q = minQuantityFor(dec('65000'), f);
    expect(q.toString()).toBe('0.00008'); // 0.00007 × 65000 = 4.55 < 5; 0.00008 × 65000 = 5.2
    expect(checkMinNotional(dec('65000'), q, f)).toBe(true);
    expect(checkMinNotional(dec('65000'), q.minus(dec('0.00001')), f)).toBe(false);
  });

  it('returns minQty when it dominates the notional', () => {
    expect(minQuantityFor(dec('10000000'), f).toString()).toBe('0.00001');
  });

  it('rounds up to the base precision when there is no step', () => {
    const g = btcusdtFilters({ lotSize: undefined });
    expect(minQuantityFor(dec('3'), g).toString()).toBe('1.66666667');
  });

  it('rejects a non-positive price with a typed error', () => {
    expect(() => minQuantityFor(dec(0), f)).toThrow(InvalidFilterInput);
  });
});
