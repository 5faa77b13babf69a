import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiErrorBody,
  ClosePositionResponse,
  ControlResponse,
  DecisionsResponse,
  ProposalResponse,
  type PositionDto,
} from '@aurora/contracts';
import { Dec } from '@aurora/core';
import type { Decimal } from 'decimal.js';
import { startTestBot, type TestBot } from '../testing/bot-harness';
import { freshDataDir, presetQuietConfig, removeDir } from './data-dir';
import { dec, getOrders, getPositions, getState, getTrades, waitReady } from './exchange-truth';
import { expectBooksClean } from './books-audit';
import { startSimVenue, type SimVenue } from './sim-venue';
import { waitFor } from './wait-for';

/*
 * Issue 5's completion criteria as one story, in order: Demo → a resting LIMIT entry → its fill →
 * PnL from the fills → a close whose realized PnL is the quote balance change → losses until the
 * daily-loss breaker trips → KILL → restart on the same data dir and the same (external) venue.
 */

let venue: SimVenue;
let bot: TestBot;
let dir: string;

beforeAll(async () => {
  venue = await startSimVenue();
  dir = freshDataDir();
  presetQuietConfig(dir);
  bot = await startTestBot(venue.env, dir);
  await waitReady(bot.api);
});

afterAll(async () => {
  await bot?.close();
  await venue?.close();
  removeDir(dir);
});

const book = (symbol: string) =>
  venue.sim.exchange.bookTicker(symbol) as unknown as { bidPrice: string; askPrice: string };
const cents = (d: Decimal) => d.toDecimalPlaces(2).toFixed();
const post = (path: string, json: unknown) => bot.api(path, { method: 'POST', json });
const patchConfig = async (json: unknown) =>
  expect((await bot.api('/api/v1/config', { method: 'PATCH', json })).status).toBe(200);
const position = async (id: string) => (await getPositions(bot.api)).find((p) => p.id === id);
const positionWhere = (id: string, pred: (p: PositionDto) => boolean, what: string) =>
  waitFor(
    async () => {
      const p = await position(id);
      return p && pred(p) ? p : undefined;
    },
    { what },
  );

/**
 * Unrealized PnL of a long from its fills, average cost: every fill adds its quantity and cost;
 * a commission paid in the base asset gives up those units at their average cost.
 */
function unrealizedFromFills(
  fills: { price: string; qty: string; commission: string; commission_asset: string }[],
  mark: Decimal,
) {
  let qty = new Dec(0);
  let cost = new Dec(0);
  for (const f of fills) {
    qty = qty.plus(f.qty);
    cost = cost.plus(new Dec(f.qty).mul(f.price));
    if (f.commission_asset === 'BTC') {
      cost = cost.minus(cost.mul(f.commission).div(qty));
      qty = qty.minus(f.commission);
    }
  }
  return qty.mul(mark).minus(cost);
}

describe('one trading day, end to end', () => {
  let firstPositionId = '';
  let keptPositionId = '';
  let keptBefore: PositionDto | undefined;

  it('starts in Demo on the simulator', async () => {
    const s = await getState(bot.api);
    expect(s.account_mode).toBe('DEMO');
    expect(s.venue.kind).toBe('sim');
    expect(s.venue.rest_url).toBe(venue.sim.restUrl);
    expect(s.trading_mode).toBe('RUNNING');
    expect(s.no_go_reason).toBeNull();
    await expectBooksClean(bot.api, { sim: venue });
  });

  it('places a LIMIT entry that rests, fills when the price moves through it, and values it from its fills', async () => {
    const usdtBefore = new Dec(venue.balance('USDT'));
    const btcBefore = new Dec(venue.balance('BTC'));
    const limit = new Dec(book('BTCUSDT').bidPrice).mul('0.998');
    const res = await post('/api/v1/proposals', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      order_type: 'LIMIT',
      quantity: '0.01',
      price: cents(limit),
      stop_price: cents(limit.mul('0.95')),
      take_profit_price: cents(limit.mul('1.05')),
    });
    expect(res.status).toBe(200);
    const { decision } = ProposalResponse.parse(await res.json());
    expect(decision.final_decision).toBe('ALLOW');
    // An operator's proposal is tagged 'manual', and GET /decisions filters on the proposer.
    expect([decision.strategy, decision.params_id]).toEqual(['manual', null]);
    const byStrategy = async (name: string) =>
      DecisionsResponse.parse(await (await bot.api(`/api/v1/decisions?strategy=${name}`)).json()).items.map((d) => d.id);
    expect(await byStrategy('manual')).toContain(decision.id);
    expect(await byStrategy('ema-cross')).not.toContain(decision.id);
    expect((await bot.api('/api/v1/decisions?strategy=Not%20A%20Name')).status).toBe(400);

    const resting = (await getOrders(bot.api)).find((o) => o.intent_id === decision.intent_id);
    expect(resting).toMatchObject({
      type: 'LIMIT',
      side: 'BUY',
      status: 'NEW',
      price: cents(limit),
      quantity: '0.01',
    });
    expect(venue.openOrders('BTCUSDT').map((o) => o.clientOrderId)).toEqual([resting?.client_order_id]);
    firstPositionId = resting?.position_id ?? '';

    await venue.setPrice('BTCUSDT', cents(limit.mul('0.999')));
    await positionWhere(firstPositionId, (p) => p.status === 'Open', 'the entry fill');
    const fills = await getTrades(bot.api, 'BTCUSDT');
    expect(fills.map((f) => f.client_order_id)).toEqual([resting?.client_order_id]);
    expect(fills.map((f) => f.price)).toEqual([cents(limit)]);

    // The market rallies 0.5 %: the position's PnL is the fills' PnL at the bot's mark (the mid).
    await venue.setPrice('BTCUSDT', cents(limit.mul('1.005')));
    const { bidPrice, askPrice } = book('BTCUSDT');
    const mid = new Dec(bidPrice).plus(askPrice).div(2);
    const marked = await positionWhere(
      firstPositionId,
      (p) => p.mark_price !== null && new Dec(p.mark_price).eq(mid),
      'the new mark',
    );
    expect(dec(marked.unrealized_pnl)).toBe(unrealizedFromFills(fills, mid).toFixed());
    expect(new Dec(marked.unrealized_pnl).gt(0)).toBe(true);

    // Close: realized PnL (fees included) is exactly what the account gained in USDT.
    const closeRes = await post(`/api/v1/positions/${firstPositionId}/close`, { reason: 'take the profit' });
    expect(closeRes.status).toBe(200);
    ClosePositionResponse.parse(await closeRes.json());
    const closed = await positionWhere(firstPositionId, (p) => p.status === 'Closed', 'the close');
    const usdtChange = new Dec(venue.balance('USDT')).minus(usdtBefore);
    expect(dec(closed.realized_pnl)).toBe(usdtChange.toFixed());
    expect(venue.balance('BTC')).toBe(btcBefore.toFixed());
    expect(new Dec(closed.realized_pnl).gt(0)).toBe(true);
    expect(dec((await getState(bot.api)).pnl_today.realized_today)).toBe(usdtChange.toFixed());
    await expectBooksClean(bot.api, { sim: venue });
  });

  it('keeps a protected ETH position open on the exchange (its stop rests there)', async () => {
    await patchConfig({ execution: { exchange_side_exits: true } });
    const ref = new Dec(book('ETHUSDT').askPrice);
    const res = await post('/api/v1/proposals', {
      symbol: 'ETHUSDT',
      side: 'BUY',
      order_type: 'MARKET',
      quantity: '0.1',
      stop_price: cents(ref.mul('0.95')),
      take_profit_price: cents(ref.mul('1.05')),
    });
    const { decision } = ProposalResponse.parse(await res.json());
    keptPositionId = `pos-${decision.intent_id}`;
    await positionWhere(keptPositionId, (p) => p.status === 'Open', 'the ETH entry');
    await waitFor(() => venue.openOrders('ETHUSDT').find((o) => o.type === 'STOP_LOSS_LIMIT'), {
      what: 'the protective stop on the exchange',
    });
    await patchConfig({ execution: { exchange_side_exits: false } });
    await expectBooksClean(bot.api, { sim: venue });
  });

  it('trips the daily-loss breaker after a stopped-out trade; new entries are blocked by RISK', async () => {
    const ref = new Dec(book('BTCUSDT').askPrice);
    const res = await post('/api/v1/proposals', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      order_type: 'MARKET',
      quantity: '0.01',
      stop_price: cents(ref.mul('0.997')),
      take_profit_price: cents(ref.mul('1.05')),
    });
    const { decision } = ProposalResponse.parse(await res.json());
    const losingId = `pos-${decision.intent_id}`;
    await positionWhere(losingId, (p) => p.status === 'Open', 'the second entry');
    // 0.01 % of ~23 400 USDT equity: one stopped-out trade is more than the day may lose.
    await patchConfig({ risk: { max_daily_loss_pct: 0.01 } });
    await venue.setPrice('BTCUSDT', cents(ref.mul('0.994')));
    const stopped = await positionWhere(losingId, (p) => p.status === 'Closed', 'the stop-loss exit');
    expect(new Dec(stopped.realized_pnl).lt(0)).toBe(true);

    const s = await waitFor(
      async () => {
        const st = await getState(bot.api);
        return st.no_go_reason?.code === 'CIRCUIT_BREAKER' ? st : undefined;
      },
      { what: 'the breaker no-go reason' },
    );
    expect(s.risk.circuit_breaker).toMatchObject({ state: 'Open', reason: 'MAX_DAILY_LOSS' });
    // BNB: no loss cool-down, no open position, a fresh quote — only the breaker stands in the way.
    await venue.setPrice('BNBUSDT', book('BNBUSDT').bidPrice);
    const blocked = await post('/api/v1/proposals', {
      symbol: 'BNBUSDT',
      side: 'BUY',
      order_type: 'MARKET',
      quantity: '0.1',
    });
    const { decision: refused } = ProposalResponse.parse(await blocked.json());
    expect(refused).toMatchObject({ final_decision: 'BLOCK', blocking_layer: 'RISK', intent_id: null });
    expect(refused.gates.at(-1)?.reason_code).toBe('CIRCUIT_BREAKER');
    expect(venue.allOrders('BNBUSDT')).toEqual([]);
    await expectBooksClean(bot.api, { sim: venue });
  });

  it('KILL blocks new orders and leaves the open position and its stop as they were', async () => {
    keptBefore = await position(keptPositionId);
    const res = await post('/api/v1/control/kill', { reason: 'end of the test day' });
    expect(ControlResponse.parse(await res.json()).trading_mode).toBe('KILLED');
    expect((await getState(bot.api)).no_go_reason?.code).toBe('KILLED');

    const refused = await post('/api/v1/proposals', {
      symbol: 'ETHUSDT',
      side: 'BUY',
      order_type: 'MARKET',
      quantity: '0.1',
    });
    expect(refused.status).toBe(409);
    expect(ApiErrorBody.parse(await refused.json()).error.code).toBe('TRADING_NOT_RUNNING');
    expect(venue.allOrders('ETHUSDT').filter((o) => o.side === 'BUY')).toHaveLength(1);

    const after = await position(keptPositionId);
    expect(after).toMatchObject({
      status: 'Open',
      open_qty: keptBefore?.open_qty,
      avg_entry_price: keptBefore?.avg_entry_price,
      stop_price: keptBefore?.stop_price,
    });
    expect(venue.openOrders('ETHUSDT').map((o) => o.type)).toEqual(['STOP_LOSS_LIMIT']);
    await expectBooksClean(bot.api, { sim: venue });
  });

  it('after a restart, the start-up reconcile finds the position and its order on the exchange', async () => {
    await bot.close();
    bot = await startTestBot(venue.env, dir);
    await waitReady(bot.api);
    const s = await getState(bot.api);
    expect(s.trading_mode).toBe('KILLED');
    expect(s.last_reconcile).toMatchObject({ trigger: 'STARTUP', ok: true, drift: [] });

    const open = s.positions.filter((p) => p.status === 'Open');
    expect(open.map((p) => [p.id, p.open_qty, p.avg_entry_price])).toEqual([
      [keptPositionId, keptBefore?.open_qty, keptBefore?.avg_entry_price],
    ]);
    const [stop] = venue.openOrders('ETHUSDT');
    expect(s.open_orders.map((o) => [o.order_id, o.purpose, o.status, o.position_id])).toEqual([
      [String(stop?.orderId), 'PROTECTIVE', 'NEW', keptPositionId],
    ]);
    expect(s.risk.circuit_breaker.state).toBe('Open');
    await expectBooksClean(bot.api, { sim: venue });
  });
});
