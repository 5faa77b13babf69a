import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** A JSON example from Binance's docs, kept under src/fixtures/. */
export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

const DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string' && DECIMAL.test(v)) return 'decimal-string';
  return typeof v;
}

/**
 * Differences in shape between a payload and a documented example: missing or unexpected keys
 * and JSON type mismatches (decimal strings must stay decimal strings), recursively.
 * `optional` lists keys the docs mark conditional (may be absent); `extra` keys we may add.
 */
export function shapeDiff(
  actual: unknown,
  expected: unknown,
  opts: { optional?: string[]; extra?: string[] } = {},
  path = '$',
): string[] {
  const ka = kind(actual);
  const ke = kind(expected);
  if (ka !== ke) return [`${path}: expected ${ke}, got ${ka} (${JSON.stringify(actual)})`];
  if (ke === 'array') {
    const a = actual as unknown[];
    const e = expected as unknown[];
    if (e.length === 0 || a.length === 0) return [];
    return shapeDiff(a[0], e[0], opts, `${path}[0]`);
  }
  if (ke !== 'object') return [];
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const out: string[] = [];
  for (const key of Object.keys(e)) {
    if (!(key in a)) {
      if (!opts.optional?.includes(key)) out.push(`${path}.${key}: missing`);
      continue;
    }
    out.push(...shapeDiff(a[key], e[key], opts, `${path}.${key}`));
  }
  for (const key of Object.keys(a)) {
    if (!(key in e) && !opts.extra?.includes(key)) out.push(`${path}.${key}: not in the documented example`);
  }
  return out;
}
