import type { Decimal } from 'decimal.js';

/**
 * A symbol's trading rules from exchangeInfo, parsed to Decimal. A zero in a bound disables it,
 * as Binance documents. Filters a symbol does not declare are absent (undefined).
 */
export interface SymbolFilters {
  symbol: string;
  status: string; // TRADING, HALT, BREAK …
  baseAsset: string;
  quoteAsset: string;
  baseAssetPrecision: number;
  quoteAssetPrecision: number;
  orderTypes: string[];
  priceFilter?: { minPrice: Decimal; maxPrice: Decimal; tickSize: Decimal };
  lotSize?: { minQty: Decimal; maxQty: Decimal; stepSize: Decimal };
  marketLotSize?: { minQty: Decimal; maxQty: Decimal; stepSize: Decimal };
  /** Legacy MIN_NOTIONAL filter. */
  minNotional?: { minNotional: Decimal; applyToMarket: boolean; avgPriceMins: number };
  notional?: {
    minNotional: Decimal;
    applyMinToMarket: boolean;
    maxNotional: Decimal;
    applyMaxToMarket: boolean;
    avgPriceMins: number;
  };
  percentPriceBySide?: {
    bidMultiplierUp: Decimal;
    bidMultiplierDown: Decimal;
    askMultiplierUp: Decimal;
    askMultiplierDown: Decimal;
    avgPriceMins: number;
  };
  maxNumOrders?: { maxNumOrders: number };
  maxNumAlgoOrders?: { maxNumAlgoOrders: number };
}
