import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiErrorBody, ProposalResponse, type PositionDto } from '@aurora/contracts';
import { Dec, ExchangeRejected, type PlaceOrderRequest } from '@aurora/core';
import { startTestBot, type TestBot } from '../testing/bot-harness';
import type { ExitFlow } from '@aurora/engine';
import { freshDataDir, presetQuietConfig, removeDir } from './data-dir';
import { getPositions, getState, waitReady } from './exchange-truth';
import { expectBooksClean } from './books-audit';
import { startSimVenue, type SimVenue } from './sim-venue';
import { waitFor } from './wait-for';

/*
 * Issue 10, the exit path (review rows H4, H5, M1, M6, L2), driven through the simulator: a bot
 * on an external venue whose feed is paused, so prices move only when the test moves them and
 * no book update arrives unless the test makes one.
 */

let venue: SimVenue;
let bot: TestBot;
let dir: string;
/** The bot's clock: real time plus a jump the test can add (to pass backoff delays). */
let jumpMs = 0;
const clock = { now: () => Date.now() + jumpMs };

beforeAll(async () => {
  venue = await startSimVenue({ profile: 'realistic' });
  dir = freshDataDir();
  // Every test round trip loses the spread: no per-symbol cool-down, no breaker from that.
  presetQuietConfig(dir, { insurance: { loss_cooldown_min: 0 }, risk: { max_consecutive_losses: 50 } });
  bot = await startTestBot(venue.env, dir, { clock });
  await waitReady(bot.api);
});

afterAll(async () => {
  await bot?.close();
  await venue?.close();
  removeDir(dir);
});

const exits = () => (bot.runtime as unknown as { exits: ExitFlow }).exits;
const exchange = () => bot.runtime.venue!.adapter.exchange;
const book = (symbol: string) => bot.runtime.market.book(symbol)!;
const position = async (id: string) => (await getPositions(bot.api)).find((p) => p.id === id);
const positionWhere = (id: string, pred: (p: PositionDto) => boolean, what: string, timeoutMs = 10_000) =>
  waitFor(
    async () => {
      const p = await position(id);
      return p && pred(p) ? p : undefined;
    },
    { what, timeoutMs },
  );
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A MARKET BUY through the API; returns its position id once the position is Open. */
async function openLong(symbol: string, quantity: string, stopPrice: string): Promise<string> {
  const res = await bot.api('/api/v1/proposals', {
    method: 'POST',
    json: { symbol, side: 'BUY', order_type: 'MARKET', quantity, stop_price: stopPrice },
  });
  const body: unknown = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  const { decision } = ProposalResponse.parse(body);
  expect(decision.final_decision, JSON.stringify(decision.gates.filter((g) => g.verdict !== 'ALLOW'))).toBe(
    'ALLOW',
  );
  const id = `pos-${decision.intent_id}`;
  await positionWhere(id, (p) => p.status === 'Open', 'the entry fill');
  return id;
}

/** Puts the stop just above the exit-side price, so the very next evaluation exits. */
function crossStop(id: string): void {
  const bid = book('BTCUSDT').bidPrice;
  bot.runtime.engines.positions.updateExitLevels(id, { stopPrice: bid.plus(100) });
}

/** Records exit placements (SELL orders) and lets `refuse` decide which ones the venue rejects. */
function watchSells(refuse: (req: PlaceOrderRequest) => boolean = () => false) {
  const ex = exchange();
  const original = ex.placeOrder.bind(ex);
  const sells: PlaceOrderRequest[] = [];
  ex.placeOrder = async (req: PlaceOrderRequest) => {
    if (req.side === 'SELL') sells.push(req);
    if (refuse(req))
      throw new ExchangeRejected('Account has insufficient balance for requested action.', -2010, 400);
    return original(req);
  };
  return { sells, restore: () => (ex.placeOrder = original) };
}

async function closeIfOpen(id: string): Promise<void> {
  const p = await position(id);
  if (p && p.status === 'Open') {
    const res = await bot.api(`/api/v1/positions/${id}/close`, {
      method: 'POST',
      json: { reason: 'test cleanup' },
    });
    expect(res.status).toBe(200);
  }
  await positionWhere(id, (x) => x.status === 'Closed', 'the cleanup close');
}

beforeEach(async () => {
  await venue.admin('feed', { paused: true });
});

describe('exit evaluation (M6, L2, M1)', () => {
  it('L2: a long stop fires at the bid, not the mid', async () => {
    const id = await openLong('BTCUSDT', '0.001', '30000');
    const { sells, restore } = watchSells();
    try {
      const b = book('BTCUSDT');
      expect(b.bidPrice.lt(b.askPrice)).toBe(true);
      // The bid touches the stop; the mid is half a spread above it.
      bot.runtime.engines.positions.updateExitLevels(id, { stopPrice: b.bidPrice });
      exits().evaluate('BTCUSDT');
      await positionWhere(id, (p) => p.status === 'Closed', 'the stop exit', 3_000);
      expect(sells).toHaveLength(1);
    } finally {
      restore();
    }
  });

  it('M1: no exit runs before the start-up reconcile has made the bot ready', async () => {
    const id = await openLong('BTCUSDT', '0.001', '30000');
    const { sells, restore } = watchSells();
    const rt = bot.runtime as unknown as { startupReconcile: () => Promise<void> };
    const held = rt.startupReconcile;
    try {
      // As after a restart: not ready, the start-up reconcile still running.
      // (The tick would start the start-up reconcile and end the test's premise: held off.)
      rt.startupReconcile = async () => undefined;
      bot.ctx.state.ready = false;
      crossStop(id);
      exits().evaluate('BTCUSDT');
      await sleep(1_500);
      expect(sells).toHaveLength(0);
      expect((await position(id))?.status).toBe('Open');
    } finally {
      rt.startupReconcile = held;
      bot.ctx.state.ready = true;
      restore();
    }
    await closeIfOpen(id);
  });

  it('M6: a stop crossed while no book update arrives is exited on the tick, the price read from REST', async () => {
    const id = await openLong('BTCUSDT', '0.001', '30000');
    const ex = exchange();
    const original = ex.getBookTicker.bind(ex);
    let restTickers = 0;
    ex.getBookTicker = async (symbol: string) => {
      restTickers++;
      return original(symbol);
    };
    try {
      // The feed is paused, so the market stream sends nothing: the tick notices the stale book
      // and reads the price from REST; only that path can see the stop.
      await waitFor(() => restTickers > 0, { what: 'a REST price for the stale book', timeoutMs: 8_000 });
      crossStop(id);
      await positionWhere(id, (p) => p.status === 'Closed', 'an exit without a book event', 8_000);
    } finally {
      ex.getBookTicker = original;
    }
  });

  it('M6: a stop crossed right after the venue dropped the market stream is exited on the tick', async () => {
    const id = await openLong('BTCUSDT', '0.001', '30000');
    await venue.admin('faults', { dropStreams: true });
    crossStop(id);
    await positionWhere(id, (p) => p.status === 'Closed', 'an exit while the stream is down', 10_000);
  });

  it('M6: a config patch that drops a symbol with an open position is refused with 409', async () => {
    const id = await openLong('BTCUSDT', '0.001', '30000');
    const config = async () =>
      ((await (await bot.api('/api/v1/config')).json()) as { config: { symbols: string[] } }).config;
    const symbols = (await config()).symbols.filter((s) => s !== 'BTCUSDT');
    const res = await bot.api('/api/v1/config', { method: 'PATCH', json: { symbols } });
    expect(res.status).toBe(409);
    expect(ApiErrorBody.parse(await res.json()).error.code).toBe('SYMBOL_IN_USE');
    expect((await config()).symbols).toContain('BTCUSDT');
    await closeIfOpen(id);
  });
});

describe('dust (H5)', () => {
  it('closes an Open position worth less than the minimum notional as dust, and risk counts the loss', async () => {
    const id = await openLong('BTCUSDT', '0.0001', '20000');
    const lossesBefore = (await getState(bot.api)).risk.consecutive_losses;
    // 0.0001 BTC at 40 000 = 4 USDT: more than one step, less than the 5 USDT minimum.
    await venue.setPrice('BTCUSDT', '40000.00');
    const closed = await positionWhere(id, (p) => p.status === 'Closed', 'the dust close', 8_000);
    expect(closed.tags).toMatchObject({ closed_as: 'dust' });
    expect(new Dec(closed.realized_pnl).lt(0)).toBe(true);
    const after = await getState(bot.api);
    expect(after.risk.consecutive_losses).toBe(lossesBefore + 1);
    // L6: the remainder is reported per asset and valued at the current price.
    const btcDust = after.dust.find((x) => x.asset === 'BTC');
    expect(btcDust && new Dec(btcDust.qty).gt(0)).toBe(true);
    expect(btcDust?.mark_value).not.toBeNull();
    await venue.setPrice('BTCUSDT', '67000.00');
  });
});

describe('exchange-side stops (M1)', () => {
  it('re-protects the position after a refused exit cancelled its exchange stop', async () => {
    const patch = await bot.api('/api/v1/config', {
      method: 'PATCH',
      json: { execution: { exchange_side_exits: true } },
    });
    expect(patch.status).toBe(200);
    const id = await openLong('BTCUSDT', '0.001', '60000');
    const stops = () => venue.openOrders('BTCUSDT').filter((o) => o.type === 'STOP_LOSS_LIMIT');
    await waitFor(() => stops().length === 1, { what: 'the exchange stop' });
    const first = stops()[0]!.clientOrderId;
    const { restore } = watchSells((req) => req.type === 'MARKET');
    try {
      const res = await bot.api(`/api/v1/positions/${id}/close`, {
        method: 'POST',
        json: { reason: 'refused' },
      });
      expect(res.status).toBe(502);
      // The exit cancelled the stop before it was refused; the remainder is protected again.
      const again = await waitFor(() => stops().find((o) => o.clientOrderId !== first), {
        what: 'a new exchange stop',
        timeoutMs: 5_000,
      });
      expect(again.origQty).toBe('0.00099000'); // 0.000999 held after the entry's BTC fee, floored to the step
    } finally {
      restore();
      await bot.api('/api/v1/config', {
        method: 'PATCH',
        json: { execution: { exchange_side_exits: false } },
      });
    }
    await closeIfOpen(id);
  });
});

// Last: it moves the bot's clock forward, which later entries would see as clock drift.
describe('refused exits (H4)', () => {
  it('backs off per position instead of re-sending on every book update, records one error, then opens a circuit', async () => {
    const id = await openLong('BTCUSDT', '0.001', '30000');
    // Repeated errors fold into one row with a count: the count is what each attempt would add.
    const exitErrors = async () =>
      (await getState(bot.api)).recent_errors
        .filter((e) => e.code === 'EXIT_REJECTED')
        .reduce((n, e) => n + e.count, 0);
    const errorsBefore = await exitErrors();
    const { sells, restore } = watchSells(() => true);
    try {
      await venue.admin('feed', { paused: false }); // book updates every 250 ms
      crossStop(id);
      await sleep(3_500);
      // Backoff 1 s, 2 s: at most three attempts in 3.5 s (every book update would be ~14).
      expect(sells.length).toBeGreaterThanOrEqual(1);
      expect(sells.length).toBeLessThanOrEqual(3);
      expect((await exitErrors()) - errorsBefore).toBe(1);

      // Pass the backoff delays: after six refusals automatic exits stop, with a review flag.
      for (let i = 0; i < 8 && !exits().exitCircuitOpen(id); i++) {
        jumpMs += 120_000;
        await sleep(1_300);
      }
      expect(exits().exitCircuitOpen(id)).toBe(true);
      const flagged = await position(id);
      expect(flagged?.review_flag).toContain('automatic exits stopped');
      const attempts = sells.length;
      jumpMs += 600_000;
      await sleep(1_500);
      expect(sells.length).toBe(attempts);
    } finally {
      restore();
      await venue.admin('feed', { paused: true });
    }
    // A manual close is still accepted with the circuit open, and clears the flag.
    const res = await bot.api(`/api/v1/positions/${id}/close`, {
      method: 'POST',
      json: { reason: 'operator' },
    });
    expect(res.status).toBe(200);
    const closed = await positionWhere(id, (p) => p.status === 'Closed', 'the manual close');
    expect(closed.review_flag).toBeNull();
  });
});

describe('books audit', () => {
  it('ends with the bot’s books equal to the venue’s', async () => {
    await expectBooksClean(bot.api, { sim: venue });
  });
});
