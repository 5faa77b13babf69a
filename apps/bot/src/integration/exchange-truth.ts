import { expect } from 'vitest';
import { OrdersResponse, PositionsResponse, StateSnapshot, TradesResponse } from '@aurora/contracts';
import { Dec } from '@aurora/core';
import type { Decimal } from 'decimal.js';
import type { SimOrder, SimTrade, SimVenue } from './sim-venue';
import { waitFor } from './wait-for';

/** A decimal string in one canonical spelling ("0.01000000" and "0.01" compare equal). */
export const dec = (v: string | Decimal): string => new Dec(v).toFixed();

type Api = (path: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;

export const getState = async (api: Api) => StateSnapshot.parse(await (await api('/api/v1/state')).json());
export const getPositions = async (api: Api) =>
  PositionsResponse.parse(await (await api('/api/v1/positions?status=all&limit=500')).json()).items;
export const getOrders = async (api: Api) =>
  OrdersResponse.parse(await (await api('/api/v1/orders?status=all&limit=500')).json()).items;
export const getTrades = async (api: Api, symbol: string) =>
  TradesResponse.parse(await (await api(`/api/v1/trades?symbol=${symbol}&limit=500`)).json()).items;

/** Start-up reconcile done: the bot may trade (or, after a kill, would). */
export const waitReady = (api: Api, timeoutMs = 15_000) =>
  waitFor(async () => (await getState(api)).ready || undefined, {
    timeoutMs,
    what: 'the start-up reconcile',
  });

/**
 * Quote-asset PnL of a long round trip as the exchange booked it: what the exits brought in net
 * of their (quote) commissions, less what the entry cost. With every bought unit sold (the base
 * commission of the entry included) this is exactly the account's quote balance change.
 */
export function exchangeRoundTripPnl(
  trades: SimTrade[],
  entryOrderId: number,
  exitOrderIds: number[],
): Decimal {
  let pnl = new Dec(0);
  for (const t of trades) {
    if (t.orderId === entryOrderId) {
      expect(t.isBuyer).toBe(true);
      pnl = pnl.minus(t.quoteQty);
      if (t.commissionAsset === 'USDT') pnl = pnl.minus(t.commission);
    } else if (exitOrderIds.includes(t.orderId)) {
      expect(t.isBuyer).toBe(false);
      pnl = pnl.plus(t.quoteQty);
      if (t.commissionAsset === 'USDT') pnl = pnl.minus(t.commission);
    }
  }
  return pnl;
}

/**
 * The bot's books equal the exchange's: no clientOrderId was ever placed twice, the bot holds
 * exactly the exchange's fills (none lost, none invented), and every position's filled and
 * exited quantities are what its orders executed.
 */
export async function expectBooksMatchExchange(api: Api, venue: SimVenue, symbol: string): Promise<void> {
  const exchangeOrders = venue.allOrders(symbol);
  const perClientId = new Map<string, number>();
  for (const o of exchangeOrders)
    perClientId.set(o.clientOrderId, (perClientId.get(o.clientOrderId) ?? 0) + 1);
  expect([...perClientId].filter(([, n]) => n > 1)).toEqual([]);

  const exchangeTrades = venue.myTrades(symbol);
  const botTrades = await getTrades(api, symbol);
  expect(botTrades.map((t) => t.id).sort()).toEqual(exchangeTrades.map((t) => `${symbol}:${t.orderId}:${t.id}`).sort());

  const byClientId = new Map<string, SimOrder>(exchangeOrders.map((o) => [o.clientOrderId, o]));
  for (const p of (await getPositions(api)).filter((x) => x.symbol === symbol)) {
    const entry = byClientId.get(p.entry_client_order_id);
    expect(dec(p.filled_qty)).toBe(dec(entry?.executedQty ?? '0'));
    const exited = p.exit_client_order_ids.reduce(
      (sum, id) => sum.plus(byClientId.get(id)?.executedQty ?? '0'),
      new Dec(0),
    );
    expect(dec(p.exited_qty)).toBe(exited.toFixed());
  }
}
