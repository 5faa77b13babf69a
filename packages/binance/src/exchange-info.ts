import type { z } from 'zod';
import { Dec, type SymbolFilters } from '@aurora/core';
import { silentLogger, type Logger } from './errors';
import type { RateLimitRule } from './rate-limiter';
import {
  LotSizeSchema,
  MaxNumAlgoOrdersSchema,
  MaxNumOrdersSchema,
  MinNotionalSchema,
  NotionalSchema,
  PercentPriceBySideSchema,
  PriceFilterSchema,
  RateLimitRuleSchema,
  type ExchangeInfoSchema,
  type SymbolInfoJson,
} from './rest-schemas';
import { realIntervalScheduler, type IntervalScheduler } from './time-sync';

export interface ExchangeInfo {
  serverTime: number;
  rateLimits: RateLimitRule[];
  symbols: SymbolFilters[];
  /** Symbols left out because a filter did not parse: untradeable rather than traded on bad rules. */
  rejectedSymbols: { symbol: string; reason: string }[];
}

/** A filter Binance declares but whose fields do not match filters.md: refuse the symbol. */
export class MalformedFilter extends Error {
  constructor(
    readonly symbol: string,
    readonly filterType: string,
  ) {
    super(`${symbol}: ${filterType} filter does not match Binance's documented shape`);
    this.name = 'MalformedFilter';
  }
}

const parseFilter = <S extends z.ZodType>(
  symbol: string,
  f: { filterType: string },
  schema: S,
): z.infer<S> => {
  const r = schema.safeParse(f);
  if (!r.success) throw new MalformedFilter(symbol, f.filterType);
  return r.data;
};

/** One exchangeInfo symbol → SymbolFilters. Filters we do not use are skipped, not rejected. */
export const symbolFiltersFromJson = (s: SymbolInfoJson): SymbolFilters => {
  const out: SymbolFilters = {
    symbol: s.symbol,
    status: s.status,
    baseAsset: s.baseAsset,
    quoteAsset: s.quoteAsset,
    baseAssetPrecision: s.baseAssetPrecision,
    quoteAssetPrecision: s.quoteAssetPrecision,
    orderTypes: [...s.orderTypes],
  };
  for (const f of s.filters) {
    switch (f.filterType) {
      case 'PRICE_FILTER': {
        const p = parseFilter(s.symbol, f, PriceFilterSchema);
        out.priceFilter = {
          minPrice: new Dec(p.minPrice),
          maxPrice: new Dec(p.maxPrice),
          tickSize: new Dec(p.tickSize),
        };
        break;
      }
      case 'LOT_SIZE':
      case 'MARKET_LOT_SIZE': {
        const l = parseFilter(s.symbol, f, LotSizeSchema);
        const lot = { minQty: new Dec(l.minQty), maxQty: new Dec(l.maxQty), stepSize: new Dec(l.stepSize) };
        if (f.filterType === 'LOT_SIZE') out.lotSize = lot;
        else out.marketLotSize = lot;
        break;
      }
      case 'MIN_NOTIONAL': {
        const m = parseFilter(s.symbol, f, MinNotionalSchema);
        out.minNotional = {
          minNotional: new Dec(m.minNotional),
          applyToMarket: m.applyToMarket,
          avgPriceMins: m.avgPriceMins,
        };
        break;
      }
      case 'NOTIONAL': {
        const n = parseFilter(s.symbol, f, NotionalSchema);
        out.notional = {
          minNotional: new Dec(n.minNotional),
          applyMinToMarket: n.applyMinToMarket,
          maxNotional: new Dec(n.maxNotional),
          applyMaxToMarket: n.applyMaxToMarket,
          avgPriceMins: n.avgPriceMins,
        };
        break;
      }
      case 'PERCENT_PRICE_BY_SIDE': {
        const p = parseFilter(s.symbol, f, PercentPriceBySideSchema);
        out.percentPriceBySide = {
          bidMultiplierUp: new Dec(p.bidMultiplierUp),
          bidMultiplierDown: new Dec(p.bidMultiplierDown),
          askMultiplierUp: new Dec(p.askMultiplierUp),
          askMultiplierDown: new Dec(p.askMultiplierDown),
          avgPriceMins: p.avgPriceMins,
        };
        break;
      }
      case 'MAX_NUM_ORDERS':
        out.maxNumOrders = { maxNumOrders: parseFilter(s.symbol, f, MaxNumOrdersSchema).maxNumOrders };
        break;
      case 'MAX_NUM_ALGO_ORDERS':
        out.maxNumAlgoOrders = {
          maxNumAlgoOrders: parseFilter(s.symbol, f, MaxNumAlgoOrdersSchema).maxNumAlgoOrders,
        };
        break;
      default:
        break;
    }
  }
  return out;
};

/** A validated exchangeInfo body → ExchangeInfo. Rate-limit entries of unknown shape are dropped. */
export const exchangeInfoFromJson = (json: z.infer<typeof ExchangeInfoSchema>): ExchangeInfo => {
  const rateLimits: RateLimitRule[] = [];
  for (const r of json.rateLimits) {
    const parsed = RateLimitRuleSchema.safeParse(r);
    if (parsed.success) rateLimits.push(parsed.data);
  }
  const symbols: SymbolFilters[] = [];
  const rejectedSymbols: ExchangeInfo['rejectedSymbols'] = [];
  for (const s of json.symbols) {
    try {
      symbols.push(symbolFiltersFromJson(s));
    } catch (err) {
      if (!(err instanceof MalformedFilter)) throw err;
      rejectedSymbols.push({ symbol: s.symbol, reason: err.message });
    }
  }
  return { serverTime: json.serverTime, rateLimits, symbols, rejectedSymbols };
};

export interface ExchangeInfoCacheOptions {
  load: () => Promise<ExchangeInfo>;
  now?: () => number;
  scheduler?: IntervalScheduler;
  /** Default 24 h. */
  refreshMs?: number;
  logger?: Logger;
  /** Called after every successful load (e.g. to hand rateLimits to the RateLimiter). */
  onLoaded?: (info: ExchangeInfo) => void;
}

/**
 * The trading rules, loaded at start and refreshed every 24 h. A failed refresh keeps the
 * previous rules (they rarely change) and is logged; callers see the age via loadedAt.
 */
export class ExchangeInfoCache {
  private readonly bySymbol = new Map<string, SymbolFilters>();
  private limits: RateLimitRule[] = [];
  private loaded: number | null = null;
  private cancel: (() => void) | null = null;
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(private readonly opts: ExchangeInfoCacheOptions) {
    this.now = opts.now ?? Date.now;
    this.log = opts.logger ?? silentLogger;
  }

  async start(): Promise<void> {
    await this.refresh();
    if (this.cancel === null) {
      const schedule = this.opts.scheduler ?? realIntervalScheduler;
      this.cancel = schedule(() => {
        this.refresh().catch((err: unknown) =>
          this.log.warn(
            { err: err instanceof Error ? err.message : String(err) },
            'binance: exchangeInfo refresh failed',
          ),
        );
      }, this.opts.refreshMs ?? 86_400_000);
    }
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  async refresh(): Promise<ExchangeInfo> {
    const info = await this.opts.load();
    this.bySymbol.clear();
    for (const s of info.symbols) this.bySymbol.set(s.symbol, s);
    this.limits = info.rateLimits;
    this.loaded = this.now();
    for (const r of info.rejectedSymbols)
      this.log.warn(
        { symbol: r.symbol, reason: r.reason },
        'binance: symbol rules unreadable, symbol left out',
      );
    this.opts.onLoaded?.(info);
    return info;
  }

  get(symbol: string): SymbolFilters | undefined {
    return this.bySymbol.get(symbol);
  }

  all(): SymbolFilters[] {
    return [...this.bySymbol.values()];
  }

  get rateLimits(): readonly RateLimitRule[] {
    return this.limits;
  }

  get loadedAt(): number | null {
    return this.loaded;
  }
}
