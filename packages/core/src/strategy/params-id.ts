/**
 * The identity of a strategy's parameters: a short hash of their canonical JSON. Decisions,
 * positions and backtest baselines carry it, so "ema-cross with these settings" can be told
 * from "ema-cross with those" without storing the params everywhere.
 */

/** JSON with object keys sorted: key order must not make two equal settings look different. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/**
 * 12 hex digits of FNV-1a (64 bit) over the UTF-16 code units of the canonical JSON. Not a
 * security hash: it only has to tell apart the few parameter sets one operator runs.
 */
export function paramsId(params: unknown): string {
  const text = canonicalJson(params);
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * FNV_PRIME) & MASK;
  }
  return h.toString(16).padStart(16, '0').slice(0, 12);
}
