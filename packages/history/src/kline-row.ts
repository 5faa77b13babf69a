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

const DECIMAL_RE = /^(\d+)(?:\.(\d+))?$/;

/** The canonical string of a non-negative decimal, or null when `text` is not one. */
export function canonicalDecimal(text: string): string | null {
  const m = DECIMAL_RE.exec(text);
  if (!m) return null;
  const whole = (m[1] as string).replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return frac === '' ? whole : `${whole}.${frac}`;
}

export const sameRow = (a: KlineRow, b: KlineRow): boolean =>
  a.openTime === b.openTime &&
  a.closeTime === b.closeTime &&
  a.trades === b.trades &&
  a.values.every((v, i) => v === b.values[i]);
