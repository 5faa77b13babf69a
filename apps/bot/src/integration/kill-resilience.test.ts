import { afterEach, describe, expect, it } from 'vitest';
import { ApiErrorBody, ControlResponse, HealthResponse } from '@aurora/contracts';
import { Dec } from '@aurora/core';
import { startTestBot, type TestBot } from '../testing/bot-harness';
import { refuseDatabaseWrites } from './database-refusal';
import { freshDataDir, presetQuietConfig, removeDir } from './data-dir';
import { getState, waitReady } from './exchange-truth';
import { expectBooksClean } from './books-audit';
import { startSimVenue, type SimVenue } from './sim-venue';
import { waitFor } from './wait-for';

/*
 * Issue 7 item 6 (f): KILL works when the exchange is unreachable and when the database refuses
 * writes — the mode becomes KILLED, new orders are refused and the API keeps answering.
 */

let venue: SimVenue | null = null;
let bot: TestBot | null = null;
let dir = '';

afterEach(async () => {
  await bot?.close({ graceful: false }).catch(() => undefined);
  await venue?.close();
  bot = null;
  venue = null;
  removeDir(dir);
});

/** A bot on its own venue with one resting ETH LIMIT entry (what KILL must cancel). */
async function botWithRestingEntry(): Promise<{ bot: TestBot; venue: SimVenue; entryId: number }> {
  venue = await startSimVenue();
  dir = freshDataDir();
  presetQuietConfig(dir);
  bot = await startTestBot(venue.env, dir);
  await waitReady(bot.api);
  const bid = new Dec((venue.sim.exchange.bookTicker('ETHUSDT') as unknown as { bidPrice: string }).bidPrice);
  const res = await bot.api('/api/v1/proposals', {
    method: 'POST',
    json: {
      symbol: 'ETHUSDT',
      side: 'BUY',
      order_type: 'LIMIT',
      quantity: '0.1',
      price: bid.mul('0.99').toDecimalPlaces(2).toFixed(),
    },
  });
  expect(res.status).toBe(200);
  const entry = await waitFor(() => venue?.openOrders('ETHUSDT')[0], { what: 'the resting entry' });
  return { bot, venue, entryId: entry.orderId };
}

async function expectKilledAndAnswering(b: TestBot): Promise<void> {
  const s = await getState(b.api);
  expect(s.trading_mode).toBe('KILLED');
  expect(s.no_go_reason?.code).toBe('KILLED');
  const refused = await b.api('/api/v1/proposals', {
    method: 'POST',
    json: { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.01' },
  });
  expect(refused.status).toBe(409);
  expect(ApiErrorBody.parse(await refused.json()).error.code).toBe('TRADING_NOT_RUNNING');
  HealthResponse.parse(await (await b.api('/api/v1/health', { token: null })).json());
}

describe('KILL under failure', () => {
  it('kills with the exchange unreachable: KILLED at once, the API answers, the failure is recorded', async () => {
    const { bot: b, venue: v } = await botWithRestingEntry();
    await v.close();
    const startedAt = Date.now();
    const res = await b.api('/api/v1/control/kill', { method: 'POST', json: { reason: 'venue down' } });
    expect(res.status).toBe(200);
    expect(ControlResponse.parse(await res.json()).trading_mode).toBe('KILLED');
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    await expectKilledAndAnswering(b);
    expect((await getState(b.api)).control_actions[0]).toMatchObject({
      action: 'kill',
      after: 'KILLED',
      detail: 'venue down',
    });
    // The venue's server is down, its matching engine still answers in-process; the bot's own
    // audit cannot reach the venue, so only the outside audit runs.
    await expectBooksClean(b.api, { sim: v }, { botAudit: false });
  });

  it('kills with the database refusing writes: KILLED, the entry still cancelled on the exchange', async () => {
    const { bot: b, venue: v, entryId } = await botWithRestingEntry();
    refuseDatabaseWrites(b);
    const res = await b.api('/api/v1/control/kill', { method: 'POST', json: { reason: 'disk full' } });
    expect(res.status).toBe(200);
    expect(ControlResponse.parse(await res.json()).trading_mode).toBe('KILLED');
    await expectKilledAndAnswering(b);
    expect(v.allOrders('ETHUSDT').find((o) => o.orderId === entryId)?.status).toBe('CANCELED');
    const codes = (await getState(b.api)).recent_errors.map((e) => e.code);
    expect(codes).toContain('KILL_PERSIST_FAILED');
    await expectBooksClean(b.api, { sim: v });
  });
});

describe('the rest of the bot with the database refusing writes', () => {
  // The runtime's last-resort handler (called from timers and stream listeners) records through
  // AppState; with the database refusing writes that must stay best-effort, never a throw that
  // escapes a timer.
  it('records a handler failure without throwing', async () => {
    const { bot: b, venue: v } = await botWithRestingEntry();
    refuseDatabaseWrites(b);
    expect(() => b.runtime.onHandlerError('tick', new Error('boom'))).not.toThrow();
    await expectBooksClean(b.api, { sim: v });
  });
});
