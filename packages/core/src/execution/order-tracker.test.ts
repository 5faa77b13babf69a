import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import type { ExecutionReport } from './user-stream-events';
import { createHarness, entryRequest } from './testing/engine-harness';

describe('ExecutionEngine.onExecutionReport', () => {
  it('finds a cancelled order by origClientOrderId and applies the cancel once, stream first', async () => {
    const h = createHarness({ stream: true });
    await h.engine.executeEntry(entryRequest());
    await h.engine.cancelEntryOrders();
    expect(h.intents.get('intent-1')?.exchangeStatus).toBe('CANCELED');
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Cancelled');
    expect(h.anomalies).toEqual([]);
    expect(h.positions.stats().illegalTransitions).toBe(0);
  });

  it('changes nothing when the same report is delivered twice', async () => {
    const h = createHarness();
    const seen: ExecutionReport[] = [];
    h.exchange.onReport((r) => seen.push(r));
    await h.engine.executeEntry(entryRequest());
    h.exchange.fill('intent-1', '0.004');
    const trade = seen.find((r) => r.executionType === 'TRADE')!;
    const first = h.engine.onExecutionReport(trade);
    const second = h.engine.onExecutionReport(trade);
    expect(first.effect).toMatchObject({ fillAdvanced: true, firstFill: true });
    expect(second.effect).toMatchObject({ changed: false, fillAdvanced: false, statusChanged: false });
    expect(second.position).toBeUndefined();
    expect(h.positions.getPosition('pos-intent-1')?.filledQty.toFixed()).toBe('0.004');
  });

  it('passes a report for an order no intent placed to the positions, marked as foreign', () => {
    const h = createHarness();
    const foreign = h.exchange.placeForeign({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: dec('0.001'),
      price: dec('40000'),
      clientOrderId: 'web_1',
    });
    const result = h.engine.onExecutionReport({
      kind: 'executionReport',
      eventTime: 1,
      transactTime: 1,
      symbol: 'BTCUSDT',
      clientOrderId: 'web_1',
      origClientOrderId: null,
      orderId: foreign.orderId,
      side: 'BUY',
      orderType: 'LIMIT',
      timeInForce: 'GTC',
      executionType: 'NEW',
      orderStatus: 'NEW',
      rejectReason: null,
      price: dec('40000'),
      stopPrice: dec(0),
      origQty: dec('0.001'),
      lastQty: dec(0),
      lastPrice: dec(0),
      cumQty: dec(0),
      cumQuote: dec(0),
      commission: dec(0),
      commissionAsset: null,
      tradeId: null,
      executionId: '77',
      isMaker: false,
    });
    expect(result).toMatchObject({ intent: null, effect: null, position: { changed: false } });
    expect(h.positions.stats().unknownReports).toBe(1);
  });

  it('surfaces an order that turned up for a NOT_FOUND intent as an illegal transition, never applied silently', async () => {
    // The venue lags longer than our query-lag allowance: its -2013 reads as proof, wrongly.
    const h = createHarness({
      config: { phantom_recovery_timeout_s: 1 },
      exchange: { queryLagMs: 10_000 },
      recovery: { queryLagMs: 0 },
    });
    h.exchange.placeFaults.push({ kind: 'unknown-accepted' });
    expect((await h.engine.executeEntry(entryRequest())).kind).toBe('NOT_FOUND');
    const order = (await h.exchange.getOpenOrders())[0]!;
    h.engine.adoptOrder('intent-1', order);
    expect(h.intents.get('intent-1')?.status).toBe('NOT_FOUND');
    expect(h.engine.stats.illegalTransitions).toBe(1);
    expect(h.anomalies.map((a) => a.kind)).toEqual(['ILLEGAL_TRANSITION']);
  });
});
