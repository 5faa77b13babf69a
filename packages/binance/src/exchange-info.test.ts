import { describe, expect, it } from 'vitest';
import { ExchangeInfoCache, exchangeInfoFromJson, type ExchangeInfo } from './exchange-info';
import { ExchangeInfoSchema } from './rest-schemas';
import fixture from './fixtures/exchange-info.json';
import type { IntervalScheduler } from './time-sync';

const parse = (json: unknown) => exchangeInfoFromJson(ExchangeInfoSchema.parse(json));

describe('exchangeInfoFromJson (rest-api.md + filters.md examples)', () => {
  const info = parse(fixture);
  const eth = info.symbols[0]!;

  it('parses symbol identity and order types', () => {
    expect([
      eth.symbol,
      eth.status,
      eth.baseAsset,
      eth.quoteAsset,
      eth.baseAssetPrecision,
      eth.quoteAssetPrecision,
    ]).toEqual(['ETHBTC', 'TRADING', 'ETH', 'BTC', 8, 8]);
    expect(eth.orderTypes).toContain('LIMIT_MAKER');
  });

  it('parses every filter we trade on into exact Decimals', () => {
    expect(eth.priceFilter!.tickSize.toFixed()).toBe('0.000001');
    expect(eth.priceFilter!.maxPrice.toFixed()).toBe('100000');
    expect(eth.lotSize!.stepSize.toFixed()).toBe('0.001');
    expect(eth.marketLotSize!.minQty.toFixed()).toBe('0.001');
    expect(eth.minNotional).toMatchObject({ applyToMarket: true, avgPriceMins: 5 });
    expect(eth.minNotional!.minNotional.toFixed()).toBe('0.001');
    expect(eth.notional).toMatchObject({ applyMinToMarket: false, applyMaxToMarket: false, avgPriceMins: 5 });
    expect(eth.notional!.maxNotional.toFixed()).toBe('10000');
    expect(eth.percentPriceBySide!.askMultiplierUp.toFixed()).toBe('5');
    expect(eth.percentPriceBySide!.bidMultiplierDown.toFixed()).toBe('0.2');
    expect(eth.maxNumOrders).toEqual({ maxNumOrders: 25 });
    expect(eth.maxNumAlgoOrders).toEqual({ maxNumAlgoOrders: 5 });
  });

  it('exposes the declared rate limits', () => {
    expect(info.rateLimits.map((r) => `${r.rateLimitType}/${r.intervalNum}${r.interval}=${r.limit}`)).toEqual(
      [
        'REQUEST_WEIGHT/1MINUTE=6000',
        'ORDERS/10SECOND=50',
        'ORDERS/1DAY=160000',
        'RAW_REQUESTS/5MINUTE=61000',
      ],
    );
  });

  it('a filter absent from exchangeInfo stays undefined', () => {
    const bare = parse({ ...fixture, symbols: [{ ...fixture.symbols[0], filters: [] }] });
    expect(bare.symbols[0]!.priceFilter).toBeUndefined();
    expect(bare.symbols[0]!.notional).toBeUndefined();
  });

  it('a symbol with an unreadable filter is left out, not traded on guessed rules', () => {
    const broken = {
      ...fixture.symbols[0],
      symbol: 'BADBTC',
      filters: [{ filterType: 'LOT_SIZE', minQty: 'abc' }],
    };
    const r = parse({ ...fixture, symbols: [fixture.symbols[0], broken] });
    expect(r.symbols.map((s) => s.symbol)).toEqual(['ETHBTC']);
    expect(r.rejectedSymbols).toEqual([
      { symbol: 'BADBTC', reason: "BADBTC: LOT_SIZE filter does not match Binance's documented shape" },
    ]);
  });

  it('unknown filter and rate-limit types are skipped', () => {
    const r = parse({
      ...fixture,
      rateLimits: [{ rateLimitType: 'CONNECTIONS', interval: 'MINUTE', intervalNum: 1, limit: 1 }],
      symbols: [{ ...fixture.symbols[0], filters: [{ filterType: 'SOMETHING_NEW', x: 1 }] }],
    });
    expect(r.rateLimits).toEqual([]);
    expect(r.symbols).toHaveLength(1);
  });
});

describe('ExchangeInfoCache', () => {
  it('loads at start, refreshes on the 24 h schedule and reports each load', async () => {
    const jobs: { run: () => void; every: number }[] = [];
    const scheduler: IntervalScheduler = (run, every) => {
      jobs.push({ run, every });
      return () => undefined;
    };
    let loads = 0;
    let now = 1_000;
    const loaded: ExchangeInfo[] = [];
    const cache = new ExchangeInfoCache({
      load: async () => {
        loads++;
        return parse(fixture);
      },
      now: () => now,
      scheduler,
      onLoaded: (i) => loaded.push(i),
    });
    await cache.start();
    expect(cache.get('ETHBTC')!.lotSize!.stepSize.toFixed()).toBe('0.001');
    expect(cache.loadedAt).toBe(1_000);
    expect(cache.rateLimits[0]!.limit).toBe(6000);
    expect(jobs[0]!.every).toBe(86_400_000);
    now = 2_000;
    jobs[0]!.run();
    await new Promise((r) => setImmediate(r));
    expect(loads).toBe(2);
    expect(cache.loadedAt).toBe(2_000);
    expect(loaded).toHaveLength(2);
    expect(cache.all().map((s) => s.symbol)).toEqual(['ETHBTC']);
  });

  it('a failed refresh keeps the previous rules', async () => {
    let fail = false;
    const jobs: (() => void)[] = [];
    const warnings: string[] = [];
    const cache = new ExchangeInfoCache({
      load: async () => {
        if (fail) throw new Error('venue down');
        return parse(fixture);
      },
      scheduler: (run) => {
        jobs.push(run);
        return () => undefined;
      },
      logger: { warn: (_o, m) => warnings.push(m) },
    });
    await cache.start();
    fail = true;
    jobs[0]!();
    await new Promise((r) => setImmediate(r));
    expect(cache.get('ETHBTC')).toBeDefined();
    expect(warnings).toEqual(['binance: exchangeInfo refresh failed']);
  });
});
