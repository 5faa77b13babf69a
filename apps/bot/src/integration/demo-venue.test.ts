import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiErrorBody, ProposalResponse, RuntimeConfig, defaultRuntimeConfig } from '@aurora/contracts';
import { BINANCE_DEMO, BINANCE_LIVE, VenueHostNotAllowed, isHostAllowed } from '@aurora/binance';
import { loadEnv } from '../config/env';
import { saveRuntimeConfig } from '../config/runtime-config-file';
import { createLogger } from '../logging/logger';
import { connectVenue, venueKindFor } from '../runtime/venue';
import { startTestBot, type TestBot } from '../testing/bot-harness';
import { embeddedVenueOf, expectBooksClean } from './books-audit';
import { freshDataDir, removeDir } from './data-dir';
import { getOrders, getState, waitReady } from './exchange-truth';
import { startSimVenue, type SimVenue } from './sim-venue';

/*
 * Issue 7 item 6 (g): Demo cannot place a real order. Live keys and even the live opt-in are in
 * the environment; still no request ever leaves for a non-loopback host (every fetch is watched
 * and one to another host would be refused here, so a regression cannot reach Binance).
 */

const LIVE_ENV = {
  AURORA_LIVE_ENABLED: 'true',
  BINANCE_API_KEY: 'live-key-that-must-never-be-used',
  BINANCE_API_SECRET: 'live-secret-that-must-never-be-used',
};
const silent = createLogger('silent');
const realFetch = globalThis.fetch;
const contacted: string[] = [];

beforeAll(() => {
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    contacted.push(url.hostname);
    if (!isHostAllowed('sim', url.hostname))
      return Promise.reject(new Error(`test refused a request to ${url.host}`));
    return realFetch(input, init);
  });
});
afterAll(() => vi.restoreAllMocks());

const nonLoopback = () => contacted.filter((h) => !isHostAllowed('sim', h));

/**
 * The embedded simulator's account is the bot's own: its truth is read through the bot's venue
 * port (REST on loopback). The tests below that start no bot (venue mapping and connection only)
 * have no books to audit.
 */
const venuePortOf = (b: TestBot) => embeddedVenueOf(b);

describe('Demo never reaches a live host', () => {
  let bot: TestBot | null = null;
  let dir = '';
  afterEach(async () => {
    await bot?.close();
    bot = null;
    if (dir) removeDir(dir);
    dir = '';
  });

  it('maps Demo to the simulator (or the testnet), never to live, whatever keys are set', () => {
    expect(venueKindFor('DEMO', loadEnv(LIVE_ENV))).toBe('sim');
    expect(
      venueKindFor(
        'DEMO',
        loadEnv({ ...LIVE_ENV, BINANCE_TESTNET_API_KEY: 'tk', BINANCE_TESTNET_API_SECRET: 'ts' }),
      ),
    ).toBe('testnet');
  });

  it('picks the Demo venue by AURORA_DEMO_VENUE, else Demo Mode keys > testnet keys > simulator', () => {
    const testnet = { BINANCE_TESTNET_API_KEY: 'tk', BINANCE_TESTNET_API_SECRET: 'ts' };
    const demo = { BINANCE_DEMO_API_KEY: 'dk', BINANCE_DEMO_API_SECRET: 'ds' };
    expect(venueKindFor('DEMO', loadEnv({ ...LIVE_ENV, ...testnet, ...demo }))).toBe('demo');
    expect(venueKindFor('DEMO', loadEnv({ ...LIVE_ENV, ...demo }))).toBe('demo');
    expect(venueKindFor('DEMO', loadEnv({ ...testnet, ...demo, AURORA_DEMO_VENUE: 'testnet' }))).toBe('testnet');
    expect(venueKindFor('DEMO', loadEnv({ ...testnet, ...demo, AURORA_DEMO_VENUE: 'sim' }))).toBe('sim');
    expect(venueKindFor('LIVE', loadEnv({ ...LIVE_ENV, ...demo }))).toBe('live');
    // An explicit choice without its keys is a configuration error at start-up, not a fallback.
    expect(() => loadEnv({ AURORA_DEMO_VENUE: 'demo', ...testnet })).toThrow(/AURORA_DEMO_VENUE/);
    expect(() => loadEnv({ AURORA_DEMO_VENUE: 'testnet', ...demo })).toThrow(/AURORA_DEMO_VENUE/);
    expect(() => loadEnv({ BINANCE_DEMO_API_KEY: 'dk' })).toThrow(/BINANCE_DEMO_API_SECRET/);
  });

  it('builds the Demo Mode venue on the demo hosts with the Demo keys, never a live or testnet host', async () => {
    const env = loadEnv({
      ...LIVE_ENV,
      BINANCE_TESTNET_API_KEY: 'tk',
      BINANCE_TESTNET_API_SECRET: 'ts',
      BINANCE_DEMO_API_KEY: 'dk',
      BINANCE_DEMO_API_SECRET: 'ds',
    });
    const conn = await connectVenue('DEMO', env, defaultRuntimeConfig(), silent);
    try {
      expect([conn.kind, conn.venue]).toEqual(['demo', BINANCE_DEMO]);
      expect(conn.description).toMatch(/Demo Mode/);
      const hosts = [conn.venue.restUrl, conn.venue.wsApiUrl, conn.venue.streamUrl].map((u) => new URL(u).hostname);
      expect(hosts).toEqual(['demo-api.binance.com', 'demo-ws-api.binance.com', 'demo-stream.binance.com']);
      for (const h of hosts) expect([isHostAllowed('live', h), isHostAllowed('testnet', h)]).toEqual([false, false]);
    } finally {
      await conn.close();
    }
    expect(contacted.filter((h) => h.startsWith('demo-'))).toEqual([]);
  });

  it('builds the Demo venue on loopback even with live keys and the live opt-in', async () => {
    const conn = await connectVenue('DEMO', loadEnv(LIVE_ENV), defaultRuntimeConfig(), silent);
    try {
      expect(conn.kind).toBe('sim');
      for (const url of [conn.venue.restUrl, conn.venue.wsApiUrl, conn.venue.streamUrl]) {
        expect(new URL(url).hostname).toBe('127.0.0.1');
      }
      expect(conn.venue.restUrl).not.toBe(BINANCE_LIVE.restUrl);
    } finally {
      await conn.close();
    }
  });

  it('refuses a live URL given as the simulator before sending anything', async () => {
    const env = loadEnv({
      ...LIVE_ENV,
      AURORA_SIM_URL: BINANCE_LIVE.restUrl,
      AURORA_SIM_API_KEY: 'k',
      AURORA_SIM_API_SECRET: 's',
    });
    await expect(connectVenue('DEMO', env, defaultRuntimeConfig(), silent)).rejects.toBeInstanceOf(
      VenueHostNotAllowed,
    );
    expect(nonLoopback()).toEqual([]);
  });

  it('trades a whole Demo order on the embedded simulator with live keys present, contacting only loopback', async () => {
    dir = freshDataDir();
    bot = await startTestBot(LIVE_ENV, dir);
    await waitReady(bot.api);
    const s = await getState(bot.api);
    expect([s.account_mode, s.venue.kind]).toEqual(['DEMO', 'sim']);
    const res = await bot.api('/api/v1/proposals', {
      method: 'POST',
      json: { symbol: 'BTCUSDT', side: 'BUY', order_type: 'MARKET', quantity: '0.001' },
    });
    const { decision } = ProposalResponse.parse(await res.json());
    expect(decision.final_decision).toBe('ALLOW');
    const order = (await getOrders(bot.api)).find((o) => o.intent_id === decision.intent_id);
    expect([order?.status, bot.sim?.restUrl]).toEqual(['FILLED', s.venue.rest_url]);
    // Switching to Live needs the typed phrase; a wrong one changes nothing.
    const refused = await bot.api('/api/v1/control/account-mode', {
      method: 'POST',
      json: { mode: 'LIVE', confirm: 'yes' },
    });
    expect(ApiErrorBody.parse(await refused.json()).error.code).toBe('CONFIRMATION_REQUIRED');
    expect((await getState(bot.api)).account_mode).toBe('DEMO');
    expect(contacted.length).toBeGreaterThan(0);
    await expectBooksClean(bot.api, venuePortOf(bot));
    expect(nonLoopback()).toEqual([]);
  });

  it('trades a Demo Mode order with the Demo keys on a loopback stand-in for the demo hosts', async () => {
    const venue: SimVenue = await startSimVenue();
    try {
      dir = freshDataDir();
      bot = await startTestBot(
        {
          ...LIVE_ENV,
          BINANCE_TESTNET_API_KEY: 'testnet-key-not-used',
          BINANCE_TESTNET_API_SECRET: 'testnet-secret-not-used',
          BINANCE_DEMO_API_KEY: venue.apiKey,
          BINANCE_DEMO_API_SECRET: venue.apiSecret,
        },
        dir,
        { venueStandIns: { demo: venue.sim.restUrl } },
      );
      await waitReady(bot.api);
      const s = await getState(bot.api);
      expect([s.account_mode, s.venue.kind, s.venue.rest_url]).toEqual(['DEMO', 'demo', venue.sim.restUrl]);
      expect(bot.sim).toBeNull();
      const res = await bot.api('/api/v1/proposals', {
        method: 'POST',
        json: { symbol: 'BTCUSDT', side: 'BUY', order_type: 'MARKET', quantity: '0.001' },
      });
      const { decision } = ProposalResponse.parse(await res.json());
      expect(decision.final_decision).toBe('ALLOW');
      // The order reached the account of the Demo keys on the stand-in venue.
      const placed = venue.allOrders('BTCUSDT').find((o) => o.clientOrderId === decision.intent_id);
      expect(placed?.status).toBe('FILLED');
      expect(nonLoopback()).toEqual([]);
    } finally {
      await bot?.close();
      bot = null;
      await venue.close();
    }
  });

  it('starts in Demo when the saved config says LIVE but the live opt-in is missing', async () => {
    dir = freshDataDir();
    saveRuntimeConfig(dir, RuntimeConfig.parse({ account_mode: 'LIVE' }));
    bot = await startTestBot(
      { BINANCE_API_KEY: LIVE_ENV.BINANCE_API_KEY, BINANCE_API_SECRET: LIVE_ENV.BINANCE_API_SECRET },
      dir,
    );
    const s = await getState(bot.api);
    expect([s.account_mode, s.venue.kind]).toEqual(['DEMO', 'sim']);
    expect(s.recent_errors.map((e) => e.code)).toContain('LIVE_NOT_ENABLED');
    await waitReady(bot.api);
    await expectBooksClean(bot.api, venuePortOf(bot));
    expect(nonLoopback()).toEqual([]);
  });
});
