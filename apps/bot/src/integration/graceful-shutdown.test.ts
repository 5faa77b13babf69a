import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Dec } from '@aurora/core';
import { startTestBot } from '../testing/bot-harness';
import { killHard, startBotProcess, type BotProcess } from './bot-process';
import { freshDataDir, presetQuietConfig, removeDir } from './data-dir';
import { getPositions, getState, waitReady } from './exchange-truth';
import { expectBooksClean } from './books-audit';
import { startSimVenue, type SimVenue } from './sim-venue';
import { waitFor } from './wait-for';

/*
 * Issue 7 item 5, with a real signal to a real process: SIGTERM pauses, cancels the LIMIT entry
 * orders (never an exit or protective order), logs every open position, exits 0 within 10 s;
 * a second signal forces the exit.
 */

let venue: SimVenue;
let dir: string;
let bot: BotProcess | null = null;

beforeEach(async () => {
  venue = await startSimVenue();
  dir = freshDataDir();
  presetQuietConfig(dir, { execution: { exchange_side_exits: true } });
  bot = await startBotProcess(dir, venue.env);
  await waitReady(bot.api);
});

afterEach(async () => {
  if (bot) await killHard(bot);
  bot = null;
  await venue.close();
  removeDir(dir);
});

const bookOf = (symbol: string) =>
  venue.sim.exchange.bookTicker(symbol) as unknown as { bidPrice: string; askPrice: string };
const cents = (d: Dec) => d.toDecimalPlaces(2).toFixed();

/** A resting ETH LIMIT entry 1 % under the market. */
async function restingEntry(b: BotProcess): Promise<void> {
  const price = new Dec(bookOf('ETHUSDT').bidPrice).mul('0.99');
  const res = await b.api('/api/v1/proposals', {
    method: 'POST',
    json: {
      symbol: 'ETHUSDT',
      side: 'BUY',
      order_type: 'LIMIT',
      quantity: '0.1',
      price: cents(price),
      stop_price: cents(price.mul('0.95')),
    },
  });
  expect(res.status).toBe(200);
  await waitFor(() => venue.openOrders('ETHUSDT').find((o) => o.type === 'LIMIT'), {
    what: 'the resting entry',
  });
}

/**
 * The bot has exited, so its books can only be audited by the next process on the same data:
 * start a bot on the same data dir, let the start-up reconcile settle what the shutdown left,
 * then audit.
 */
async function auditAfterRestart(): Promise<void> {
  // In-process: a second child process would only add its start-up time to the test.
  const next = await startTestBot(venue.env, dir);
  try {
    await waitReady(next.api);
    await expectBooksClean(next.api, { sim: venue });
  } finally {
    await next.close();
  }
}

const logLines = (b: BotProcess, msg: string) =>
  b.lines
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.msg === msg);

describe('graceful shutdown on SIGTERM', () => {
  it('pauses, cancels the LIMIT entry, keeps the protective stop, logs the position and exits 0 within 10 s', async () => {
    const b = bot!;
    const ref = new Dec(bookOf('BTCUSDT').askPrice);
    await b.api('/api/v1/proposals', {
      method: 'POST',
      json: {
        symbol: 'BTCUSDT',
        side: 'BUY',
        order_type: 'MARKET',
        quantity: '0.01',
        stop_price: cents(ref.mul('0.95')),
      },
    });
    const open = await waitFor(async () => (await getPositions(b.api)).find((p) => p.status === 'Open'), {
      what: 'the BTC position',
    });
    const stop = await waitFor(() => venue.openOrders('BTCUSDT').find((o) => o.type === 'STOP_LOSS_LIMIT'), {
      what: 'the protective stop',
    });
    await restingEntry(b);
    const entry = venue.openOrders('ETHUSDT')[0];

    // A slow venue stretches the shutdown so we can watch the bot while it winds down.
    venue.sim.faults.set({ latencyMs: 700 });
    const signalledAt = Date.now();
    b.kill('SIGTERM');
    const paused = await waitFor(
      async () => {
        const s = await getState(b.api);
        return s.trading_mode === 'PAUSED' ? s : undefined;
      },
      { what: 'the pause during shutdown' },
    );
    expect(paused.positions.find((p) => p.id === open.id)?.status).toBe('Open');

    expect(await b.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    venue.sim.faults.clear();
    expect(venue.allOrders('ETHUSDT').find((o) => o.orderId === entry?.orderId)?.status).toBe('CANCELED');
    expect(venue.openOrders('BTCUSDT').map((o) => [o.orderId, o.status])).toEqual([[stop.orderId, 'NEW']]);
    expect(logLines(b, 'shutdown: entry orders cancelled')).toEqual([
      expect.objectContaining({ cancelled: 1, failed: 0 }),
    ]);
    expect(logLines(b, 'open position left as is (never auto-closed)')).toEqual([
      expect.objectContaining({
        positionId: open.id,
        symbol: 'BTCUSDT',
        openQty: open.open_qty,
        status: 'Open',
      }),
    ]);
    await auditAfterRestart();
  });

  it('a second signal forces the exit while the first shutdown is still waiting on the venue', async () => {
    const b = bot!;
    await restingEntry(b);
    venue.sim.faults.set({ latencyMs: 8_000 });
    b.kill('SIGTERM');
    await waitFor(() => logLines(b, 'shutting down gracefully').length > 0, {
      what: 'the graceful shutdown to begin',
    });
    const secondAt = Date.now();
    b.kill('SIGTERM');
    expect(await b.exited).toBe(1);
    expect(Date.now() - secondAt).toBeLessThan(2_000);
    expect(logLines(b, 'second signal: forcing exit')).toHaveLength(1);
    venue.sim.faults.clear();
    await auditAfterRestart();
  });
});
