import { describe, expect, it } from 'vitest';
import { harness, rejection } from '../testing/engine-harness';
import type { NewOrderParams } from './order-request';

const limit = (over: Partial<NewOrderParams>): NewOrderParams => ({
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  quantity: '0.001',
  price: '50000.00',
  ...over,
});

describe('exchangeInfo filters reject with Binance -1013 messages', () => {
  const h = harness({ balances: { USDT: '1000000', BTC: '1000' } });
  const cases: [string, NewOrderParams][] = [
    ['PRICE_FILTER', limit({ price: '50000.005' })],
    ['PRICE_FILTER', limit({ price: '2000000' })],
    [
      'PRICE_FILTER',
      limit({ type: 'STOP_LOSS_LIMIT', stopPrice: '49000.001', price: '49000', side: 'SELL' }),
    ],
    ['PERCENT_PRICE_BY_SIDE', limit({ price: '10000' })],
    ['LOT_SIZE', limit({ quantity: '0.000015' })],
    ['LOT_SIZE', limit({ quantity: '0.000001' })],
    ['LOT_SIZE', limit({ quantity: '9000.1', price: '40000' })],
    ['MARKET_LOT_SIZE', { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '150' }],
    ['NOTIONAL', limit({ quantity: '0.00001' })],
    ['NOTIONAL', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '1' }],
  ];
  for (const [filter, params] of cases) {
    it(`${filter}: ${JSON.stringify(params)}`, () => {
      expect(rejection(() => h.ex.placeOrder(h.apiKey, params))).toEqual({
        code: -1013,
        msg: `Filter failure: ${filter}`,
      });
    });
  }

  it('MAX_NUM_ORDERS: the 201st open order on a symbol is refused', () => {
    const { ex, apiKey } = harness({ balances: { USDT: '100000' } });
    for (let i = 0; i < 200; i++) {
      ex.placeOrder(apiKey, limit({ quantity: '0.0002', price: (30000 + i).toFixed(2) }));
    }
    expect(rejection(() => ex.placeOrder(apiKey, limit({ quantity: '0.0002', price: '29000.00' })))).toEqual({
      code: -1013,
      msg: 'Filter failure: MAX_NUM_ORDERS',
    });
  });

  it('MAX_NUM_ALGO_ORDERS: a sixth open stop order on a symbol is refused', () => {
    const { ex, apiKey } = harness();
    const stop = (stopPrice: string) =>
      limit({ side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: '0.001', price: '40000.00', stopPrice });
    for (let i = 0; i < 5; i++) ex.placeOrder(apiKey, stop((45000 + i).toFixed(2)));
    expect(rejection(() => ex.placeOrder(apiKey, stop('44000.00')))).toEqual({
      code: -1013,
      msg: 'Filter failure: MAX_NUM_ALGO_ORDERS',
    });
  });

  it('accepts an order on every boundary: min qty, tick-aligned price, notional exactly at the minimum', () => {
    const { ex, apiKey } = harness();
    expect(ex.placeOrder(apiKey, limit({ quantity: '0.0001', price: '50000.00' }))).toMatchObject({
      status: 'NEW',
    });
    expect(ex.placeOrder(apiKey, limit({ quantity: '0.00011', price: '49999.99' }))).toMatchObject({
      status: 'NEW',
    });
    expect(rejection(() => ex.placeOrder(apiKey, limit({ quantity: '0.0001', price: '49999.99' })))).toEqual({
      code: -1013,
      msg: 'Filter failure: NOTIONAL',
    });
  });
});
