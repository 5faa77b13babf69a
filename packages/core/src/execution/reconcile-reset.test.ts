import { describe, expect, it } from 'vitest';
import { defaultRuntimeConfig } from '@aurora/contracts';
import { dec } from '../money/decimal';
import type { AssetBalance, ExchangeOrder } from './exchange-port';
import { reconcile, reconcilePlanConfig, type ReconcileInput, type ReconcilePosition } from './reconcile-plan';

const NOW = 1_800_000_000_000;
const MIN = 60_000;

const position = (o: Partial<ReconcilePosition> = {}): ReconcilePosition => ({
  id: 'p1',
  symbol: 'BTCUSDT',
  status: 'Open',
  updatedAt: NOW - MIN,
  reviewFlag: null,
  openQty: dec('0.5'),
  baseAsset: 'BTC',
  orders: [
    { clientOrderId: 'aur-entry', sentAt: NOW - 10 * MIN },
    { clientOrderId: 'aur-stop', sentAt: NOW - 9 * MIN },
  ],
  ...o,
});
const bal = (asset: string, free: string, locked = '0'): AssetBalance => ({ asset, free: dec(free), locked: dec(locked) });
const order = (clientOrderId: string): ExchangeOrder => ({
  symbol: 'BTCUSDT',
  orderId: '7',
  clientOrderId,
  side: 'BUY',
  type: 'MARKET',
  timeInForce: null,
  status: 'FILLED',
  price: dec('0'),
  stopPrice: null,
  origQty: dec('0.5'),
  executedQty: dec('0.5'),
  cumulativeQuoteQty: dec('50'),
  time: NOW - 10 * MIN,
  updateTime: NOW - 10 * MIN,
  fills: [],
});

function input(o: {
  positions?: ReconcilePosition[];
  theirBalances?: AssetBalance[] | null;
  byClientId?: [string, ExchangeOrder | null][];
  recentOrders?: ExchangeOrder[];
  openOrders?: ExchangeOrder[];
}): ReconcileInput {
  return {
    exchange: {
      balances: o.theirBalances === undefined ? [bal('USDT', '10000')] : o.theirBalances,
      openOrders: o.openOrders ?? [],
      ordersByClientId: new Map(o.byClientId ?? []),
      recentOrders: o.recentOrders ?? [],
    },
    ours: { intents: [], positions: o.positions ?? [position()], balances: [bal('USDT', '10000'), bal('BTC', '0.5')] },
    config: reconcilePlanConfig(defaultRuntimeConfig()),
    now: NOW,
  };
}

const gone: [string, null][] = [
  ['aur-entry', null],
  ['aur-stop', null],
];

describe('reconcile: a venue that came back reset', () => {
  it('recognises it when the venue knows none of the position’s orders and holds less than its quantity', () => {
    const plan = reconcile(input({ byClientId: gone }));
    expect(plan.venueResets).toEqual([
      { positionId: 'p1', symbol: 'BTCUSDT', reason: expect.stringMatching(/venue reset/) as unknown as string },
    ]);
    expect(plan.venueResets[0]!.reason).toMatch(/aur-entry.*aur-stop|2 orders/);
    expect(plan.venueResets[0]!.reason).toMatch(/BTC 0 .*0\.5/);
    expect(plan.drift.some((d) => d.ref === 'p1' && d.action === 'VENUE_RESET')).toBe(true);
    // It never places or cancels anything for it.
    expect(plan.cancels).toEqual([]);
  });

  it('first asks the venue about the orders it has not looked up yet', () => {
    const plan = reconcile(input({ byClientId: [['aur-stop', null]] }));
    expect(plan.venueResets).toEqual([]);
    expect(plan.resetLookups).toEqual([{ symbol: 'BTCUSDT', clientOrderId: 'aur-entry' }]);
  });

  it('is not a reset when the venue still knows one of the orders', () => {
    expect(reconcile(input({ byClientId: [['aur-entry', order('aur-entry')], ['aur-stop', null]] })).venueResets).toEqual([]);
    expect(reconcile(input({ byClientId: gone, recentOrders: [order('aur-stop')] })).venueResets).toEqual([]);
    expect(reconcile(input({ byClientId: gone, openOrders: [order('aur-stop')] })).venueResets).toEqual([]);
  });

  it('is not a reset while the account still holds the position’s coins (free + locked)', () => {
    const plan = reconcile(input({ byClientId: gone, theirBalances: [bal('BTC', '0.2', '0.3')] }));
    expect(plan.venueResets).toEqual([]);
    expect(plan.resetLookups).toEqual([]);
  });

  it('waits out the query lag: a -2013 right after a placement proves nothing', () => {
    const fresh = position({ orders: [{ clientOrderId: 'aur-entry', sentAt: NOW - 1_000 }] });
    const plan = reconcile(input({ positions: [fresh], byClientId: [['aur-entry', null]] }));
    expect(plan.venueResets).toEqual([]);
    // …so it is looked at again once the lag is over.
    expect(plan.drift.map((d) => d.action)).toContain('RECHECK_AFTER_QUERY_LAG');
  });

  it('judges nothing before the account was read, and nothing for a position without orders', () => {
    expect(reconcile(input({ byClientId: gone, theirBalances: null })).venueResets).toEqual([]);
    expect(reconcile(input({ positions: [position({ orders: [] })] })).venueResets).toEqual([]);
  });
});
