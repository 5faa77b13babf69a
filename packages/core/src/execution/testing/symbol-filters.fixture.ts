import type { SymbolFilters } from '../../money/symbol-filters';
import { dec } from '../../money/decimal';

/** BTCUSDT-like rules: tick 0.01, step 0.00001, min notional 5 USDT (applies to market orders). */
export function btcUsdtFilters(overrides: Partial<SymbolFilters> = {}): SymbolFilters {
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
    marketLotSize: { minQty: dec('0'), maxQty: dec('100'), stepSize: dec('0') },
    notional: {
      minNotional: dec('5'),
      applyMinToMarket: true,
      maxNotional: dec('9000000'),
      applyMaxToMarket: false,
      avgPriceMins: 5,
    },
    ...overrides,
  };
}
