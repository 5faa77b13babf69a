import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProposalResponse } from '@aurora/contracts';
import { Dec } from '@aurora/core';
import type { Decimal } from 'decimal.js';
import { startTestBot, type TestBot } from '../testing/bot-harness';
import { freshDataDir, presetQuietConfig, removeDir } from './data-dir';
import { expectBooksMatchExchange, getPositions, getState, waitReady } from './exchange-truth';
import { expectBooksClean } from './books-audit';
import { startSimVenue, type SimVenue } from './sim-venue';
import { waitFor } from './wait-for';

/*
 * Review row C1, end to end through the simulator as Binance behaves: user-data events arrive
 * ~400 ms behind the REST answers, so every MARKET exit is closed by its FULL answer before
 * the stream says so. Three losing round trips with max_consecutive_losses 3 must count three
 * losses and trip the breaker (on the original code they left consecutive_losses at 0).
 */

const SEED = 11;
let venue: SimVenue;
let bot: TestBot;
let dir: string;

beforeAll(async () => {
  venue = await startSimVenue({ profile: 'realistic', seed: SEED });
  await venue.admin('behaviour', {
    userDataDelayMs: 400,
    userDataJitterMs: 50,
    answerDelayMs: 0,
    answerJitterMs: 0,
  });
  dir = freshDataDir();
  // One symbol, back to back: no per-symbol loss cool-down between the trips.
  presetQuietConfig(dir, { risk: { max_consecutive_losses: 3 }, insurance: { loss_cooldown_min: 0 } });
  bot = await startTestBot(venue.env, dir);
  await waitReady(bot.api);
});

afterAll(async () => {
  await bot?.close();
  await venue?.close();
  removeDir(dir);
});

const post = (path: string, json: unknown) => bot.api(path, { method: 'POST', json });
const ask = (symbol: string) =>
  new Dec((venue.sim.exchange.bookTicker(symbol) as unknown as { askPrice: string }).askPrice);
const cents = (d: Decimal) => d.toDecimalPlaces(2).toFixed();
const positionWhere = (id: string, status: string) =>
  waitFor(
    async () => {
      const p = (await getPositions(bot.api)).find((x) => x.id === id);
      return p?.status === status ? p : undefined;
    },
    { what: `${id} ${status}` },
  );

async function losingRoundTrip(): Promise<Decimal> {
  const ref = ask('BTCUSDT');
  // A wide stop and target: only our close ends the trade (the drop below stays inside them).
  const res = await post('/api/v1/proposals', {
    symbol: 'BTCUSDT',
    side: 'BUY',
    order_type: 'MARKET',
    quantity: '0.01',
    stop_price: cents(ref.mul('0.95')),
    take_profit_price: cents(ref.mul('1.05')),
  });
  const { decision } = ProposalResponse.parse(await res.json());
  expect(decision.final_decision).toBe('ALLOW');
  const id = `pos-${decision.intent_id}`;
  await positionWhere(id, 'Open');
  await venue.setPrice('BTCUSDT', cents(ref.mul('0.995')));
  const close = await post(`/api/v1/positions/${id}/close`, { reason: 'cut the loss' });
  expect(close.status, await close.clone().text()).toBe(200);
  const closed = await positionWhere(id, 'Closed');
  return new Dec(closed.realized_pnl);
}

describe(`three losing round trips with the REST answers ahead of the stream (sim seed ${SEED}, realistic)`, () => {
  it('counts every loss once and trips the consecutive-losses breaker', async () => {
    const pnls: Decimal[] = [];
    for (let i = 0; i < 3; i++) pnls.push(await losingRoundTrip());
    expect(pnls.every((p) => p.lt(0))).toBe(true);
    // Let the stream's late copies of every report arrive: they must add nothing.
    await new Promise((r) => setTimeout(r, 800));
    const s = await waitFor(
      async () => {
        const st = await getState(bot.api);
        return st.risk.circuit_breaker.state === 'Open' ? st : undefined;
      },
      { what: 'the consecutive-losses breaker' },
    );
    expect(s.risk.consecutive_losses).toBe(3);
    expect(s.risk.circuit_breaker).toMatchObject({ state: 'Open', reason: 'MAX_CONSECUTIVE_LOSSES' });
    expect(s.no_go_reason?.code).toBe('CIRCUIT_BREAKER');
    await expectBooksMatchExchange(bot.api, venue, 'BTCUSDT');
  });
});

describe('books audit', () => {
  it('ends with the bot’s books equal to the venue’s', async () => {
    await expectBooksClean(bot.api, { sim: venue });
  });
});
