/**
 * One candle as read from a CSV or back from the catalog, before it is packed into columns.
 * Decimal fields stay strings in canonical form (no leading zeros, no trailing fractional
 * zeros), so `"4.15070000"` and `"4.1507"` are the same value and nothing is ever rounded.
 */
export const DECIMAL_FIELDS = [
  'open',
  'high',
  'low',
  'close',
  'volume',
  'quoteVolume',
  'takerBuyBaseVolume',
  'takerBuyQuoteVolume',
] as const;

export type DecimalField = (typeof DECIMAL_FIELDS)[number];

export interface KlineRow {
  /** Milliseconds since the epoch (microsecond sources are converted). */
  openTime: number;
  /** Milliseconds; Binance's last millisecond of the candle (…999). */
  closeTime: number;
  trades: number;
  /** In DECIMAL_FIELDS order. */
  values: string[];
}

/**
 * The canonical string of a non-negative decimal, or null when `text` is not one. A hand scan,
 * not a regex: it runs eight times per candle, and a month of 1s candles is 21 million calls.
 */
export function canonicalDecimal(text: string): string | null {
  const n = text.length;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (dot >= 0 || i === 0) return null;
      dot = i;
    } else if (c < 48 || c > 57) return null;
  }
  if (n === 0 || dot === n - 1) return null;
  const wholeEnd = dot < 0 ? n : dot;
  let start = 0;
  while (start < wholeEnd - 1 && text.charCodeAt(start) === 48) start++;
  let end = n;
  if (dot >= 0) {
    while (end > dot + 1 && text.charCodeAt(end - 1) === 48) end--;
    if (end === dot + 1) end = dot;
  }
  return start === 0 && end === n ? text : text.slice(start, end);
}

export const sameRow = (a: KlineRow, b: KlineRow): boolean =>
  a.openTime === b.openTime &&
  a.closeTime === b.closeTime &&
  a.trades === b.trades &&
  a.values.every((v, i) => v === b.values[i]);
