/**
 * The `timeUnit` connection parameter: Binance sends times in milliseconds unless the URL asks
 * for MICROSECOND (either case). Ids (`t`, `a`, `f`, `l`, `F`, `L`, `u`, `U`) are never scaled.
 */
export type TimeUnit = 'ms' | 'us';

const ACCEPTED: Record<string, TimeUnit> = {
  MILLISECOND: 'ms',
  millisecond: 'ms',
  MICROSECOND: 'us',
  microsecond: 'us',
};

/** The unit a URL asks for; undefined when the value is not one Binance accepts. */
export function parseTimeUnit(value: string | null): TimeUnit | undefined {
  return value === null ? 'ms' : ACCEPTED[value];
}

/** Top-level time fields of the market events, and the kline's own open / close times. */
const TIME_KEYS = ['E', 'T', 'O', 'C'];

export function inMicroseconds(payload: unknown): unknown {
  if (Array.isArray(payload)) return payload.map(inMicroseconds);
  if (typeof payload !== 'object' || payload === null) return payload;
  const out: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  for (const key of TIME_KEYS) if (typeof out[key] === 'number') out[key] = (out[key] as number) * 1000;
  const k = out.k as Record<string, unknown> | undefined;
  if (out.e === 'kline' && k) out.k = { ...k, t: (k.t as number) * 1000, T: (k.T as number) * 1000 };
  return out;
}
