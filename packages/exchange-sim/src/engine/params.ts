import { ApiErrors } from '../errors';

/** Integer parameters as Binance reads them: digits only, clamped to the documented maximum. */
export function intParam(
  name: string,
  value: string | number | undefined,
  opts: { default?: number; min?: number; max?: number } = {},
): number | undefined {
  if (value === undefined || value === '') return opts.default;
  const text = String(value);
  if (!/^-?[0-9]{1,19}$/.test(text)) throw ApiErrors.illegalChars(name, '^[0-9]{1,20}$');
  let n = Number(text);
  if (opts.min !== undefined && n < opts.min) throw ApiErrors.invalidParam(name);
  if (opts.max !== undefined && n > opts.max) n = opts.max;
  return n;
}

/** Binance's `symbols` parameter: a JSON array of names, e.g. ["BTCUSDT","BNBUSDT"]. */
export function symbolsParam(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw ApiErrors.illegalChars('symbols', '^\\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\\]$');
  }
  if (!Array.isArray(parsed) || parsed.some((s) => typeof s !== 'string'))
    throw ApiErrors.invalidParam('symbols');
  if (new Set(parsed).size !== parsed.length) throw ApiErrors.duplicateSymbols();
  return parsed as string[];
}
