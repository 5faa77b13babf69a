import { dec } from './decimal';
import type { SymbolFilters } from './symbol-filters';

/** BTCUSDT-like rules as Binance publishes them (values from a real exchangeInfo shape). */
export function btcusdtFilters(overrides: Partial<SymbolFilters> = {}): SymbolFilters {
  return {
    symbol: 'BTCUSDT',
    status: 'TRADING',
    baseAsset: 'BTC',
    quoteAsset: 'USDT',
    baseAssetPrecision: 8,
    quoteAssetPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
    priceFilter: { minPrice: dec('0.01'), maxPrice: dec('1000000'), tickSize: dec('0.01') },
    lotSize: { minQty: dec('0.00001'), maxQty: dec('9000'), stepSize: dec('0.00001') },
    marketLotSize: { minQty: dec('0'), maxQty: dec('83.5'), stepSize: dec('0') },
    notional: {
      minNotional: dec('5'),
      applyMinToMarket: true,
      maxNotional: dec('9000000'),
      applyMaxToMarket: false,
      avgPriceMins: 5,
    },
    percentPriceBySide: {
      bidMultiplierUp: dec('5'),
      bidMultiplierDown: dec('0.2'),
      askMultiplierUp: dec('5'),
      askMultiplierDown: dec('0.2'),
      avgPriceMins: 5,
    },
    maxNumOrders: { maxNumOrders: 200 },
    ...overrides,
  };
}
