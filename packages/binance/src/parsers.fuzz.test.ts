import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, dec, ExchangeError } from '@aurora/core';
import { parseMarketFrame } from './market-stream-parser';
import { parseUserEvent } from './user-stream-parser';
import { BinanceRestClient } from './rest-client';
import { hmacSigner } from './signing';

/*
 * Issue 11 item 2, exchange half: malformed, truncated and out-of-range payloads into every
 * parser of the adapter. The stream parsers never throw and answer a typed rejection (which
 * user-stream.ts and market-stream.ts count); the REST client, whose parser is the schema in its
 * transport, answers the value or rejects with one of core's ExchangeError families — never a
 * TypeError or a RangeError out of a mapper. Whatever is accepted holds only finite decimals.
 * Replay with FUZZ_SEED=<seed>.
 */

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 300;

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as unknown;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value inside a JSON document, the root excluded. */
function paths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return keys.flatMap((k) => {
    const child = (v as Record<string | number, Json>)[k] as Json;
    return [[...prefix, k], ...paths(child, [...prefix, k])];
  });
}

/** The document with the value at `path` replaced, or deleted when `value` is undefined. */
function mutate(doc: Json, path: (string | number)[], value: Json | undefined): Json {
  const copy = structuredClone(doc);
  let at = copy as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

/** Values a broken or hostile venue might send in place of a field. */
const weird: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom<Json>(
    '-1',
    '-0.5',
    '1e5',
    'NaN',
    'Infinity',
    '-Infinity',
    '0x1A',
    '',
    ' 1',
    '1.',
    '.5',
    '9'.repeat(400),
    '0.' + '0'.repeat(300) + '1',
    null,
    true,
    [],
    {},
    -1,
    1.5,
    2 ** 53 + 2,
    -(2 ** 53) - 2,
    1e308,
    Number.MAX_SAFE_INTEGER,
  ),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

/** A fixture broken in one of three ways: fields changed or removed, or the text cut short. */
function brokenText(doc: Json): fc.Arbitrary<string> {
  const all = paths(doc);
  const edited = fc
    .array(fc.tuple(fc.constantFrom(...all), weird), { minLength: 1, maxLength: 3 })
    .map((edits) => {
      let d = doc;
      for (const [p, v] of edits) {
        try {
          d = mutate(d, p, v);
        } catch {
          // An earlier edit removed this path's parent: nothing to change.
        }
      }
      return JSON.stringify(d);
    });
  const text = JSON.stringify(doc);
  const truncated = fc.nat({ max: text.length - 1 }).map((n) => text.slice(0, n));
  return fc.oneof(edited, truncated, fc.string({ maxLength: 40 }));
}

/** Every Decimal reachable in a parsed value: all must be finite (no NaN, no Infinity). */
function decimalsIn(v: unknown, out: Dec[] = []): Dec[] {
  if (Dec.isDecimal(v)) out.push(v as Dec);
  else if (Array.isArray(v)) for (const x of v) decimalsIn(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) decimalsIn(x, out);
  return out;
}
const nonFinite = (v: unknown) =>
  decimalsIn(v)
    .filter((d) => !d.isFinite())
    .map(String);

describe('market stream parser', () => {
  for (const name of [
    'stream-kline.json',
    'stream-book-ticker.json',
    'stream-server-shutdown-combined.json',
  ]) {
    it(`never throws on a broken ${name}; accepted frames hold finite, non-negative decimals`, () => {
      fc.assert(
        fc.property(brokenText(fixture(name) as Json), (text) => {
          const f = parseMarketFrame(text, 1);
          expect(['kline', 'bookTicker', 'shutdown', 'control', 'bad']).toContain(f.kind);
          if (f.kind === 'bad') expect(['malformed', 'unknown']).toContain(f.reason);
          if (f.kind === 'kline' || f.kind === 'bookTicker') {
            expect(nonFinite(f)).toEqual([]);
            expect(decimalsIn(f).filter((d) => d.isNegative())).toEqual([]);
          }
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }
});

describe('user stream parser', () => {
  const events = [
    'uds-execution-report.json',
    'uds-outbound-account-position.json',
    'uds-balance-update.json',
    'uds-list-status.json',
    'uds-event-stream-terminated.json',
    'uds-external-lock-update.json',
  ];
  for (const name of events) {
    it(`never throws on a broken ${name}; answers an event or a typed rejection`, () => {
      const doc = fixture(name) as { event?: Json };
      const payload = (doc.event ?? doc) as Json;
      fc.assert(
        fc.property(brokenText(payload), (text) => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            return; // user-stream.ts counts non-JSON frames before the parser sees them
          }
          const r = parseUserEvent(json);
          if (r.ok === false) {
            expect(['malformed', 'unknown']).toContain(r.reason);
            expect(typeof r.detail).toBe('string');
          } else if (r.ok === true) {
            expect(nonFinite(r.event)).toEqual([]);
          } else {
            expect(['ignored', 'shutdown']).toContain(r.ok);
          }
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }
});

describe('REST client: every endpoint against broken answers', () => {
  type Call = (c: BinanceRestClient) => Promise<unknown>;
  const ref = { symbol: 'BTCUSDT', orderId: '1' };
  const order = {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: dec('0.01'),
    price: dec('50000'),
    clientOrderId: 'intent-1',
  } as const;
  const ENDPOINTS: [string, string, Call][] = [
    ['time.json', 'serverTime', (c) => c.serverTime()],
    ['exchange-info.json', 'exchangeInfo', (c) => c.exchangeInfo()],
    ['account.json', 'account', (c) => c.account()],
    ['order-full.json', 'placeOrder', (c) => c.placeOrder(order)],
    ['cancel-order.json', 'cancelOrder', (c) => c.cancelOrder(ref)],
    ['cancel-open-orders.json', 'cancelAllOpenOrders', (c) => c.cancelAllOpenOrders('BTCUSDT')],
    ['query-order.json', 'getOrder', (c) => c.getOrder(ref)],
    ['my-trades.json', 'myTrades', (c) => c.myTrades('BTCUSDT')],
    ['klines.json', 'klines', (c) => c.klines('BTCUSDT', '1m')],
    ['book-ticker.json', 'bookTicker', (c) => c.bookTicker('BTCUSDT')],
    ['depth.json', 'depth', (c) => c.depth('BTCUSDT')],
  ];

  const clientAnswering = (text: string, status: number) =>
    new BinanceRestClient({
      venue: {
        kind: 'sim',
        restUrl: 'http://127.0.0.1:1',
        wsApiUrl: 'ws://127.0.0.1:1/ws-api/v3',
        streamUrl: 'ws://127.0.0.1:1',
      },
      credentials: { apiKey: 'fuzz-key', signer: hmacSigner('fuzz-secret') },
      fetchImpl: (() => Promise.resolve(new Response(text, { status }))) as typeof fetch,
      timeoutMs: 1_000,
    });

  it('reaches the parser: every untouched fixture is accepted', async () => {
    for (const [name, , call] of ENDPOINTS) {
      await expect(call(clientAnswering(JSON.stringify(fixture(name)), 200)), name).resolves.toBeDefined();
    }
  });

  for (const [name, what, call] of ENDPOINTS) {
    it(`${what}: a broken answer is the value or an ExchangeError, never another throw`, async () => {
      const status = fc.oneof(fc.constant(200), fc.constantFrom(400, 403, 418, 429, 500, 503));
      await fc.assert(
        fc.asyncProperty(brokenText(fixture(name) as Json), status, async (text, code) => {
          try {
            const value = await call(clientAnswering(text, code));
            expect(code).toBe(200);
            expect(nonFinite(value)).toEqual([]);
          } catch (err) {
            expect(err, String(err)).toBeInstanceOf(ExchangeError);
          }
        }),
        { numRuns: Math.ceil(RUNS / 3), seed: SEED },
      );
    });
  }
});
