import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthResponse } from '@aurora/contracts';
import { Dec } from '@aurora/core';
import { startTestBot, type TestBot } from '../testing/bot-harness';
import { freshDataDir, presetQuietConfig, removeDir } from './data-dir';
import { dec, getOrders, getPositions, getState, waitReady } from './exchange-truth';
import { expectBooksClean } from './books-audit';
import { startSimVenue, type SimVenue } from './sim-venue';
import { startVenueProxy, type VenueProxy } from './venue-proxy';
import { waitFor } from './wait-for';

/*
 * Non-negotiable 8: a malformed or unknown payload from the exchange is counted and never
 * crashes the bot. The venue is the simulator behind a proxy that slips our frames into the
 * bot's real market-stream and user-data sockets, as a faulty or hostile venue would.
 */

let venue: SimVenue;
let proxy: VenueProxy;
let bot: TestBot;
let dir: string;

beforeAll(async () => {
  venue = await startSimVenue();
  proxy = await startVenueProxy(venue.sim.restUrl);
  dir = freshDataDir();
  presetQuietConfig(dir);
  bot = await startTestBot({ ...venue.env, AURORA_SIM_URL: proxy.url }, dir);
  await waitReady(bot.api);
});

afterAll(async () => {
  await bot?.close();
  await proxy?.close();
  await venue?.close();
  removeDir(dir);
});

const adapter = () => {
  const a = bot.runtime.venue?.adapter;
  if (!a?.userStream) throw new Error('no venue adapter with a user stream');
  return { market: a.marketStream, user: a.userStream };
};
const quote = async (symbol: string) => (await getState(bot.api)).market.find((m) => m.symbol === symbol);
const bookOf = (symbol: string) =>
  venue.sim.exchange.bookTicker(symbol) as unknown as { bidPrice: string; askPrice: string };
const book = () => bookOf('BTCUSDT');
const userEvent = (subscriptionId: number, event: Record<string, unknown>) =>
  JSON.stringify({ subscriptionId, event });

/** A complete, well-formed executionReport filling 0.01 at `price` (Binance's field names). */
function forgedFill(symbol: string, price: Dec): Record<string, unknown> {
  const now = Date.now();
  // prettier-ignore
  return {
    e: 'executionReport', E: now, s: symbol, c: 'not-one-of-ours', S: 'BUY', o: 'LIMIT', f: 'GTC',
    q: '0.01000000', p: price.toFixed(8), P: '0.00000000', F: '0.00000000', g: -1, C: '', x: 'TRADE', X: 'FILLED',
    r: 'NONE', i: 987654, l: '0.01000000', z: '0.01000000', L: price.toFixed(8), n: '0.00001000', N: 'BTC',
    T: now, t: 555, v: 3, I: 777, w: false, m: true, M: true, O: now, Z: '0', Y: '0', Q: '0', W: now, V: 'NONE',
  };
}

describe('market stream garbage', () => {
  it('counts malformed and unknown frames, keeps the last good quote and keeps streaming', async () => {
    const before = adapter().market.stats();
    const goodBid = (await quote('BTCUSDT'))?.bid;
    const frames = [
      'not json {{{',
      '[1,2,3]',
      'null',
      JSON.stringify({ stream: 'btcusdt@bookTicker', data: { u: 'x', s: 'BTCUSDT', b: 'abc' } }),
      JSON.stringify({
        stream: 'btcusdt@bookTicker',
        data: { u: 1, s: 'BTCUSDT', b: '-5', B: '1', a: '1e400', A: '1' },
      }),
      JSON.stringify({ stream: 'btcusdt@kline_1m', data: { e: 'kline', s: 'BTCUSDT', k: { t: 'soon' } } }),
      JSON.stringify({ stream: 'btcusdt@somethingNew', data: { e: 'somethingNew' } }),
    ];
    for (const f of frames) expect(proxy.injectMarketFrame(f)).toBeGreaterThan(0);
    await waitFor(
      () => {
        const s = adapter().market.stats();
        return s.malformed + s.unknown - before.malformed - before.unknown >= frames.length || undefined;
      },
      { what: 'every bad market frame counted' },
    );
    const after = adapter().market.stats();
    expect(after.malformed + after.unknown - before.malformed - before.unknown).toBe(frames.length);
    expect(after.bookTickers).toBe(before.bookTickers);
    expect(after.listenerErrors).toBe(before.listenerErrors);
    expect((await quote('BTCUSDT'))?.bid).toBe(goodBid);

    // The same socket still carries the real market.
    const target = new Dec(book().bidPrice).mul('1.001').toDecimalPlaces(2).toFixed();
    await venue.setPrice('BTCUSDT', target);
    await waitFor(async () => (await quote('BTCUSDT'))?.bid === dec(book().bidPrice) || undefined, {
      what: 'the real quote after the garbage',
    });
    HealthResponse.parse(await (await bot.api('/api/v1/health', { token: null })).json());
    await expectBooksClean(bot.api, { sim: venue });
  });
});

describe('user data stream garbage', () => {
  it('counts malformed, unknown and foreign events, changes no order or position, and keeps the stream alive', async () => {
    // One resting entry of ours, so a forged report has something to aim at.
    const limit = new Dec(book().bidPrice).mul('0.995').toDecimalPlaces(2);
    const res = await bot.api('/api/v1/proposals', {
      method: 'POST',
      json: { symbol: 'BTCUSDT', side: 'BUY', order_type: 'LIMIT', quantity: '0.01', price: limit.toFixed() },
    });
    expect(res.status).toBe(200);
    const [ours] = await waitFor(
      async () => {
        const o = (await getOrders(bot.api)).filter((x) => x.status === 'NEW');
        return o.length === 1 ? o : undefined;
      },
      { what: 'the resting entry' },
    );
    const sub = await waitFor(() => proxy.subscriptionId() ?? undefined, {
      what: 'the user-data subscription id',
    });
    const before = adapter().user.stats();
    const positionsBefore = await getPositions(bot.api);

    const report = forgedFill('BTCUSDT', limit);
    const frames = [
      'garbage',
      '42',
      userEvent(sub, { e: 'executionReport', E: 1, s: 'BTCUSDT', c: ours?.client_order_id }),
      userEvent(sub, { ...report, c: ours?.client_order_id, i: Number(ours?.order_id), L: 'NaN' }),
      userEvent(sub, { ...report, c: ours?.client_order_id, i: Number(ours?.order_id), z: 'lots' }),
      userEvent(sub, { e: 'brandNewEvent', E: 1 }),
      userEvent(sub + 99, report),
    ];
    for (const f of frames) expect(proxy.injectApiFrame(f)).toBeGreaterThan(0);
    // A well-formed report for an order we never placed is not ours: ignored, not applied.
    expect(proxy.injectApiFrame(userEvent(sub, report))).toBeGreaterThan(0);

    await waitFor(
      () => {
        const s = adapter().user.stats();
        return s.malformed + s.unknown - before.malformed - before.unknown >= frames.length || undefined;
      },
      { what: 'every bad user-data frame counted' },
    );
    const after = adapter().user.stats();
    expect(after.malformed - before.malformed).toBe(5);
    expect(after.unknown - before.unknown).toBe(2);
    expect(after.listenerErrors).toBe(before.listenerErrors);
    expect((await getOrders(bot.api)).find((o) => o.intent_id === ours?.intent_id)).toMatchObject({
      status: 'NEW',
      filled_qty: '0',
    });
    expect(await getPositions(bot.api)).toEqual(
      positionsBefore.map((p) => expect.objectContaining({ id: p.id, status: p.status })),
    );
    expect(venue.allOrders('BTCUSDT')).toHaveLength(1);

    // The stream still delivers the real fill.
    await venue.setPrice('BTCUSDT', limit.mul('0.999').toDecimalPlaces(2).toFixed());
    await waitFor(async () => (await getPositions(bot.api)).find((p) => p.status === 'Open'), {
      what: 'the real fill',
    });
    HealthResponse.parse(await (await bot.api('/api/v1/health', { token: null })).json());
    await expectBooksClean(bot.api, { sim: venue });
  });
});

describe('user data stream: semantically impossible numbers', () => {
  // Quantities, prices and fees are never negative: such a report is malformed, counted and
  // dropped, and must not fill a resting entry that never traded.
  it('refuses a report with a negative last quantity for one of our orders', async () => {
    const limit = new Dec(bookOf('ETHUSDT').bidPrice).mul('0.99').toDecimalPlaces(2);
    await bot.api('/api/v1/proposals', {
      method: 'POST',
      json: { symbol: 'ETHUSDT', side: 'BUY', order_type: 'LIMIT', quantity: '0.1', price: limit.toFixed() },
    });
    const ours = await waitFor(
      async () => (await getOrders(bot.api)).find((o) => o.symbol === 'ETHUSDT' && o.status === 'NEW'),
      {
        what: 'the ETH entry',
      },
    );
    const forged = {
      ...forgedFill('ETHUSDT', limit),
      c: ours.client_order_id,
      i: Number(ours.order_id),
      q: '0.1',
      l: '-0.1',
      z: '0.1',
      N: 'ETH',
    };
    const malformedBefore = adapter().user.stats().malformed;
    proxy.injectApiFrame(userEvent(proxy.subscriptionId() ?? 0, forged));
    await new Promise((r) => setTimeout(r, 300));
    expect((await getOrders(bot.api)).find((o) => o.intent_id === ours.intent_id)?.status).toBe('NEW');
    expect(adapter().user.stats().malformed).toBe(malformedBefore + 1);
    await expectBooksClean(bot.api, { sim: venue });
  });
});
