import type { SymbolSpec } from './symbol-catalog';

/** Binance's fixed-8 decimal rendering ("0.01000000"), used for every amount on the wire. */
export const fx8 = (value: { toFixed(dp: number): string }): string => value.toFixed(8);

export interface RateLimitSpec {
  rateLimitType: 'REQUEST_WEIGHT' | 'ORDERS' | 'RAW_REQUESTS';
  interval: 'SECOND' | 'MINUTE' | 'DAY';
  intervalNum: number;
  limit: number;
}

export const ORDER_TYPES = [
  'LIMIT',
  'LIMIT_MAKER',
  'MARKET',
  'STOP_LOSS',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT',
  'TAKE_PROFIT_LIMIT',
] as const;

/** One entry of exchangeInfo.symbols, shaped field by field like Binance's. */
/** A symbol's trading status (enums.md); only TRADING accepts new orders. */
export type SymbolStatus = 'TRADING' | 'HALT' | 'BREAK' | 'CANCEL_ONLY';
export const SYMBOL_STATUSES: readonly SymbolStatus[] = ['TRADING', 'HALT', 'BREAK', 'CANCEL_ONLY'];

export function symbolInfoJson(spec: SymbolSpec, status: SymbolStatus = 'TRADING'): Record<string, unknown> {
  return {
    symbol: spec.symbol,
    status,
    baseAsset: spec.baseAsset,
    baseAssetPrecision: 8,
    quoteAsset: spec.quoteAsset,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: [...ORDER_TYPES],
    icebergAllowed: false,
    ocoAllowed: false,
    otoAllowed: false,
    opoAllowed: false,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: false,
    cancelReplaceAllowed: false,
    amendAllowed: false,
    pegInstructionsAllowed: false,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      {
        filterType: 'PRICE_FILTER',
        minPrice: fx8(spec.minPrice),
        maxPrice: fx8(spec.maxPrice),
        tickSize: fx8(spec.tickSize),
      },
      {
        filterType: 'LOT_SIZE',
        minQty: fx8(spec.minQty),
        maxQty: fx8(spec.maxQty),
        stepSize: fx8(spec.stepSize),
      },
      {
        filterType: 'MARKET_LOT_SIZE',
        minQty: fx8(spec.marketMinQty),
        maxQty: fx8(spec.marketMaxQty),
        stepSize: fx8(spec.marketStepSize),
      },
      {
        filterType: 'NOTIONAL',
        minNotional: fx8(spec.minNotional),
        applyMinToMarket: true,
        maxNotional: fx8(spec.maxNotional),
        applyMaxToMarket: false,
        avgPriceMins: spec.avgPriceMins,
      },
      {
        filterType: 'PERCENT_PRICE_BY_SIDE',
        bidMultiplierUp: spec.percentUp.toFixed(),
        bidMultiplierDown: spec.percentDown.toFixed(),
        askMultiplierUp: spec.percentUp.toFixed(),
        askMultiplierDown: spec.percentDown.toFixed(),
        avgPriceMins: spec.avgPriceMins,
      },
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: spec.maxNumOrders },
      { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: spec.maxNumAlgoOrders },
    ],
    permissions: [],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: 'NONE',
    allowedSelfTradePreventionModes: ['NONE'],
  };
}

export function exchangeInfoJson(
  symbols: { spec: SymbolSpec; status: SymbolStatus }[],
  serverTime: number,
  rateLimits: RateLimitSpec[],
): Record<string, unknown> {
  return {
    timezone: 'UTC',
    serverTime,
    rateLimits,
    exchangeFilters: [],
    symbols: symbols.map((s) => symbolInfoJson(s.spec, s.status)),
  };
}
