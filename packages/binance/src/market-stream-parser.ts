import { Dec, type BookTicker, type Kline } from '@aurora/core';
import type { Decimal } from 'decimal.js';

/**
 * Market stream frames → Kline / BookTicker. This runs for every tick, so it is hand-written
 * (typeof checks and one precompiled regex per decimal) instead of a schema library: see
 * bench/src/binance-bench.ts for its cost against a bare JSON.parse of the same frames.
 */
export type MarketFrame =
  | { kind: 'kline'; kline: Kline }
  | { kind: 'bookTicker'; ticker: BookTicker }
  | { kind: 'shutdown' }
  /** Answers to SUBSCRIBE and friends: {"result": null, "id": 1}. */
  | { kind: 'control' }
  | { kind: 'bad'; reason: 'malformed' | 'unknown'; detail: string };

const DECIMAL = /^\d+(\.\d+)?$/;

class FieldError extends Error {}

const dec = (o: Record<string, unknown>, key: string): Decimal => {
  const v = o[key];
  if (typeof v !== 'string' || !DECIMAL.test(v)) throw new FieldError(key);
  return new Dec(v);
};

const int = (o: Record<string, unknown>, key: string): number => {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new FieldError(key);
  return v;
};

const str = (o: Record<string, unknown>, key: string): string => {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) throw new FieldError(key);
  return v;
};

/** A kline event's `k` object (web-socket-streams.md, Kline/Candlestick Streams). */
const toKline = (k: Record<string, unknown>): Kline => {
  const closed = k.x;
  if (typeof closed !== 'boolean') throw new FieldError('k.x');
  return {
    symbol: str(k, 's'),
    interval: str(k, 'i'),
    openTime: int(k, 't'),
    closeTime: int(k, 'T'),
    open: dec(k, 'o'),
    high: dec(k, 'h'),
    low: dec(k, 'l'),
    close: dec(k, 'c'),
    volume: dec(k, 'v'),
    quoteVolume: dec(k, 'q'),
    trades: int(k, 'n'),
    closed,
  };
};

const toBookTicker = (d: Record<string, unknown>, receivedAt: number): BookTicker => ({
  symbol: str(d, 's'),
  updateId: int(d, 'u'),
  bidPrice: dec(d, 'b'),
  bidQty: dec(d, 'B'),
  askPrice: dec(d, 'a'),
  askQty: dec(d, 'A'),
  receivedAt,
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** One raw or combined-stream payload (already JSON-parsed). Never throws. */
export const parseMarketPayload = (frame: unknown, receivedAt: number): MarketFrame => {
  if (!isObject(frame)) return { kind: 'bad', reason: 'malformed', detail: 'frame is not an object' };
  // Combined streams wrap the payload: {"stream": "<name>", "data": {...}}.
  const data = 'data' in frame && 'stream' in frame ? frame.data : frame;
  if (!isObject(data)) return { kind: 'bad', reason: 'malformed', detail: 'data is not an object' };
  try {
    const e = data.e;
    if (e === 'kline') {
      const k = data.k;
      if (!isObject(k)) throw new FieldError('k');
      return { kind: 'kline', kline: toKline(k) };
    }
    // bookTicker payloads carry no event type: recognise them by their fields.
    if (e === undefined && 'u' in data && 'b' in data && 'a' in data) {
      return { kind: 'bookTicker', ticker: toBookTicker(data, receivedAt) };
    }
    if (e === 'serverShutdown') return { kind: 'shutdown' };
    if (e === undefined && 'id' in data && 'result' in data) return { kind: 'control' };
    return { kind: 'bad', reason: 'unknown', detail: `unknown payload type '${String(e)}'` };
  } catch (err) {
    if (err instanceof FieldError)
      return { kind: 'bad', reason: 'malformed', detail: `bad field '${err.message}'` };
    throw err;
  }
};

/** Text frame → parsed frame. Never throws. */
export const parseMarketFrame = (text: string, receivedAt: number): MarketFrame => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'bad', reason: 'malformed', detail: 'frame is not JSON' };
  }
  return parseMarketPayload(json, receivedAt);
};
