import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import type { ExecutionReport } from './user-stream-events';
import { UnknownExecutionStatus } from './exchange-errors';
import { createHarness, entryRequest, type HarnessOptions } from './testing/engine-harness';

/** One Open BUY position of 0.01 BTC (pos-intent-1) with a resting exchange-side stop (intent-2). */
async function withProtectedPosition(opts: HarnessOptions = {}) {
  const h = createHarness({
    ...opts,
    config: { ...opts.config, entry_order_type: 'MARKET', exchange_side_exits: true },
  });
  await h.engine.executeEntry(entryRequest());
  const stop = await h.engine.placeProtectiveOrder({
    positionId: 'pos-intent-1',
    kind: 'STOP_LOSS_LIMIT',
    triggerPrice: dec('49000'),
    limitPrice: dec('48900'),
  });
  expect(stop.kind).toBe('ACKED');
  return h;
}

describe('exits racing the exchange-side stop', () => {
  it('sizes the exit after the stop fills its cancel answer shows, so nothing is sold twice', async () => {
    // No stream: the stop's partial fill is known only from the cancel answer (executedQty).
    const h = await withProtectedPosition();
    h.exchange.fill('intent-2', '0.004', '48900');
    const out = await h.engine.executeExit({ positionId: 'pos-intent-1', reason: 'STOP_LOSS' });
    expect(out.kind).toBe('ACKED');
    expect(h.exchange.placeCalls[2]!.req.quantity?.toFixed()).toBe('0.006');
    const p = h.positions.getPosition('pos-intent-1')!;
    expect([p.status, p.exitedQty.toFixed(), p.openQty.toFixed()]).toEqual(['Closed', '0.01', '0']);
  });

  it('does not send the exit while a stop it could not cancel may still be live', async () => {
    const h = await withProtectedPosition();
    h.exchange.cancelOrder = async () => {
      throw new UnknownExecutionStatus('Timeout waiting for response', -1007, 408);
    };
    h.exchange.queryFaults.push({ kind: 'unknown' });
    const out = await h.engine.executeExit({ positionId: 'pos-intent-1', reason: 'STOP_LOSS' });
    expect(out).toMatchObject({ kind: 'BLOCKED', code: 'PROTECTIVE_CANCEL_FAILED' });
    expect(h.exchange.placeCalls).toHaveLength(2);
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Open');
  });

  it('books a stop fill whose report arrives after the bot registered its own exit', async () => {
    const h = await withProtectedPosition();
    const late: ExecutionReport[] = [];
    h.exchange.onReport((r) => {
      if (r.clientOrderId === 'intent-2' && r.executionType === 'TRADE') late.push(r);
    });
    h.exchange.fill('intent-2', '0.004', '48900');
    // The bot's own exit for the whole position is registered first (as a concurrent close would).
    h.positions.registerExitOrder('pos-intent-1', 'bot-exit', dec('0.01'));
    h.engine.onExecutionReport(late[0]!);
    const p = h.positions.getPosition('pos-intent-1')!;
    expect(h.anomalies.map((a) => a.kind)).not.toContain('PROTECTIVE_NOT_REGISTERED');
    expect([p.exitedQty.toFixed(), p.openQty.toFixed()]).toEqual(['0.004', '0.006']);
  });
});

describe('partial closes', () => {
  it('closes everything when the requested part would leave a remainder no order could sell', async () => {
    const h = createHarness({ config: { entry_order_type: 'MARKET' } });
    await h.engine.executeEntry(entryRequest());
    // 0.00995 of 0.01 leaves 0.00005 BTC ≈ 2.5 USDT, below the 5 USDT minimum.
    const out = await h.engine.executeExit({
      positionId: 'pos-intent-1',
      reason: 'MANUAL',
      quantity: dec('0.00995'),
      referencePrice: dec('50000'),
    });
    expect(out.kind).toBe('ACKED');
    expect(h.exchange.placeCalls[1]!.req.quantity?.toFixed()).toBe('0.01');
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Closed');
  });

  it('keeps a partial close whose remainder can still be sold', async () => {
    const h = createHarness({ config: { entry_order_type: 'MARKET' } });
    await h.engine.executeEntry(entryRequest());
    await h.engine.executeExit({
      positionId: 'pos-intent-1',
      reason: 'MANUAL',
      quantity: dec('0.004'),
      referencePrice: dec('50000'),
    });
    expect(h.exchange.placeCalls[1]!.req.quantity?.toFixed()).toBe('0.004');
    expect(h.positions.getPosition('pos-intent-1')?.openQty.toFixed()).toBe('0.006');
  });
});
