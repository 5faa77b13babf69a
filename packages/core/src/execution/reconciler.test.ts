import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import type { AssetBalance } from './exchange-port';
import { createIntent } from './intent';
import { Reconciler, type ReconcileActions } from './reconciler';
import { createHarness, entryRequest, T0, type Harness } from './testing/engine-harness';
import { sequentialIds } from './testing/instant-sleep';
import { FakeExchange } from './testing/fake-exchange';

/** A Reconciler wired to the harness engine as the app wires it, counting every action taken. */
function reconcilerFor(
  h: Harness,
  opts: { cancelOrphans?: boolean; newestOrderAt?: number | null; exchange?: FakeExchange; withOrders?: boolean } = {},
) {
  let cache: AssetBalance[] = [];
  let cacheAt: number | null = null;
  const flags = new Map<string, string>();
  const calls: string[] = [];
  const actions: ReconcileActions = {
    adopt: (id, o, f) => (calls.push(`adopt ${id}`), void h.engine.adoptOrder(id, o, f)),
    adoptUnknown: (o, f, role) => (
      calls.push(`adoptUnknown ${o.clientOrderId} ${role.purpose}`),
      void h.engine.adoptUnknownOrder(o, f, role)
    ),
    applyReport: (r) => (
      calls.push(`report ${r.clientOrderId} ${r.executionType}`),
      void h.engine.onExecutionReport(r)
    ),
    markNotFound: (id) => (calls.push(`notFound ${id}`), void h.engine.markNotFound(id)),
    setBalances: (b) => (calls.push('balances'), (cache = b)),
    flagStalePosition: (id, reason) => (calls.push(`flag ${id}`), void flags.set(id, reason)),
    venueReset: (id, reason) => (calls.push(`venueReset ${id}`), void flags.set(id, reason)),
  };
  const reconciler = new Reconciler({
    exchange: opts.exchange ?? h.exchange,
    clock: h.clock,
    newId: sequentialIds('rec'),
    intents: h.engine,
    positions: () =>
      h.positions.getOpenPositions().map((p) => ({
        ...p,
        reviewFlag: flags.get(p.id) ?? null,
        ...(opts.withOrders
          ? {
              baseAsset: 'BTC',
              orders: h.intents
                .listByStatus(['CREATED', 'SUBMITTING', 'ACKED', 'UNKNOWN', 'NOT_FOUND', 'REJECTED'])
                .filter((i) => i.positionId === p.id)
                .map((i) => ({ clientOrderId: i.id, sentAt: i.sentAt ?? i.createdAt })),
            }
          : {}),
      })),
    balances: () => cache,
    balancesUpdatedAt: () => cacheAt,
    ...(opts.newestOrderAt !== undefined ? { newestOrderAt: () => opts.newestOrderAt ?? null } : {}),
    config: () => ({
      cancel_orphan_orders: opts.cancelOrphans ?? false,
      symbols: ['BTCUSDT'],
      balance_drift_tolerance: '0.00000001',
      stale_position_hours: 24,
      phantom_grace_ms: 35_000,
    }),
    actions,
  });
  /** A stream balance update (outboundAccountPosition) reaching our cache. */
  const streamBalances = (b: AssetBalance[], at: number) => {
    cache = b;
    cacheAt = at;
  };
  return { reconciler, calls, flags, balances: () => cache, streamBalances };
}

describe('Reconciler', () => {
  it('recognises a venue that came back reset: asks about the position\'s orders, then reports it and sends nothing', async () => {
    const h = createHarness();
    h.exchange.setBalance('USDT', '1000');
    await h.engine.executeEntry(entryRequest());
    h.exchange.fill('intent-1', '0.01');
    // The fill reaches the books (the fake's fill is not streamed): the position is Open.
    await reconcilerFor(h).reconciler.run('INTERVAL');
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Open');
    h.clock.advance(60_000);
    // Same keys, a fresh account: no orders of ours, no coins.
    const fresh = new FakeExchange({ clock: h.clock, prices: { BTCUSDT: '50000' } });
    fresh.setBalance('USDT', '1000');
    const { reconciler, calls } = reconcilerFor(h, { exchange: fresh, withOrders: true, newestOrderAt: null });
    const res = await reconciler.run('RECONNECT');
    expect(res.ok).toBe(true);
    expect(calls).toContain('venueReset pos-intent-1');
    expect(res.drift.find((d) => d.action === 'VENUE_RESET')?.detail).toMatch(/venue reset: .*intent-1.* BTC 0 of the 0\.01 open/);
    expect(fresh.getOrderCalls).toBeGreaterThan(0);
    expect(fresh.placeCalls).toEqual([]);
    expect(fresh.cancelCalls).toEqual([]);
  });


  it('settles fills the stream missed, adopts a phantom, reports an orphan, and then has nothing left to do', async () => {
    const h = createHarness();
    h.exchange.setBalance('USDT', '1000');
    // A resting entry that filled while the user stream was down.
    await h.engine.executeEntry(entryRequest());
    h.exchange.fill('intent-1', '0.004');
    // An UNKNOWN intent left by a crash whose order did reach the exchange.
    const left = createIntent(
      {
        id: 'old-1',
        purpose: 'ENTRY',
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: dec('0.01'),
        price: dec('49000'),
      },
      T0,
    );
    left.status = 'UNKNOWN';
    h.intents.insert(left);
    h.positions.openPosition({
      id: 'pos-old-1',
      intentId: 'old-1',
      clientOrderId: 'old-1',
      symbol: 'BTCUSDT',
      side: 'BUY',
      requestedQty: dec('0.01'),
    });
    h.exchange.placeForeign({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: dec('0.01'),
      price: dec('49000'),
      clientOrderId: 'old-1',
    });
    // Someone placed an order by hand.
    h.exchange.placeForeign({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: dec('0.001'),
      price: dec('70000'),
      clientOrderId: 'web_1',
    });

    const { reconciler, calls } = reconcilerFor(h);
    const first = await reconciler.run('STARTUP');
    expect(first).toMatchObject({ id: 'rec-1', trigger: 'STARTUP', ok: true, error: null });
    expect(first.drift.map((d) => `${d.kind} ${d.action}`).sort()).toEqual([
      'BALANCE_DRIFT OVERWRITE_CACHE',
      'FILL_DRIFT APPLY_FILLS',
      'ORPHAN_ORDER NONE (cancel_orphan_orders is off)',
      'PHANTOM_INTENT ADOPT',
    ]);
    expect(h.positions.getPosition('pos-intent-1')?.filledQty.toFixed()).toBe('0.004');
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('PartiallyFilled');
    expect(h.intents.get('old-1')).toMatchObject({ status: 'ACKED', exchangeStatus: 'NEW' });

    calls.length = 0;
    const second = await reconciler.run('INTERVAL');
    expect(calls).toEqual([]);
    expect(second.drift.map((d) => d.kind)).toEqual(['ORPHAN_ORDER']);
  });

  it('adopts an open order of ours the books lack instead of cancelling it, even with cancel_orphan_orders on', async () => {
    const h = createHarness();
    h.exchange.placeForeign({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: dec('0.001'),
      price: dec('70000'),
      clientOrderId: 'aur-stray0000000000000000000000000000',
    });
    const { reconciler } = reconcilerFor(h, { cancelOrphans: true });
    expect((await reconciler.run('MANUAL')).drift.map((d) => d.action)).toEqual(['ADOPT']);
    expect(h.exchange.allOrders()[0]?.status).toBe('NEW');
    expect(h.exchange.cancelCalls).toEqual([]);
    expect(h.intents.get('aur-stray0000000000000000000000000000')).toMatchObject({ purpose: 'EXIT', status: 'ACKED' });
    expect((await reconciler.run('MANUAL')).drift).toEqual([]);
  });

  it('marks an intent the exchange never saw NOT_FOUND after the grace window, ending its position', async () => {
    const h = createHarness();
    const lost = createIntent(
      {
        id: 'lost-1',
        purpose: 'ENTRY',
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: dec('0.01'),
        price: dec('49000'),
      },
      T0,
    );
    lost.status = 'SUBMITTING';
    lost.sentAt = T0;
    h.intents.insert(lost);
    h.positions.openPosition({
      id: 'pos-lost-1',
      intentId: 'lost-1',
      clientOrderId: 'lost-1',
      symbol: 'BTCUSDT',
      side: 'BUY',
      requestedQty: dec('0.01'),
    });
    const { reconciler, calls } = reconcilerFor(h);
    expect((await reconciler.run('MANUAL')).drift).toEqual([]);
    h.clock.advance(35_000);
    expect((await reconciler.run('MANUAL')).drift.map((d) => d.action)).toEqual(['MARK_NOT_FOUND']);
    expect(calls).toEqual(['notFound lost-1']);
    expect(h.intents.get('lost-1')?.status).toBe('NOT_FOUND');
    expect(h.positions.getPosition('pos-lost-1')?.status).toBe('Cancelled');
  });

  it('flags a stale position once', async () => {
    const h = createHarness({ config: { entry_order_type: 'MARKET' } });
    await h.engine.executeEntry(entryRequest());
    const { reconciler, flags } = reconcilerFor(h);
    h.clock.advance(25 * 3_600_000);
    expect((await reconciler.run('INTERVAL')).drift.map((d) => d.action)).toEqual(['FLAG_FOR_REVIEW']);
    expect([...flags.keys()]).toEqual(['pos-intent-1']);
    expect((await reconciler.run('INTERVAL')).drift.map((d) => d.action)).toEqual(['NONE (already flagged)']);
  });

  it('applies nothing and reports the error when the exchange cannot be read', async () => {
    const h = createHarness();
    h.exchange.getAccount = async () => {
      throw new Error('socket hang up');
    };
    const { reconciler, calls } = reconcilerFor(h);
    const result = await reconciler.run('RECONNECT');
    expect(result).toMatchObject({
      ok: false,
      drift: [],
      error: 'gathering exchange state failed: socket hang up',
    });
    expect(calls).toEqual([]);
  });

  it('joins a pass already running instead of starting a second one', async () => {
    const h = createHarness();
    const { reconciler } = reconcilerFor(h);
    const [a, b] = await Promise.all([reconciler.run('INTERVAL'), reconciler.run('MANUAL')]);
    expect(a).toBe(b);
    expect(a.trigger).toBe('INTERVAL');
  });

  it('a fill reported during the order lookups is not undone by an older account snapshot (M8)', async () => {
    const h = createHarness();
    h.exchange.setBalance('USDT', '1000');
    const { reconciler, streamBalances, balances } = reconcilerFor(h);
    streamBalances([{ asset: 'USDT', free: dec('1000'), locked: dec(0) }], T0);
    const unknown = createIntent(
      { id: 'u-1', purpose: 'ENTRY', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: dec('0.001') },
      T0,
    );
    unknown.status = 'UNKNOWN';
    h.intents.insert(unknown);
    // While the reconciler looks the UNKNOWN intent up, another order fills: the venue's balance
    // moves and the user stream tells our cache.
    const getOrder = h.exchange.getOrder.bind(h.exchange);
    h.exchange.getOrder = async (ref) => {
      h.clock.advance(10);
      h.exchange.setBalance('USDT', '900');
      streamBalances([{ asset: 'USDT', free: dec('900'), locked: dec(0) }], h.clock.now());
      return getOrder(ref);
    };
    const result = await reconciler.run('INTERVAL');
    expect(result.drift.filter((d) => d.kind === 'BALANCE_DRIFT')).toEqual([]);
    expect(balances().map((b) => `${b.asset} ${b.free.toFixed()}`)).toEqual(['USDT 900']);
  });

  it('never overwrites balances the stream updated after the snapshot was taken (M8)', async () => {
    const h = createHarness();
    h.exchange.setBalance('USDT', '1000');
    const { reconciler, streamBalances, balances } = reconcilerFor(h);
    // The snapshot says 1000 as of now; our cache already holds a later update.
    streamBalances([{ asset: 'USDT', free: dec('950'), locked: dec(0) }], h.clock.now() + 5);
    const result = await reconciler.run('INTERVAL');
    expect(result.drift.map((d) => d.action)).toEqual(['NONE (our balances are newer than the snapshot)']);
    expect(balances()[0]?.free.toFixed()).toBe('950');
  });

  it('adopts the orders of ours a restored database lacks, open or filled, booking their fills once and placing nothing', async () => {
    const h = createHarness({ stream: true });
    h.exchange.setBalance('USDT', '1000');
    // The books as the snapshot left them: one position, open.
    await h.engine.executeEntry(entryRequest({ price: dec('50000') }));
    const known = h.positions.getOpenPositions()[0]!;
    expect(known.status).toBe('Open');
    const placed = h.exchange.placeCalls.length;
    const snapshotAt = h.clock.now();
    // After the snapshot, on the venue only: the position's exit filled, a new entry filled, and
    // that entry's protective stop rests.
    h.clock.advance(1_000);
    h.exchange.placeForeign({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: dec('0.01'), clientOrderId: 'aur-exit0000000000000000000000000000' });
    h.clock.advance(1_000);
    h.exchange.placeForeign({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: dec('0.002'), clientOrderId: 'aur-entry000000000000000000000000000' });
    h.clock.advance(1_000);
    h.exchange.placeForeign({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      quantity: dec('0.002'),
      price: dec('45000'),
      stopPrice: dec('45500'),
      clientOrderId: 'aur-stop0000000000000000000000000000',
    });
    h.clock.advance(60_000);

    const { reconciler, calls, flags } = reconcilerFor(h, { newestOrderAt: snapshotAt });
    const first = await reconciler.run('STARTUP');
    expect(first.error).toBeNull();
    expect(calls.filter((c) => c.startsWith('adoptUnknown'))).toEqual([
      'adoptUnknown aur-exit0000000000000000000000000000 EXIT',
      'adoptUnknown aur-entry000000000000000000000000000 ENTRY',
      'adoptUnknown aur-stop0000000000000000000000000000 PROTECTIVE',
    ]);
    // The venue's truth: the known position closed by its exit, the new entry open under its stop.
    expect(h.positions.getPosition(known.id)?.status).toBe('Closed');
    const adopted = h.intents.get('aur-entry000000000000000000000000000')!;
    expect(adopted).toMatchObject({ purpose: 'ENTRY', status: 'ACKED', exchangeStatus: 'FILLED' });
    const p = h.positions.getPosition(adopted.positionId!)!;
    expect(p.status).toBe('Open');
    expect(p.filledQty.toFixed()).toBe('0.002');
    expect(h.intents.get('aur-stop0000000000000000000000000000')).toMatchObject({
      purpose: 'PROTECTIVE',
      positionId: p.id,
      exchangeStatus: 'NEW',
    });
    // Every venue trade reached the outcome sink once; nothing was placed or cancelled.
    const trades = h.outcomes
      .filter((o) => o.intent !== null && o.report.executionType === 'TRADE' && o.report.clientOrderId.startsWith('aur-'))
      .map((o) => `${o.report.clientOrderId} ${o.report.tradeId}`);
    expect(new Set(trades).size).toBe(trades.length);
    expect(trades).toHaveLength(2);
    expect(h.exchange.placeCalls).toHaveLength(placed);
    expect(h.exchange.cancelCalls).toEqual([]);
    expect(flags.size).toBe(0);

    calls.length = 0;
    const second = await reconciler.run('STARTUP');
    expect(calls.filter((c) => c !== 'balances')).toEqual([]);
    expect(second.drift.filter((d) => d.kind === 'ORPHAN_ORDER')).toEqual([]);
  });
});
