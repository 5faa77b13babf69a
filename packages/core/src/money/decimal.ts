import Decimal from 'decimal.js';

/**
 * One Decimal constructor for all money. 40 significant digits and ROUND_HALF_EVEN keep
 * products of prices and quantities exact well beyond Binance's 8 decimals; toExpNeg/Pos keep
 * toString() free of exponent notation, so values round-trip as Binance-style strings.
 */
export const Dec = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -30,
  toExpPos: 40,
});
export type Dec = Decimal;
export const ZERO = new Dec(0);
export const ONE = new Dec(1);

export const dec = (value: Decimal.Value): Decimal => new Dec(value);

/** Strip trailing zeros for display and storage while staying exact. */
export const decString = (value: Decimal): string => value.toFixed();
