import { defaultRuntimeConfig } from '@aurora/contracts';
import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import { createHarness, entryRequest, T0, type HarnessOptions } from './testing/engine-harness';

/** A harness with one Open BUY position of 0.01 BTC bought at 50 000 (pos-intent-1). */
async function withOpenPosition(opts: HarnessOptions = {}) {
  const h = createHarness({ ...opts, config: { ...opts.config, entry_order_type: 'MARKET' } });
  await h.engine.executeEntry(entryRequest());
  expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Open');
  return h;
}

describe('ExecutionEngine.executeExit', () => {
  it('closes a position while the bot is KILLED: the engine has no pause or breaker check for exits', async () => {
    const runtime = { ...defaultRuntimeConfig(), trading_mode: 'KILLED' as const };
    const h = await withOpenPosition({ config: runtime.execution });
    await h.engine.cancelEntryOrders();
    const out = await h.engine.executeExit({ positionId: 'pos-intent-1', reason: 'KILL' });
    expect(out.kind).toBe('ACKED');
    expect(h.exchange.placeCalls[1]!.req).toMatchObject({
      side: 'SELL',
      type: 'MARKET',
      clientOrderId: 'intent-2',
    });
    expect(h.exchange.placeCalls[1]!.req.quantity?.toFixed()).toBe('0.01');
    expect(h.intents.get('intent-2')).toMatchObject({
      purpose: 'EXIT',
      reason: 'KILL',
      positionId: 'pos-intent-1',
    });
    const p = h.positions.getPosition('pos-intent-1')!;
    expect(p.status).toBe('Closed');
    expect(p.realizedPnl.toFixed()).toBe('-1');
  });

  it('sends a LIMIT IOC at the protective price when asked, rounded up for a sell', async () => {
    const h = await withOpenPosition();
    await h.engine.executeExit({ positionId: 'pos-intent-1', reason: 'STOP', limitPrice: dec('49000.004') });
    const req = h.exchange.placeCalls[1]!.req;
    expect(req).toMatchObject({ type: 'LIMIT', timeInForce: 'IOC', side: 'SELL' });
    expect(req.price?.toFixed()).toBe('49000.01');
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Closed');
  });

  it('refuses an exit for an unknown position and sends nothing', async () => {
    const h = await withOpenPosition();
    const out = await h.engine.executeExit({ positionId: 'pos-nope', reason: 'MANUAL' });
    expect(out).toMatchObject({ kind: 'BLOCKED', code: 'POSITION_NOT_CLOSABLE' });
    expect(h.exchange.placeCalls).toHaveLength(1);
  });

  it('never sends two full exits for the same position at once', async () => {
    const h = await withOpenPosition();
    const [a, b] = await Promise.all([
      h.engine.executeExit({ positionId: 'pos-intent-1', reason: 'STOP' }),
      h.engine.executeExit({ positionId: 'pos-intent-1', reason: 'TAKE_PROFIT' }),
    ]);
    expect([a.kind, b.kind]).toEqual(['ACKED', 'BLOCKED']);
    expect(h.exchange.placeCalls).toHaveLength(2);
  });

  it('returns the position to Open when its exit is rejected', async () => {
    const h = await withOpenPosition();
    h.exchange.placeFaults.push({ kind: 'reject', code: -2010, message: 'Market is closed.' });
    const out = await h.engine.executeExit({ positionId: 'pos-intent-1', reason: 'STOP' });
    expect(out.kind).toBe('REJECTED');
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Open');
  });
});

describe('ExecutionEngine protective orders', () => {
  it('refuses exchange-side exits unless exchange_side_exits is on', async () => {
    const h = await withOpenPosition();
    const out = await h.engine.placeProtectiveOrder({
      positionId: 'pos-intent-1',
      kind: 'STOP_LOSS_LIMIT',
      triggerPrice: dec('49000'),
      limitPrice: dec('48900'),
    });
    expect(out).toMatchObject({ kind: 'BLOCKED', code: 'EXCHANGE_SIDE_EXITS_DISABLED' });
  });

  it('rests a STOP_LOSS_LIMIT that closes the position through the stream when it triggers', async () => {
    const h = await withOpenPosition({ config: { exchange_side_exits: true }, stream: true });
    const out = await h.engine.placeProtectiveOrder({
      positionId: 'pos-intent-1',
      kind: 'STOP_LOSS_LIMIT',
      triggerPrice: dec('49000'),
      limitPrice: dec('48900'),
    });
    expect(out.kind).toBe('ACKED');
    expect(h.exchange.placeCalls[1]!.req).toMatchObject({
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      side: 'SELL',
    });
    expect(h.exchange.placeCalls[1]!.req.stopPrice?.toFixed()).toBe('49000');
    // A resting stop does not make the position Closing.
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Open');
    h.exchange.fill('intent-2', '0.01', '48900');
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Closed');
  });

  it('cancels the resting protective order before a strategy exit sells', async () => {
    const h = await withOpenPosition({ config: { exchange_side_exits: true } });
    await h.engine.placeProtectiveOrder({
      positionId: 'pos-intent-1',
      kind: 'TAKE_PROFIT_LIMIT',
      triggerPrice: dec('52000'),
      limitPrice: dec('52000'),
    });
    const out = await h.engine.executeExit({ positionId: 'pos-intent-1', reason: 'TIME' });
    expect(out.kind).toBe('ACKED');
    expect(h.exchange.cancelCalls).toEqual([{ symbol: 'BTCUSDT', clientOrderId: 'intent-2' }]);
    expect(h.intents.get('intent-2')?.exchangeStatus).toBe('CANCELED');
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Closed');
  });
});

describe('ExecutionEngine entry cancellation', () => {
  it('cancelEntryOrders cancels working entries only, never a protective exit', async () => {
    const h = createHarness({ config: { exchange_side_exits: true } });
    await h.engine.executeEntry(entryRequest({ proposalId: 'resting' }));
    await h.engine.executeEntry(entryRequest({ proposalId: 'filled', price: dec('50100') }));
    await h.engine.placeProtectiveOrder({
      positionId: 'pos-intent-2',
      kind: 'STOP_LOSS_LIMIT',
      triggerPrice: dec('49000'),
      limitPrice: dec('48900'),
    });
    const summary = await h.engine.cancelEntryOrders();
    expect(summary).toEqual({ cancelled: ['intent-1'], deferred: [], failed: [] });
    expect(h.exchange.cancelCalls).toEqual([{ symbol: 'BTCUSDT', clientOrderId: 'intent-1' }]);
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Cancelled');
    expect(h.intents.get('intent-3')?.exchangeStatus).toBe('NEW');
  });

  it('cancels an entry the moment it is acknowledged when KILL came while it was in flight', async () => {
    const h = createHarness();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const place = h.exchange.placeOrder.bind(h.exchange);
    h.exchange.placeOrder = async (req) => {
      await gate;
      return place(req);
    };
    const entry = h.engine.executeEntry(entryRequest());
    expect(await h.engine.cancelEntryOrders()).toEqual({ cancelled: [], deferred: ['intent-1'], failed: [] });
    release();
    expect((await entry).kind).toBe('ACKED');
    expect(h.exchange.allOrders()[0]?.status).toBe('CANCELED');
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Cancelled');
  });

  it('cancelStaleEntries cancels LIMIT GTC entries once entry_timeout_s has passed', async () => {
    const h = createHarness({ config: { entry_timeout_s: 60 } });
    await h.engine.executeEntry(entryRequest());
    expect((await h.engine.cancelStaleEntries(T0 + 59_999)).cancelled).toEqual([]);
    expect((await h.engine.cancelStaleEntries(T0 + 60_000)).cancelled).toEqual(['intent-1']);
    expect(h.intents.get('intent-1')?.exchangeStatus).toBe('CANCELED');
  });

  it('books the fills of an entry that filled before its cancel arrived', async () => {
    const h = createHarness();
    await h.engine.executeEntry(entryRequest());
    h.exchange.fill('intent-1', '0.01');
    const summary = await h.engine.cancelEntryOrders();
    expect(summary.failed.map((f) => f.error.message)).toEqual(['Unknown order sent.']);
    expect(h.anomalies.map((a) => a.kind)).toEqual(['CANCEL_FAILED']);
    const p = h.positions.getPosition('pos-intent-1')!;
    expect(p.status).toBe('Open');
    expect(p.avgEntryPrice?.toFixed()).toBe('49900');
  });
});
