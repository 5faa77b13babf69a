/*
 * Display of decimal strings (money arrives as strings). Rounding is done on the digits with
 * BigInt, never through a float, so what the operator reads is the API's number, rounded
 * half away from zero at the requested precision.
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export type DecimalSign = -1 | 0 | 1;

interface ParsedDecimal {
  negative: boolean;
  intPart: string;
  fracPart: string;
}

function parse(value: string): ParsedDecimal | null {
  const m = DECIMAL.exec(value.trim());
  if (!m) return null;
  return { negative: m[1] === '-', intPart: m[2] ?? '0', fracPart: m[3] ?? '' };
}

/** The sign of a decimal string; 0 for zero and for text that is not a decimal. */
export function decimalSign(value: string): DecimalSign {
  const p = parse(value);
  if (!p) return 0;
  const isZero = /^0*$/.test(p.intPart) && /^0*$/.test(p.fracPart);
  if (isZero) return 0;
  return p.negative ? -1 : 1;
}

/** Rounds a decimal string to `dp` decimals (half away from zero), exactly. */
export function roundDecimal(value: string, dp: number): string {
  const p = parse(value);
  if (!p) return value;
  const frac = p.fracPart.padEnd(dp + 1, '0');
  const kept = BigInt(p.intPart + frac.slice(0, dp));
  const roundUp = Number(frac[dp] ?? '0') >= 5;
  const scaled = (roundUp ? kept + 1n : kept).toString().padStart(dp + 1, '0');
  const intDigits = scaled.slice(0, scaled.length - dp) || '0';
  const fracDigits = dp > 0 ? scaled.slice(scaled.length - dp) : '';
  const isZero = /^0*$/.test(intDigits + fracDigits);
  const sign = p.negative && !isZero ? '-' : '';
  return sign + intDigits + (dp > 0 ? '.' + fracDigits : '');
}

function groupThousands(intDigits: string): string {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export interface DecimalDisplayOptions {
  /** Fixed decimals; when absent the value keeps its own digits (prices keep their tick precision). */
  dp?: number;
  /** Without `dp`: drop trailing fractional zeros ("1.20000000" → "1.2"), as balances are read. */
  trim?: boolean;
  /** Without `dp`: round values carrying more decimals than this (default 8, Binance's finest precision). */
  maxDp?: number;
  /** Prefix positive values with '+', as PnL is shown. */
  signed?: boolean;
}

/** "1234.5" → "1,234.50" (dp 2); "-0.004" → "0.00" (dp 2); "0012.50" → "12.50"; invalid text is returned as is. */
export function formatDecimal(value: string, options: DecimalDisplayOptions = {}): string {
  const p = parse(value);
  if (!p) return value;
  let text: string;
  const maxDp = options.maxDp ?? 8;
  if (options.dp !== undefined) {
    text = roundDecimal(value, options.dp);
  } else if (p.fracPart.length > maxDp) {
    // Rounded away digits leave trailing zeros that carry no precision: drop them.
    text = roundDecimal(value, maxDp).replace(/0+$/, '').replace(/\.$/, '');
  } else {
    const frac = options.trim ? p.fracPart.replace(/0+$/, '') : p.fracPart;
    const intDigits = p.intPart.replace(/^0+(?=\d)/, '');
    text = (p.negative ? '-' : '') + intDigits + (frac ? '.' + frac : '');
    if (decimalSign(text) === 0 && text.startsWith('-')) text = text.slice(1);
  }
  const negative = text.startsWith('-');
  const unsigned = negative ? text.slice(1) : text;
  const [i = '0', f] = unsigned.split('.');
  const body = groupThousands(i) + (f !== undefined ? '.' + f : '');
  if (negative) return '-' + body;
  return options.signed && decimalSign(text) > 0 ? '+' + body : body;
}

/** Exact sum of decimal strings (for a displayed total; never through floats). */
export function sumDecimals(values: readonly string[]): string {
  let scale = 0;
  const parsed: ParsedDecimal[] = [];
  for (const v of values) {
    const p = parse(v);
    if (!p) continue;
    parsed.push(p);
    scale = Math.max(scale, p.fracPart.length);
  }
  let total = 0n;
  for (const p of parsed) {
    const units = BigInt(p.intPart + p.fracPart.padEnd(scale, '0'));
    total += p.negative ? -units : units;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const intDigits = digits.slice(0, digits.length - scale);
  const fracDigits = scale > 0 ? '.' + digits.slice(digits.length - scale) : '';
  return (negative ? '-' : '') + intDigits + fracDigits;
}
