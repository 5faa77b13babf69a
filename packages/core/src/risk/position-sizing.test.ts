import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { dec } from '../money/decimal';
import { btcusdtFilters } from '../money/filters.fixture';
import { sizePosition, type PositionSizingInput } from './position-sizing';

const base = (over: Partial<PositionSizingInput> = {}): PositionSizingInput => ({
  equity: dec('10000'),
  riskPerTradePct: 0.5,
  entry: dec('50000'),
  stop: dec('49000'),
  maxPositionNotional: dec('1500'),
  freeQuote: dec('5000'),
  filters: btcusdtFilters(),
  sizeFactor: 1,
  ...over,
});

const qtyOf = (input: PositionSizingInput): string => {
  const r = sizePosition(input);
  return 'quantity' in r ? r.quantity.toFixed() : r.blocked;
};

describe('sizePosition', () => {
  it('risks risk_per_trade_pct of equity over the stop distance', () => {
    // 0.5 % of 10 000 = 50 quote at risk; 50 / (50 000 − 49 000) = 0.05, capped below.
    const r = sizePosition(base({ maxPositionNotional: dec('100000') }));
    expect(r).toMatchObject({ limitedBy: 'RISK' });
    expect('quantity' in r && r.quantity.toFixed()).toBe('0.05');
    expect('riskAtStop' in r && r.riskAtStop.toFixed()).toBe('50');
  });

  it('caps the notional at the max position notional', () => {
    const r = sizePosition(base());
    expect(r).toMatchObject({ limitedBy: 'MAX_NOTIONAL' });
    expect('quantity' in r && r.quantity.toFixed()).toBe('0.03');
  });

  it('caps a buy at the free quote balance', () => {
    const r = sizePosition(base({ freeQuote: dec('1000') }));
    expect(r).toMatchObject({ limitedBy: 'BALANCE' });
    expect('quantity' in r && r.quantity.toFixed()).toBe('0.02');
  });

  it('scales by the size factor (half-open trial, correlation, TCA)', () => {
    expect(qtyOf(base({ maxPositionNotional: dec('100000'), sizeFactor: 0.25 }))).toBe('0.0125');
  });

  it('floors to the step size, never rounding up', () => {
    // 50 / 300 = 0.1666…: floored to the 0.00001 step.
    const input = base({ maxPositionNotional: dec('100000'), freeQuote: dec('100000'), stop: dec('49700') });
    expect(qtyOf(input)).toBe('0.16666');
  });

  it('blocks when the rounded quantity is below the minimum notional', () => {
    // 0.5 % of 10 = 0.05 at risk over 1 000 → 0.00005 BTC = 2.5 USDT, under the 5 USDT minimum.
    const r = sizePosition(base({ equity: dec('10') }));
    expect(r).toEqual({
      blocked: 'BELOW_MIN_NOTIONAL',
      reason: "sized quantity 0.00005 (notional 2.5) is below BTCUSDT's minimum",
    });
    expect(qtyOf(base({ equity: dec('40') }))).toBe('0.0002');
  });

  it('blocks a size that meets the minimum at entry but could not be sold at the stop after fees', () => {
    // 0.0001 BTC at 50 000 = 5 USDT, exactly the minimum at entry; less the 0.1 % fee and at the
    // 49 000 stop it is 4.89 USDT: an exit Binance would refuse, a position stuck Open.
    const r = sizePosition(base({ equity: dec('20') }));
    expect(r).toMatchObject({ blocked: 'BELOW_MIN_NOTIONAL' });
    expect('reason' in r && r.reason).toContain('at the stop 49000');
    // With room for the fee and the margin the same rule sizes normally.
    expect(qtyOf(base({ equity: dec('40') }))).toBe('0.0002');
  });

  it('blocks without a stop distance, or a stop on the wrong side', () => {
    expect(qtyOf(base({ stop: dec('50000') }))).toBe('NO_STOP_DISTANCE');
    expect(qtyOf(base({ stop: dec('51000') }))).toBe('NO_STOP_DISTANCE');
    expect(qtyOf(base({ side: 'SELL', stop: dec('51000'), freeBase: dec('1') }))).toBe('0.03');
  });

  it('blocks for balance when the free balance buys less than the minimum', () => {
    expect(qtyOf(base({ freeQuote: dec('0') }))).toBe('INSUFFICIENT_BALANCE');
    expect(qtyOf(base({ freeQuote: dec('4') }))).toBe('INSUFFICIENT_BALANCE');
    expect(qtyOf(base({ side: 'SELL', stop: dec('51000') }))).toBe('INSUFFICIENT_BALANCE');
  });

  const decimalIn = (min: number, max: number, scale: number) =>
    fc.integer({ min: Math.round(min * scale), max: Math.round(max * scale) }).map((n) => dec(n).div(scale));

  const arbitraryInput = fc.record({
    equity: decimalIn(10, 1_000_000, 100),
    riskPerTradePct: fc.constantFrom(0.1, 0.25, 0.5, 1, 2.5, 10),
    entry: decimalIn(0.0001, 100_000, 10_000),
    stopFraction: fc.integer({ min: 1, max: 9_999 }),
    maxPositionNotional: decimalIn(1, 100_000, 100),
    freeQuote: decimalIn(0, 100_000, 100),
    sizeFactor: fc.constantFrom(0.125, 0.25, 0.5, 1),
    step: fc.constantFrom('1', '0.1', '0.001', '0.00001', '0.00000001'),
    minNotional: fc.constantFrom('0', '1', '5', '10'),
  });

  it('never exceeds any cap, never risks more than its budget, and stays on the step grid', () => {
    fc.assert(
      fc.property(arbitraryInput, (a) => {
        const stop = a.entry.times(10_000 - a.stopFraction).div(10_000);
        const f = btcusdtFilters({
          lotSize: { minQty: dec(0), maxQty: dec(0), stepSize: dec(a.step) },
          notional: {
            minNotional: dec(a.minNotional),
            applyMinToMarket: true,
            maxNotional: dec(0),
            applyMaxToMarket: false,
            avgPriceMins: 5,
          },
        });
        const input = base({ ...a, stop, filters: f });
        const r = sizePosition(input);
        if (!('quantity' in r)) return;
        const notional: Decimal = r.quantity.times(a.entry);
        expect(notional.lte(a.maxPositionNotional)).toBe(true);
        expect(notional.lte(a.freeQuote)).toBe(true);
        const budget = a.equity.times(a.riskPerTradePct).div(100).times(a.sizeFactor);
        expect(r.quantity.times(a.entry.minus(stop)).lte(budget)).toBe(true);
        expect(r.quantity.mod(a.step).isZero()).toBe(true);
        expect(notional.gte(a.minNotional)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
