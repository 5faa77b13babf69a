/**
 * Binance Spot market-stream names (web-socket-streams.md), parsed once at the edge so the hub
 * routes on a typed value. Binance checks the *form* of a name, not the symbol: a well-formed
 * name for a symbol it does not list is accepted and simply never carries data.
 */

export const KLINE_INTERVALS = [
  '1s',
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '3d',
  '1w',
  '1M',
] as const;
export type KlineInterval = (typeof KLINE_INTERVALS)[number];

/** Rolling-window ticker sizes and their length in minutes. */
export const TICKER_WINDOWS = { '1h': 60, '4h': 240, '1d': 1440 } as const;
export type TickerWindow = keyof typeof TICKER_WINDOWS;

export type SymbolChannel =
  | { kind: 'trade' | 'aggTrade' | 'bookTicker' | 'avgPrice' | 'ticker' | 'miniTicker' | 'blockTrade' }
  | { kind: 'depth'; fast: boolean }
  | { kind: 'partialDepth'; levels: 5 | 10 | 20; fast: boolean }
  /** `utcOffsetMs` is 0, or 8 h for the `@+08:00` variant. */
  | { kind: 'kline'; interval: KlineInterval; utcOffsetMs: number }
  | { kind: 'rollingTicker'; window: TickerWindow };

export type StreamName =
  | { scope: 'symbol'; symbol: string; channel: SymbolChannel }
  | { scope: 'all'; channel: { kind: 'miniTicker' } | { kind: 'rollingTicker'; window: TickerWindow } };

const SIMPLE = new Set(['trade', 'aggTrade', 'bookTicker', 'avgPrice', 'ticker', 'miniTicker', 'blockTrade']);
const DEPTH_RE = /^depth(5|10|20)?(@100ms)?$/;
const KLINE_RE = /^kline_([0-9]+[smhdwM])(@\+08:00)?$/;
const UTC8_MS = 8 * 3_600_000;
const ROLLING_RE = /^ticker_(1h|4h|1d)$/;
const ALL_ROLLING_RE = /^!ticker_(1h|4h|1d)@arr$/;
// Symbols are lower-case on the wire; Binance also lists Unicode symbols, so anything but the
// separators and white space may form one.
const SYMBOL_RE = /^[^@/\s!]+$/;

/**
 * The stream a name denotes, or null when it is not a stream name Binance serves. Refused on
 * purpose: `@referencePrice` (the sim has no reference prices); `!ticker@arr` was retired by
 * Binance on 2026-03-26.
 */
export function parseStreamName(name: string): StreamName | null {
  if (name === '!miniTicker@arr') return { scope: 'all', channel: { kind: 'miniTicker' } };
  const all = ALL_ROLLING_RE.exec(name);
  if (all) return { scope: 'all', channel: { kind: 'rollingTicker', window: all[1] as TickerWindow } };
  const at = name.indexOf('@');
  if (at <= 0) return null;
  const symbol = name.slice(0, at);
  const rest = name.slice(at + 1);
  if (!SYMBOL_RE.test(symbol)) return null;
  const channel = parseChannel(rest);
  return channel ? { scope: 'symbol', symbol, channel } : null;
}

function parseChannel(rest: string): SymbolChannel | null {
  if (SIMPLE.has(rest)) return { kind: rest as 'trade' };
  const depth = DEPTH_RE.exec(rest);
  if (depth) {
    const fast = depth[2] !== undefined;
    if (depth[1] === undefined) return { kind: 'depth', fast };
    return { kind: 'partialDepth', levels: Number(depth[1]) as 5 | 10 | 20, fast };
  }
  const kline = KLINE_RE.exec(rest);
  if (kline && (KLINE_INTERVALS as readonly string[]).includes(kline[1]!))
    return {
      kind: 'kline',
      interval: kline[1] as KlineInterval,
      utcOffsetMs: kline[2] === undefined ? 0 : UTC8_MS,
    };
  const rolling = ROLLING_RE.exec(rest);
  if (rolling) return { kind: 'rollingTicker', window: rolling[1] as TickerWindow };
  return null;
}
