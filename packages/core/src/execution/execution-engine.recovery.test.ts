import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import { createIntent } from './intent';
import { createHarness, entryRequest, T0 } from './testing/engine-harness';

describe('ExecutionEngine phantom-order recovery', () => {
  it('adopts an order that was accepted although the response was lost, without resending', async () => {
    const h = createHarness();
    h.exchange.placeFaults.push({ kind: 'unknown-accepted' });
    const out = await h.engine.executeEntry(entryRequest());
    expect(out).toMatchObject({ kind: 'ACKED', recovered: true });
    expect(h.exchange.placeCalls).toHaveLength(1);
    expect(h.exchange.ordersWithClientId('intent-1')).toHaveLength(1);
    expect(h.intents.get('intent-1')).toMatchObject({
      status: 'ACKED',
      exchangeStatus: 'NEW',
      orderId: '1000',
    });
    expect(h.engine.stats).toMatchObject({ unknown: 1, recovered: 1, notFound: 0 });
  });

  it('books the fills of an adopted order that traded, from myTrades', async () => {
    const h = createHarness({ config: { entry_order_type: 'MARKET' } });
    h.exchange.placeFaults.push({ kind: 'unknown-accepted' });
    await h.engine.executeEntry(entryRequest());
    const p = h.positions.getPosition('pos-intent-1')!;
    expect(p.status).toBe('Open');
    expect(p.filledQty.toFixed()).toBe('0.01');
    expect(h.intents.get('intent-1')).toMatchObject({ exchangeStatus: 'FILLED' });
    expect(h.intents.get('intent-1')?.filledQty.toFixed()).toBe('0.01');
  });

  it('marks NOT_FOUND when the order never shows up within phantom_recovery_timeout_s, backing off exponentially', async () => {
    const h = createHarness();
    h.exchange.placeFaults.push({ kind: 'unknown-dropped' });
    const out = await h.engine.executeEntry(entryRequest());
    expect(out.kind).toBe('NOT_FOUND');
    expect(h.sleep.waits).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000, 5000, 2250]);
    expect(h.clock.now()).toBe(T0 + 30_000);
    expect(h.exchange.getOrderCalls).toBe(11);
    expect(h.exchange.placeCalls).toHaveLength(1);
    expect(h.intents.get('intent-1')).toMatchObject({ status: 'NOT_FOUND' });
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Cancelled');
  });

  it('honours a shorter configured recovery window', async () => {
    const h = createHarness({ config: { phantom_recovery_timeout_s: 5 } });
    h.exchange.placeFaults.push({ kind: 'unknown-dropped' });
    expect((await h.engine.executeEntry(entryRequest())).kind).toBe('NOT_FOUND');
    expect(h.clock.now()).toBe(T0 + 5_000);
  });

  it('keeps looking through lookup failures and exchange lag until the order appears', async () => {
    const h = createHarness({ exchange: { queryLagMs: 3_000 } });
    h.exchange.placeFaults.push({ kind: 'unknown-accepted' });
    h.exchange.queryFaults.push({ kind: 'retryable' }, { kind: 'unknown' });
    const out = await h.engine.executeEntry(entryRequest());
    expect(out).toMatchObject({ kind: 'ACKED', recovered: true });
    // Lookups at 0 (fails), 250 (fails), 750, 1750 (lagging), 3750 (found).
    expect(h.exchange.getOrderCalls).toBe(5);
    expect(h.clock.now()).toBe(T0 + 3_750);
  });

  it('stops looking when the user stream proves the order exists', async () => {
    const h = createHarness({ stream: true });
    h.exchange.placeFaults.push({ kind: 'unknown-accepted' });
    const out = await h.engine.executeEntry(entryRequest());
    expect(out).toMatchObject({ kind: 'ACKED', recovered: true });
    expect(h.exchange.getOrderCalls).toBe(0);
    expect(h.intents.get('intent-1')).toMatchObject({ status: 'ACKED', exchangeStatus: 'NEW' });
  });

  it('recovers an UNKNOWN intent left by a previous run', async () => {
    const h = createHarness();
    const intent = createIntent(
      {
        id: 'old-1',
        purpose: 'ENTRY',
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: dec('0.01'),
        price: dec('49000'),
        positionId: 'pos-old-1',
      },
      T0,
    );
    intent.status = 'UNKNOWN';
    h.intents.insert(intent);
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
    expect(await h.engine.recover('old-1')).toMatchObject({ kind: 'ACKED', recovered: true });
    expect(h.intents.get('old-1')).toMatchObject({ status: 'ACKED', exchangeStatus: 'NEW' });
    expect(await h.engine.recover('old-1')).toBeNull();
  });
});
