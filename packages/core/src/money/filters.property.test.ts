import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import { dec } from './decimal';
import { adjustPrice, adjustQuantity, checkMinNotional, minQuantityFor, validateOrder } from './filters';
import { btcusdtFilters } from './filters.fixture';
import type { SymbolFilters } from './symbol-filters';

/** A decimal with up to `scale` places built from an integer, so the generator itself is exact. */
const decimalArb = (maxUnits: number, scale: number) =>
  fc.integer({ min: 1, max: maxUnits }).map((units) => dec(units).div(dec(10).pow(scale)));

/** Steps as Binance writes them: 1, 2 or 5 × a power of ten between 1e-8 and 10. */
const stepArb = fc
  .tuple(fc.constantFrom(1, 2, 5), fc.integer({ min: -8, max: 1 }))
  .map(([m, e]) => dec(m).mul(dec(10).pow(e)));

const filtersArb: fc.Arbitrary<SymbolFilters> = fc
  .record({
    step: stepArb,
    minSteps: fc.integer({ min: 0, max: 50 }),
    maxSteps: fc.integer({ min: 100, max: 10_000_000 }),
    tick: stepArb,
    minTicks: fc.integer({ min: 0, max: 50 }),
    maxTicks: fc.integer({ min: 1000, max: 100_000_000 }),
    minNotional: fc.integer({ min: 0, max: 100 }).map((n) => dec(n)),
    withMarketLot: fc.boolean(),
  })
  .map((r) =>
    btcusdtFilters({
      lotSize: { minQty: r.step.mul(r.minSteps), maxQty: r.step.mul(r.maxSteps), stepSize: r.step },
      marketLotSize: r.withMarketLot
        ? { minQty: r.step.mul(r.minSteps), maxQty: r.step.mul(r.maxSteps), stepSize: r.step.mul(10) }
        : undefined,
      priceFilter: { minPrice: r.tick.mul(r.minTicks), maxPrice: r.tick.mul(r.maxTicks), tickSize: r.tick },
      notional: {
        minNotional: r.minNotional,
        applyMinToMarket: true,
        maxNotional: dec(0),
        applyMaxToMarket: false,
        avgPriceMins: 5,
      },
      percentPriceBySide: undefined,
      maxNumOrders: undefined,
    }),
  );

const qtyArb = decimalArb(1_000_000_000, 6);
const priceArb = decimalArb(1_000_000_000, 4);
const failing = (fs: { filter: string }[], name: string) => fs.some((x) => x.filter === name);
const withinDecimals = (value: Decimal, step: Decimal) => value.decimalPlaces() <= step.decimalPlaces();

describe('filter rounding properties', () => {
  it('an adjusted quantity never exceeds the input and is zero or passes LOT_SIZE exactly on the grid', () => {
    fc.assert(
      fc.property(filtersArb, qtyArb, fc.boolean(), (f, qty, market) => {
        const q = adjustQuantity(qty, f, { market });
        expect(q.lte(qty)).toBe(true);
        if (q.isZero()) return;
        const lot = f.lotSize!;
        expect(q.mod(lot.stepSize).isZero()).toBe(true);
        expect(withinDecimals(q, lot.stepSize)).toBe(true);
        const type = market ? 'MARKET' : 'LIMIT';
        const fs = validateOrder({ side: 'BUY', type, quantity: q, price: market ? undefined : dec(1) }, f);
        expect(failing(fs, 'LOT_SIZE')).toBe(false);
        expect(failing(fs, 'MARKET_LOT_SIZE')).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('an adjusted quantity is zero only when no grid quantity at or below the input meets minQty', () => {
    fc.assert(
      fc.property(filtersArb, qtyArb, (f, qty) => {
        const lot = f.lotSize!;
        const floored = qty.gt(lot.maxQty) ? lot.maxQty : qty.toNearest(lot.stepSize, Decimal.ROUND_DOWN);
        const q = adjustQuantity(qty, f);
        expect(q.isZero()).toBe(floored.lt(lot.minQty) || floored.isZero());
      }),
      { numRuns: 300 },
    );
  });

  it("an adjusted price is on the tick, inside the bounds, and moves in the side's safe direction", () => {
    fc.assert(
      fc.property(
        filtersArb,
        priceArb,
        fc.constantFrom('BUY' as const, 'SELL' as const),
        (f, price, side) => {
          const p = adjustPrice(price, f, side);
          const pf = f.priceFilter!;
          expect(p.mod(pf.tickSize).isZero()).toBe(true);
          expect(withinDecimals(p, pf.tickSize)).toBe(true);
          const inRange = (pf.minPrice.isZero() || price.gte(pf.minPrice)) && price.lte(pf.maxPrice);
          if (inRange && side === 'BUY') expect(p.lte(price)).toBe(true);
          if (inRange && side === 'SELL') expect(p.gte(price)).toBe(true);
          if (p.gt(0)) {
            const fs = validateOrder({ side, type: 'LIMIT', quantity: dec(1), price: p }, f);
            expect(failing(fs, 'PRICE_FILTER')).toBe(false);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('validateOrder finds no notional failure whenever checkMinNotional says the order is large enough', () => {
    fc.assert(
      fc.property(filtersArb, priceArb, qtyArb, (f, rawPrice, rawQty) => {
        const price = adjustPrice(rawPrice, f, 'BUY');
        const qty = adjustQuantity(rawQty, f);
        if (qty.isZero() || price.isZero()) return;
        const fs = validateOrder({ side: 'BUY', type: 'LIMIT', quantity: qty, price }, f);
        expect(failing(fs, 'NOTIONAL')).toBe(!checkMinNotional(price, qty, f));
      }),
      { numRuns: 400 },
    );
  });

  it('minQuantityFor is the smallest grid quantity meeting minQty and the minimum notional', () => {
    fc.assert(
      fc.property(filtersArb, priceArb, (f, price) => {
        const q = minQuantityFor(price, f);
        const lot = f.lotSize!;
        expect(q.mod(lot.stepSize).isZero()).toBe(true);
        expect(q.gte(lot.minQty)).toBe(true);
        expect(checkMinNotional(price, q, f)).toBe(true);
        const below = q.minus(lot.stepSize);
        if (below.gt(0)) expect(below.lt(lot.minQty) || !checkMinNotional(price, below, f)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('rounding sums of float-unfriendly decimals stays exact', () => {
    fc.assert(
      fc.property(fc.array(decimalArb(1000, 1), { minLength: 1, maxLength: 20 }), (parts) => {
        const f = btcusdtFilters({ lotSize: { minQty: dec('0.1'), maxQty: dec('0'), stepSize: dec('0.1') } });
        const sum = parts.reduce((a, b) => a.plus(b), dec(0));
        const q = adjustQuantity(sum, f);
        expect(q.toString()).toBe(sum.toString());
        expect(q.decimalPlaces()).toBeLessThanOrEqual(1);
      }),
    );
  });
});
