import { afterEach, describe, expect, it } from 'vitest';
import { Dec } from '@aurora/core';
import { startSimServer, type SimServer } from '@aurora/exchange-sim';
import { embeddedVenueOf, expectBooksClean } from './books-audit';
import { startTestBot, type TestBot } from '../testing/bot-harness';
import { freshDataDir, removeDir } from './data-dir';
import { getState, waitReady } from './exchange-truth';
import { waitFor } from './wait-for';

/*
 * Issue 14 item 2: paper trading on real prices. The embedded simulator mirrors a market-stream
 * host; a second simulator on loopback stands in for Binance's (nothing leaves this machine).
 * The bot talks to its embedded simulator exactly as in plain Demo.
 */

let bot: TestBot | null = null;
let upstream: SimServer | null = null;
let dir = '';
afterEach(async () => {
  // Every bot ends with its books equal to its embedded simulator's (also with the market halted).
  if (bot) await expectBooksClean(bot.api, embeddedVenueOf(bot));
  await bot?.close();
  await upstream?.close();
  bot = null;
  upstream = null;
  if (dir) removeDir(dir);
  dir = '';
});

async function startUpstream(): Promise<SimServer> {
  const s = await startSimServer({ port: 0, seed: 11, feed: { kind: 'synthetic', tickMs: 60_000 } });
  s.exchange.setPaused(true);
  return s;
}

const PRICES: Record<string, string> = { BTCUSDT: '91234.50', ETHUSDT: '3210.25', BNBUSDT: '612.30' };

async function mirroredBot(env: Record<string, string>): Promise<TestBot> {
  upstream = await startUpstream();
  dir = freshDataDir();
  const b = await startTestBot(
    { AURORA_SIM_FEED: 'mirror', AURORA_SIM_MIRROR_URL: upstream.streamUrl, ...env },
    dir,
  );
  await waitFor(async () => (await getState(b.api)).venue.market_feed?.upstream === 'live', {
    what: 'mirror upstream live',
  });
  for (const [symbol, price] of Object.entries(PRICES)) upstream.exchange.onPrice(symbol, price);
  await waitReady(b.api);
  return b;
}

describe('mirror feed: the Demo simulator on real (upstream) prices', () => {
  it('the bot sees the upstream prices; losing the upstream raises a MARKET_FEED_DOWN no-go and halts the market', async () => {
    bot = await mirroredBot({});
    const b = bot;
    const quote = await waitFor(
      async () => (await getState(b.api)).market.find((q) => q.symbol === 'BTCUSDT' && q.last === '91234.5'),
      { what: 'BTC quote at the upstream price' },
    );
    expect(new Dec(quote.bid).lt('91234.5') && new Dec(quote.ask).gt('91234.5')).toBe(true);
    upstream!.exchange.onPrice('BTCUSDT', '91500.00');
    await waitFor(
      async () => (await getState(b.api)).market.find((q) => q.symbol === 'BTCUSDT')?.last === '91500',
      { what: 'BTC follows the upstream' },
    );
    const live = await getState(b.api);
    expect(live.venue.market_feed).toMatchObject({
      kind: 'mirror',
      upstream: 'live',
      market: 'mirroring',
      fallback: 'none',
    });
    expect(live.no_go_reason).toBeNull();

    await upstream!.close();
    upstream = null;
    const down = await waitFor(
      async () => {
        const s = await getState(b.api);
        return s.no_go_reason?.code === 'MARKET_FEED_DOWN' ? s : undefined;
      },
      { what: 'MARKET_FEED_DOWN no-go' },
    );
    expect(down.venue.market_feed).toMatchObject({ upstream: 'down', market: 'halted' });
    expect(down.no_go_reason?.message).toMatch(/halted/);
    expect(down.recent_errors.map((e) => e.code)).toContain('MIRROR_DOWN');
    expect(bot.sim?.exchange.symbolStatus('BTCUSDT')).toBe('BREAK');
  });

  it('with AURORA_SIM_MIRROR_FALLBACK=synthetic it says so and trades on synthetic prices instead of halting', async () => {
    bot = await mirroredBot({ AURORA_SIM_MIRROR_FALLBACK: 'synthetic' });
    const b = bot;
    await upstream!.close();
    upstream = null;
    const fallback = await waitFor(
      async () => {
        const s = await getState(b.api);
        return s.venue.market_feed?.market === 'synthetic' ? s : undefined;
      },
      { what: 'synthetic fallback' },
    );
    expect(fallback.venue.market_feed).toMatchObject({ upstream: 'down', fallback: 'synthetic' });
    expect(fallback.no_go_reason?.code).not.toBe('MARKET_FEED_DOWN');
    expect(fallback.recent_errors.map((e) => e.code)).toContain('MIRROR_FALLBACK');
    expect(bot.sim?.exchange.symbolStatus('BTCUSDT')).toBe('TRADING');
  });

  it('without the setting the embedded simulator keeps its synthetic market and reports no mirror', async () => {
    dir = freshDataDir();
    bot = await startTestBot({}, dir);
    const s = await getState(bot.api);
    expect(s.venue.market_feed).toBeUndefined();
    expect(bot.sim?.mirrorStatus()).toBeNull();
  });
});
