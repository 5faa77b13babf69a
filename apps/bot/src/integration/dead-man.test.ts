import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../testing/bot-harness';
import { freshDataDir, presetQuietConfig, removeDir } from './data-dir';
import { getState, waitReady } from './exchange-truth';
import { expectBooksClean } from './books-audit';
import { startSimVenue, type SimVenue } from './sim-venue';
import { waitFor } from './wait-for';

/*
 * Issue 7 item 1: when the market stops (the simulator's feed paused: no trade, no quote change,
 * only the kline stream repeating its unchanged candle), the dead-man switch pauses trading
 * within dead_man.market_data_timeout_min; resume clears it once data flows again.
 */

const TIMEOUT_MIN = 0.1; // 6 s, the schema's minimum
const TIMEOUT_MS = TIMEOUT_MIN * 60_000;

let venue: SimVenue;
let bot: TestBot;
let dir: string;

beforeAll(async () => {
  venue = await startSimVenue({ paused: false });
  dir = freshDataDir();
  presetQuietConfig(dir, { dead_man: { market_data_timeout_min: TIMEOUT_MIN } });
  bot = await startTestBot(venue.env, dir);
  await waitReady(bot.api);
});

afterAll(async () => {
  await bot?.close();
  await venue?.close();
  removeDir(dir);
});

describe('dead-man switch on market data', () => {
  it('pauses with DEAD_MAN_SWITCH within the timeout once the feed stops, and resume clears it', async () => {
    expect((await getState(bot.api)).trading_mode).toBe('RUNNING');
    await venue.admin('feed', { paused: true });
    const stoppedAt = Date.now();

    const fired = await waitFor(
      async () => {
        const s = await getState(bot.api);
        return s.no_go_reason?.code === 'DEAD_MAN_SWITCH' ? s : undefined;
      },
      { timeoutMs: TIMEOUT_MS + 4_000, intervalMs: 100, what: 'the dead-man switch' },
    );
    const elapsed = Date.now() - stoppedAt;
    // Not before the timeout (the last trade printed just before the pause), and within it plus
    // one check interval (the bot checks every second) and a margin for a loaded machine.
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 1_000);
    expect(elapsed).toBeLessThanOrEqual(TIMEOUT_MS + 2_500);
    expect(fired.trading_mode).toBe('PAUSED');
    expect(fired.dead_man.fired).toBe('MARKET_DATA');
    expect(fired.control_actions[0]).toMatchObject({
      action: 'dead-man-switch',
      before: 'RUNNING',
      after: 'PAUSED',
    });

    await venue.admin('feed', { paused: false });
    expect((await bot.api('/api/v1/control/resume', { method: 'POST', json: {} })).status).toBe(200);
    const resumed = await getState(bot.api);
    expect(resumed.trading_mode).toBe('RUNNING');
    expect(resumed.no_go_reason).toBeNull();
    expect(resumed.dead_man.fired).toBeNull();
    // Re-armed and fed: the deadline keeps moving forward with the flowing market.
    const deadline = resumed.dead_man.market_data_deadline_at ?? 0;
    await waitFor(
      async () => ((await getState(bot.api)).dead_man.market_data_deadline_at ?? 0) > deadline + 500,
      {
        what: 'the market-data deadline to move with fresh data',
      },
    );
    expect((await getState(bot.api)).no_go_reason).toBeNull();
    await expectBooksClean(bot.api, { sim: venue });
  });
});
