import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import DecimalJs from 'decimal.js';
import { decimalSign, formatDecimal, roundDecimal, sumDecimals } from './decimal-display';

// The oracle needs more than decimal.js's default 20 significant digits.
const Decimal = DecimalJs.clone({ precision: 100 });

const decimalString = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.integer({ min: 0, max: 10 }))
  .map(([neg, units, scale]) => {
    const digits = units.toString().padStart(scale + 1, '0');
    const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
    return (neg ? '-' : '') + text;
  });

describe('formatDecimal', () => {
  it('groups thousands and keeps the tick precision the API sent', () => {
    expect(formatDecimal('64410.50')).toBe('64,410.50');
    expect(formatDecimal('1234567.891')).toBe('1,234,567.891');
  });

  it('trims trailing zeros only when asked (balances)', () => {
    expect(formatDecimal('9521.33000000', { trim: true })).toBe('9,521.33');
    expect(formatDecimal('0.00000000', { trim: true })).toBe('0');
  });

  it('rounds half away from zero at fixed decimals and signs PnL', () => {
    expect(formatDecimal('2.405', { dp: 2 })).toBe('2.41');
    expect(formatDecimal('-2.405', { dp: 2 })).toBe('-2.41');
    expect(formatDecimal('2.404', { dp: 2, signed: true })).toBe('+2.40');
    expect(formatDecimal('-0.004', { dp: 2, signed: true })).toBe('0.00');
    expect(formatDecimal('999.995', { dp: 2 })).toBe('1,000.00');
  });

  it('rounds computed values past Binance precision (8 decimals) unless told otherwise', () => {
    expect(formatDecimal('62477.41429362250075')).toBe('62,477.41429362');
    expect(formatDecimal('62477.41429362250075', { maxDp: 2 })).toBe('62,477.41');
    expect(formatDecimal('0.000000015')).toBe('0.00000002');
  });

  it('returns text that is not a decimal unchanged instead of inventing a number', () => {
    expect(formatDecimal('NaN')).toBe('NaN');
    expect(formatDecimal('1e5')).toBe('1e5');
  });
});

describe('roundDecimal', () => {
  it('agrees with decimal.js ROUND_HALF_UP for any decimal string', () => {
    fc.assert(
      fc.property(decimalString, fc.integer({ min: 0, max: 8 }), (value, dp) => {
        const expected = new Decimal(value).toFixed(dp, Decimal.ROUND_HALF_UP);
        expect(roundDecimal(value, dp)).toBe(
          expected.startsWith('-') && new Decimal(expected).isZero() ? expected.slice(1) : expected,
        );
      }),
    );
  });
});

describe('sumDecimals', () => {
  it('adds exactly where floats would not', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(['-32.10', '-124.69'])).toBe('-156.79');
    expect(sumDecimals([])).toBe('0');
  });

  it('equals the decimal.js sum for any inputs', () => {
    fc.assert(
      fc.property(fc.array(decimalString, { maxLength: 6 }), (values) => {
        const expected = values.reduce((acc, v) => acc.plus(v), new Decimal(0));
        expect(new Decimal(sumDecimals(values)).equals(expected)).toBe(true);
      }),
    );
  });
});

describe('decimalSign', () => {
  it('reads the sign from the digits, treating -0.00 as zero', () => {
    expect(decimalSign('-0.00')).toBe(0);
    expect(decimalSign('-0.01')).toBe(-1);
    expect(decimalSign('12')).toBe(1);
    expect(decimalSign('garbage')).toBe(0);
  });
});
