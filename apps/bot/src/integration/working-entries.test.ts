import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProposalResponse } from '@aurora/contracts';
import { Dec } from '@aurora/core';
import { startTestBot, type TestBot } from '../testing/bot-harness';
import { freshDataDir, presetQuietConfig, removeDir } from './data-dir';
import { getState, waitReady } from './exchange-truth';
import { expectBooksClean } from './books-audit';
import { startSimVenue, type SimVenue } from './sim-venue';
import { waitFor } from './wait-for';

/*
 * Review row H6: a resting LIMIT entry (a Pending position, nothing filled) is exposure and holds
 * a concurrency slot from the moment it is placed. With max_concurrent_positions = 1, a second
 * symbol's entry must be refused while the first one rests — before, the Pending position was
 * left out of the count and every symbol's candle could open its own entry.
 */

let venue: SimVenue;
let bot: TestBot;
let dir: string;

beforeAll(async () => {
  venue = await startSimVenue();
  dir = freshDataDir();
  presetQuietConfig(dir, { risk: { max_concurrent_positions: 1 } });
  bot = await startTestBot(venue.env, dir);
  await waitReady(bot.api);
});

afterAll(async () => {
  await bot?.close({ graceful: false });
  await venue?.close();
  removeDir(dir);
});

const bid = (symbol: string) =>
  new Dec((venue.sim.exchange.bookTicker(symbol) as unknown as { bidPrice: string }).bidPrice);

const restingEntry = (symbol: string, quantity: string) =>
  bot.api('/api/v1/proposals', {
    method: 'POST',
    json: {
      symbol,
      side: 'BUY',
      order_type: 'LIMIT',
      quantity,
      price: bid(symbol).mul('0.99').toDecimalPlaces(2).toFixed(),
      stop_price: bid(symbol).mul('0.95').toDecimalPlaces(2).toFixed(),
    },
  });

describe('working entries count against the limits (H6)', () => {
  it('a resting entry holds the only concurrency slot: the next symbol is refused, nothing is sent', async () => {
    const first = ProposalResponse.parse(await (await restingEntry('ETHUSDT', '0.01')).json()).decision;
    expect(first.final_decision).toBe('ALLOW');
    await waitFor(() => venue.openOrders('ETHUSDT')[0], { what: 'the resting ETH entry' });
    const s = await getState(bot.api);
    expect(s.risk.open_positions_count).toBe(1);
    expect(new Dec(s.risk.exposure_by_symbol.ETHUSDT ?? '0').gt(0)).toBe(true);

    const second = ProposalResponse.parse(await (await restingEntry('BTCUSDT', '0.0002')).json()).decision;
    expect(second).toMatchObject({ final_decision: 'BLOCK', blocking_layer: 'RISK', intent_id: null });
    expect(second.gates.at(-1)?.reason_code).toBe('MAX_CONCURRENT_POSITIONS');
    expect(venue.allOrders('BTCUSDT')).toEqual([]);
  });
});

describe('books audit', () => {
  it('ends with the bot’s books equal to the venue’s', async () => {
    await expectBooksClean(bot.api, { sim: venue });
  });
});
