import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProposalResponse, type PositionDto } from '@aurora/contracts';
import { Dec } from '@aurora/core';
import { startTestBot, type TestBot } from '../testing/bot-harness';
import { freshDataDir, presetQuietConfig, removeDir } from './data-dir';
import { getPositions, getState, waitReady } from './exchange-truth';
import { expectBooksClean } from './books-audit';
import { startSimVenue, type SimVenue } from './sim-venue';
import { waitFor } from './wait-for';

/*
 * Issue 10, review row H3, driven through the simulator's BNB fee burn: the account pays every
 * commission in BNB, so BTCUSDT fills take BNB from the same balance that holds the bot's
 * BNBUSDT position. The position's books still show the BNB it bought; the account has less.
 */

let venue: SimVenue;
let bot: TestBot;
let dir: string;

beforeAll(async () => {
  venue = await startSimVenue({ balances: { USDT: '100000' }, bnbBurn: true });
  dir = freshDataDir();
  presetQuietConfig(dir, { insurance: { loss_cooldown_min: 0 } });
  bot = await startTestBot(venue.env, dir);
  await waitReady(bot.api);
});

afterAll(async () => {
  await bot?.close();
  await venue?.close();
  removeDir(dir);
});

const position = async (id: string) => (await getPositions(bot.api)).find((p) => p.id === id);
const positionWhere = (id: string, pred: (p: PositionDto) => boolean, what: string) =>
  waitFor(
    async () => {
      const p = await position(id);
      return p && pred(p) ? p : undefined;
    },
    { what },
  );

async function buy(symbol: string, quantity: string, stopPrice: string): Promise<string> {
  const res = await bot.api('/api/v1/proposals', {
    method: 'POST',
    json: { symbol, side: 'BUY', order_type: 'MARKET', quantity, stop_price: stopPrice },
  });
  expect(res.status).toBe(200);
  const { decision } = ProposalResponse.parse(await res.json());
  expect(decision.final_decision).toBe('ALLOW');
  const id = `pos-${decision.intent_id}`;
  await positionWhere(id, (p) => p.status === 'Open', `the ${symbol} entry`);
  return id;
}

const close = (id: string) =>
  bot.api(`/api/v1/positions/${id}/close`, { method: 'POST', json: { reason: 'test' } });

describe('an exit capped by the free base balance (H3)', () => {
  it('sells what the account holds when BNB fees of other symbols ate into the BNB position, and books and flags the rest', async () => {
    const bnb = await buy('BNBUSDT', '0.05', '300');
    const booked = new Dec((await position(bnb))!.open_qty);
    // A BTCUSDT round trip: both fills pay their commission in BNB, from the BNB position's coins.
    const btc = await buy('BTCUSDT', '0.01', '30000');
    expect((await close(btc)).status).toBe(200);
    await positionWhere(btc, (p) => p.status === 'Closed', 'the BTC close');
    const held = await waitFor(
      () => {
        const free = new Dec(venue.balance('BNB'));
        return free.lt(booked.toDecimalPlaces(3, Dec.ROUND_DOWN)) ? free : undefined;
      },
      { what: 'BNB fees below the booked quantity' },
    );

    const res = await close(bnb);
    expect(res.status, await res.clone().text()).toBe(200);
    const closed = await positionWhere(bnb, (p) => p.status === 'Closed', 'the capped BNB close');
    // Sold: what the account had, floored to the 0.001 step; the venue keeps only sub-step dust.
    expect(new Dec(venue.balance('BNB')).lt('0.001')).toBe(true);
    expect(new Dec(closed.exited_qty).eq(held.toDecimalPlaces(3, Dec.ROUND_DOWN))).toBe(true);
    expect(closed.tags.missing_units).toBeDefined();
    expect(closed.review_flag).toContain("more than the account's free balance");
    const s = await getState(bot.api);
    expect(s.control_actions.map((a) => a.action)).toContain('position.missing-units');
    expect(s.recent_errors.map((e) => e.code)).not.toContain('EXIT_REJECTED');
  });
});

describe('books audit', () => {
  it('ends with the bot’s books equal to the venue’s', async () => {
    await expectBooksClean(bot.api, { sim: venue });
  });
});
