import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProposalResponse, type OrderDto, type PositionDto, type TradeDto } from '@aurora/contracts';
import { startTestBot, type TestBot } from '../testing/bot-harness';
import { freshDataDir, presetQuietConfig, removeDir } from '../integration/data-dir';
import { getPositions, waitReady } from '../integration/exchange-truth';
import { startSimVenue, type SimVenue } from '../integration/sim-venue';
import { waitFor } from '../integration/wait-for';
import {
  countVenueRecords,
  ledgerOfSim,
  readVenueRecords,
  type BotBooks,
  type VenueOrderJson,
  type VenueTradeJson,
} from './venue-records';

const CID = 'aur-00000000000000000000000000000001';
const EXIT = 'aur-00000000000000000000000000000002';

const venueOrder = (over: Partial<VenueOrderJson>): VenueOrderJson => ({
  symbol: 'BTCUSDT',
  orderId: 1,
  clientOrderId: CID,
  price: '0',
  origQty: '0.001',
  executedQty: '0.001',
  cummulativeQuoteQty: '50',
  status: 'FILLED',
  timeInForce: 'GTC',
  type: 'MARKET',
  side: 'BUY',
  stopPrice: '0',
  time: 1,
  updateTime: 1,
  ...over,
});
const venueTrade = (over: Partial<VenueTradeJson>): VenueTradeJson => ({
  symbol: 'BTCUSDT',
  id: 10,
  orderId: 1,
  price: '50000',
  qty: '0.001',
  quoteQty: '50',
  commission: '0.05',
  commissionAsset: 'USDT',
  time: 1,
  isBuyer: true,
  isMaker: false,
  ...over,
});
const intent = (over: Partial<OrderDto>): OrderDto =>
  ({
    intent_id: 'i1',
    client_order_id: CID,
    order_id: '1',
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'MARKET',
    purpose: 'ENTRY',
    position_id: 'pos-i1',
    intent_status: 'ACKED',
    status: 'FILLED',
    ...over,
  }) as OrderDto;
const trade = (orderId: string, tradeId: string): TradeDto =>
  ({ symbol: 'BTCUSDT', order_id: orderId, trade_id: tradeId }) as TradeDto;
const position = (over: Partial<PositionDto>): PositionDto =>
  ({
    id: 'pos-i1',
    symbol: 'BTCUSDT',
    status: 'Closed',
    entry_client_order_id: CID,
    exit_client_order_ids: [EXIT],
    open_qty: '0',
    stop_price: '40000',
    trailing_stop_price: null,
    error_reason: null,
    ...over,
  }) as PositionDto;

/** One round trip, booked exactly as the venue holds it. */
function roundTrip(): { venue: { orders: VenueOrderJson[]; trades: VenueTradeJson[] }; books: BotBooks } {
  return {
    venue: {
      orders: [venueOrder({}), venueOrder({ orderId: 2, clientOrderId: EXIT, side: 'SELL' })],
      trades: [venueTrade({}), venueTrade({ id: 11, orderId: 2, isBuyer: false })],
    },
    books: {
      orders: [
        intent({}),
        intent({ intent_id: 'i2', client_order_id: EXIT, order_id: '2', side: 'SELL', purpose: 'EXIT' }),
      ],
      trades: [trade('1', '10'), trade('2', '11')],
      positions: [position({})],
      exchangeSideExits: false,
    },
  };
}

describe('countVenueRecords', () => {
  it('finds nothing when the books hold exactly the venue records', () => {
    const { venue, books } = roundTrip();
    expect(countVenueRecords(venue, books)).toMatchObject({
      orders: 2,
      fills: 2,
      duplicates: 0,
      lostFills: 0,
      stuckPositions: 0,
      details: [],
    });
  });

  it("counts a clientOrderId on two venue orders, and the second one's unbooked fill", () => {
    const { venue, books } = roundTrip();
    venue.orders.push(venueOrder({ orderId: 3 }));
    venue.trades.push(venueTrade({ id: 12, orderId: 3 }));
    const c = countVenueRecords(venue, books);
    expect(c).toMatchObject({ orders: 3, fills: 3, duplicates: 1, lostFills: 1 });
  });

  it('counts an exit sent twice under two ids as a duplicate (more exited than entered)', () => {
    const { venue, books } = roundTrip();
    const again = 'aur-00000000000000000000000000000003';
    venue.orders.push(venueOrder({ orderId: 3, clientOrderId: again, side: 'SELL' }));
    venue.trades.push(venueTrade({ id: 12, orderId: 3, isBuyer: false }));
    books.orders.push(
      intent({ intent_id: 'i3', client_order_id: again, order_id: '3', side: 'SELL', purpose: 'EXIT' }),
    );
    books.trades.push(trade('3', '12'));
    expect(countVenueRecords(venue, books)).toMatchObject({ duplicates: 1, lostFills: 0 });
  });

  it('counts a venue order whose intent the books hold NOT_FOUND', () => {
    const { venue, books } = roundTrip();
    books.orders[1] = intent({ ...books.orders[1], intent_status: 'NOT_FOUND' });
    expect(countVenueRecords(venue, books).duplicates).toBe(1);
  });

  it('counts a missing fill, a fill booked twice and a booked fill the venue lacks', () => {
    const { venue, books } = roundTrip();
    books.trades = [trade('1', '10'), trade('1', '10'), trade('2', '99')];
    expect(countVenueRecords(venue, books).lostFills).toBe(3);
  });

  it("ignores orders that are not ours (the user's own, on the website)", () => {
    const { venue, books } = roundTrip();
    venue.orders.push(venueOrder({ orderId: 3, clientOrderId: 'web_abc' }));
    venue.trades.push(venueTrade({ id: 12, orderId: 3 }));
    expect(countVenueRecords(venue, books)).toMatchObject({
      orders: 2,
      fills: 2,
      duplicates: 0,
      lostFills: 0,
    });
  });

  it('counts stuck positions: transitional with nothing live, Error with quantity open, Open without a stop, unsettled intents', () => {
    const { venue, books } = roundTrip();
    books.positions = [position({ status: 'Closing' })];
    expect(countVenueRecords(venue, books).stuckPositions).toBe(1);
    books.positions = [position({ status: 'Error', open_qty: '0.001' })];
    expect(countVenueRecords(venue, books).stuckPositions).toBe(1);
    books.positions = [position({ status: 'Error', open_qty: '0' })];
    expect(countVenueRecords(venue, books).stuckPositions).toBe(0);
    books.positions = [position({ status: 'Open', open_qty: '0.001', stop_price: null })];
    expect(countVenueRecords(venue, books).stuckPositions).toBe(1);
    books.positions = [position({ status: 'Open', open_qty: '0.001' })];
    expect(countVenueRecords(venue, books).stuckPositions).toBe(0);
    expect(countVenueRecords(venue, { ...books, exchangeSideExits: true }).stuckPositions).toBe(1);
    books.orders[1] = intent({ ...books.orders[1], intent_status: 'UNKNOWN' });
    expect(countVenueRecords(venue, books).stuckPositions).toBe(1);
  });

  it('a Closing position with its exit still live on the venue is working, not stuck', () => {
    const { venue, books } = roundTrip();
    venue.orders[1] = venueOrder({ ...venue.orders[1], status: 'NEW', executedQty: '0' });
    venue.trades.pop();
    books.trades.pop();
    books.positions = [position({ status: 'Closing', open_qty: '0.001' })];
    expect(countVenueRecords(venue, books)).toMatchObject({ stuckPositions: 0, duplicates: 0, lostFills: 0 });
  });
});

describe('readVenueRecords against a running bot and the simulator', () => {
  let venue: SimVenue;
  let bot: TestBot;
  let dir: string;

  beforeAll(async () => {
    venue = await startSimVenue({ profile: 'realistic', seed: 11 });
    dir = freshDataDir();
    presetQuietConfig(dir, { symbols: ['BTCUSDT'] });
    bot = await startTestBot(venue.env, dir);
    await waitReady(bot.api);
  });

  afterAll(async () => {
    await bot?.close();
    await venue?.close();
    removeDir(dir);
  });

  it('is zero after a clean round trip and moves when an order the bot never made is planted', async () => {
    const res = await bot.api('/api/v1/proposals', {
      method: 'POST',
      json: { symbol: 'BTCUSDT', side: 'BUY', order_type: 'MARKET', quantity: '0.001', stop_price: '30000' },
    });
    const { decision } = ProposalResponse.parse(await res.json());
    expect(decision.final_decision).toBe('ALLOW');
    const id = `pos-${decision.intent_id}`;
    await waitFor(async () => (await getPositions(bot.api)).find((p) => p.id === id && p.status === 'Open'), {
      what: 'the entry fill',
    });
    expect(
      (await bot.api(`/api/v1/positions/${id}/close`, { method: 'POST', json: { reason: 'test' } })).status,
    ).toBe(200);
    await waitFor(
      async () => (await getPositions(bot.api)).find((p) => p.id === id && p.status === 'Closed'),
      { what: 'the exit fill' },
    );

    const ledger = ledgerOfSim(venue.sim, venue.apiKey);
    const clean = await waitFor(
      async () => {
        const r = await readVenueRecords(bot.api, ledger);
        return r.duplicates + r.lostFills + r.stuckPositions + r.drift === 0 ? r : undefined;
      },
      { what: 'clean venue records', timeoutMs: 10_000, intervalMs: 300 },
    );
    expect(clean).toMatchObject({ orders: 2, duplicates: 0, lostFills: 0, stuckPositions: 0, drift: 0 });
    expect(clean.fills).toBeGreaterThanOrEqual(2);

    // A second venue order under the entry's clientOrderId (the first is filled, so Binance takes
    // it), and one under an id of ours the bot never made: two duplicates, their fills unbooked.
    const entryCid = (await getPositions(bot.api)).find((p) => p.id === id)!.entry_client_order_id;
    venue.sim.exchange.placeOrder(venue.apiKey, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.001',
      newClientOrderId: entryCid,
    });
    venue.sim.exchange.placeOrder(venue.apiKey, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.001',
      newClientOrderId: 'aur-ffffffffffffffffffffffffffffffff',
    });
    const planted = await readVenueRecords(bot.api, ledger);
    expect(planted.orders).toBe(4);
    expect(planted.duplicates, planted.details.join('\n')).toBe(2);
    expect(planted.lostFills, planted.details.join('\n')).toBe(2);
    expect(planted.drift, planted.details.join('\n')).toBeGreaterThan(0);
  });
});
