import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Dec } from '@aurora/core';
import { commitEntryIntentAsIfCrashed } from './committed-intent';
import { killHard, startBotProcess, type BotProcess } from './bot-process';
import { freshDataDir, presetQuietConfig, removeDir } from './data-dir';
import {
  dec,
  exchangeRoundTripPnl,
  expectBooksMatchExchange,
  getOrders,
  getPositions,
  getState,
  waitReady,
} from './exchange-truth';
import { expectBooksClean } from './books-audit';
import { startSimVenue, type SimVenue } from './sim-venue';
import { startVenueProxy, type VenueProxy } from './venue-proxy';
import { waitFor } from './wait-for';

/*
 * The bot as a real child process, killed with SIGKILL at each point of an order's life and
 * started again on the same data dir against the same simulator. Between the bot and the venue
 * sits a proxy that can cut the way back, so "sent but never answered" is exact, not a race.
 */

let venue: SimVenue;
let proxy: VenueProxy;
let dir: string;
let bot: BotProcess | null = null;

beforeEach(async () => {
  // Thin synthetic depth: a 0.01 BTC order takes several levels, a limit at the ask fills in part.
  venue = await startSimVenue({ book: { depthFactor: 0.01 } });
  proxy = await startVenueProxy(venue.sim.restUrl);
  dir = freshDataDir();
  presetQuietConfig(dir);
});

afterEach(async () => {
  if (bot) await killHard(bot);
  bot = null;
  await proxy.close();
  await venue.close();
  removeDir(dir);
});

const start = async () => {
  bot = await startBotProcess(dir, { ...venue.env, AURORA_SIM_URL: proxy.url });
  await waitReady(bot.api);
  return bot;
};

const restart = async (b: BotProcess) => {
  await killHard(b);
  proxy.partition(false);
  return start();
};

const ask = () =>
  venue.sim.exchange.bookTicker('BTCUSDT') as unknown as { askPrice: string; bidPrice: string };

/** A proposal with far stop and target (5 %), so no exit fires while the test moves prices. */
const propose = (b: BotProcess, body: Record<string, string>) => {
  const ref = new Dec(ask().askPrice);
  return b.api('/api/v1/proposals', {
    method: 'POST',
    json: {
      symbol: 'BTCUSDT',
      side: 'BUY',
      quantity: '0.01',
      stop_price: ref.mul('0.95').toDecimalPlaces(2).toFixed(),
      take_profit_price: ref.mul('1.05').toDecimalPlaces(2).toFixed(),
      ...body,
    },
  });
};

describe('kill -9 and restart', () => {
  it('(a) intent committed, order never sent: the restarted bot does not send it and settles it NOT_FOUND', async () => {
    await killHard(await start());
    const intent = commitEntryIntentAsIfCrashed(dir, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      quantity: '0.01',
      // The bot died a minute ago: past the phantom-recovery window, so the start-up reconcile decides.
      sentAt: Date.now() - 60_000,
    });
    const b = await start();
    const order = (await getOrders(b.api)).find((o) => o.client_order_id === intent.id);
    expect(order?.intent_status).toBe('NOT_FOUND');
    const position = (await getPositions(b.api)).find((p) => p.id === intent.positionId);
    expect(position?.status).toBe('Cancelled');
    expect(venue.allOrders('BTCUSDT')).toEqual([]);
    const drift = (await getState(b.api)).last_reconcile?.drift ?? [];
    expect(drift).toContainEqual(
      expect.objectContaining({ kind: 'PHANTOM_INTENT', ref: intent.id, action: 'MARK_NOT_FOUND' }),
    );
    await expectBooksClean(b.api, { sim: venue });
  });

  it('(b) order sent, answer never heard: the restarted bot adopts it once, with its position and every fill', async () => {
    const b = await start();
    proxy.partition(true);
    void propose(b, { order_type: 'MARKET' }).catch(() => null);
    const placed = await waitFor(() => venue.allOrders('BTCUSDT')[0], { what: 'the order on the exchange' });
    const b2 = await restart(b);

    expect(venue.allOrders('BTCUSDT')).toHaveLength(1);
    expect(placed.status).toBe('FILLED');
    const position = (await getPositions(b2.api)).find(
      (p) => p.entry_client_order_id === placed.clientOrderId,
    );
    expect(position?.status).toBe('Open');
    expect(dec(position?.filled_qty ?? '0')).toBe('0.01');
    // The entry paid its commission in BTC: 0.1 % of 0.01 leaves 0.00999 to sell.
    expect(dec(position?.open_qty ?? '0')).toBe('0.00999');
    await expectBooksMatchExchange(b2.api, venue, 'BTCUSDT');
    await expectBooksClean(b2.api, { sim: venue });
  });

  it('(c) partly filled, the rest fills while the bot is down: the restarted bot books the missed fills', async () => {
    const b = await start();
    const limit = ask().askPrice;
    expect((await propose(b, { order_type: 'LIMIT', price: dec(limit) })).status).toBe(200);
    await waitFor(async () => (await getOrders(b.api)).find((o) => o.status === 'PARTIALLY_FILLED'), {
      what: 'a partly filled entry',
    });
    await killHard(b);
    // The market trades through the limit while nobody watches: the rest of the order fills.
    await venue.setPrice('BTCUSDT', new Dec(limit).mul('0.999').toDecimalPlaces(2).toFixed());
    const [order] = venue.allOrders('BTCUSDT');
    expect(order?.status).toBe('FILLED');
    const b2 = await start();

    const position = (await getPositions(b2.api)).find(
      (p) => p.entry_client_order_id === order?.clientOrderId,
    );
    expect(position?.status).toBe('Open');
    expect(dec(position?.filled_qty ?? '0')).toBe('0.01');
    expect((await getOrders(b2.api)).find((o) => o.client_order_id === order?.clientOrderId)?.status).toBe(
      'FILLED',
    );
    expect(venue.myTrades('BTCUSDT').length).toBeGreaterThan(1);
    await expectBooksMatchExchange(b2.api, venue, 'BTCUSDT');
    await expectBooksClean(b2.api, { sim: venue });
  });

  it('(d) exit in flight: the restarted bot closes the position from the exchange, PnL and risk included', async () => {
    const b = await start();
    expect((await propose(b, { order_type: 'MARKET' })).status).toBe(200);
    const opened = await waitFor(async () => (await getPositions(b.api)).find((p) => p.status === 'Open'), {
      what: 'an open position',
    });
    // A losing exit: the price falls 0.3 % (far from the 5 % stop) before the operator closes.
    await venue.setPrice('BTCUSDT', new Dec(ask().bidPrice).mul('0.997').toDecimalPlaces(2).toFixed());
    proxy.partition(true);
    void b
      .api(`/api/v1/positions/${opened.id}/close`, { method: 'POST', json: { reason: 'test' } })
      .catch(() => null);
    const sell = await waitFor(() => venue.allOrders('BTCUSDT').find((o) => o.side === 'SELL'), {
      what: 'the exit order on the exchange',
    });
    const b2 = await restart(b);

    expect(venue.allOrders('BTCUSDT').filter((o) => o.side === 'SELL')).toHaveLength(1);
    const closed = (await getPositions(b2.api)).find((p) => p.id === opened.id);
    expect(closed?.status).toBe('Closed');
    expect(closed?.exit_client_order_ids).toEqual([sell.clientOrderId]);
    const entryOrderId = venue.allOrders('BTCUSDT').find((o) => o.side === 'BUY')?.orderId ?? -1;
    const truth = exchangeRoundTripPnl(venue.myTrades('BTCUSDT'), entryOrderId, [sell.orderId]);
    expect(truth.lt(0)).toBe(true);
    expect(dec(closed?.realized_pnl ?? '0')).toBe(truth.toFixed());
    // The loss reached the risk engine too (the breaker counts it), not only the position.
    const risk = (await getState(b2.api)).risk;
    expect(risk.consecutive_losses).toBe(1);
    expect(dec(risk.equity_change_today)).toBe(truth.toFixed());
    await expectBooksMatchExchange(b2.api, venue, 'BTCUSDT');
    await expectBooksClean(b2.api, { sim: venue });
  });
});
