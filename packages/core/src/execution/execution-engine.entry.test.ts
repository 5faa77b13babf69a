import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import type { DecisionEnvelope } from '@aurora/contracts';
import { ExchangeRetryable } from './exchange-errors';
import { entryFromEnvelope } from './execution-requests';
import type { ExecutionReport } from './user-stream-events';
import { createHarness, entryRequest, T0 } from './testing/engine-harness';
import { btcUsdtFilters } from './testing/symbol-filters.fixture';

describe('ExecutionEngine.executeEntry', () => {
  it('stores the intent (insert returned) before the order request leaves', async () => {
    const h = createHarness();
    const log: string[] = [];
    const insert = h.intents.insert.bind(h.intents);
    h.intents.insert = (i) => {
      insert(i);
      log.push(`inserted ${i.id} ${i.status}`);
    };
    const place = h.exchange.placeOrder.bind(h.exchange);
    h.exchange.placeOrder = (req) => {
      log.push(`place ${req.clientOrderId} row=${h.intents.get(req.clientOrderId)?.status ?? 'missing'}`);
      return place(req);
    };
    await h.engine.executeEntry(entryRequest());
    expect(log).toEqual(['inserted intent-1 SUBMITTING', 'place intent-1 row=SUBMITTING']);
  });

  it('places a LIMIT GTC entry by default, rounded to the filters, with the intent id as clientOrderId', async () => {
    const h = createHarness();
    const out = await h.engine.executeEntry(
      entryRequest({ quantity: dec('0.0123456'), price: dec('49900.129') }),
    );
    expect(out.kind).toBe('ACKED');
    expect(h.exchange.placeCalls).toHaveLength(1);
    const req = h.exchange.placeCalls[0]!.req;
    expect(req).toMatchObject({ clientOrderId: 'intent-1', type: 'LIMIT', timeInForce: 'GTC', side: 'BUY' });
    expect(req.quantity?.toFixed()).toBe('0.01234');
    expect(req.price?.toFixed()).toBe('49900.12');
    const intent = h.intents.get('intent-1')!;
    expect(intent).toMatchObject({
      status: 'ACKED',
      exchangeStatus: 'NEW',
      orderId: '1000',
      positionId: 'pos-intent-1',
    });
    expect(intent.proposalId).toBe('prop-1');
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Pending');
  });

  it('uses MARKET or LIMIT IOC by config, and forceLimit turns MARKET into LIMIT GTC', async () => {
    const market = createHarness({ config: { entry_order_type: 'MARKET' } });
    await market.engine.executeEntry(entryRequest());
    expect(market.exchange.placeCalls[0]!.req).toMatchObject({ type: 'MARKET' });
    expect(market.exchange.placeCalls[0]!.req.timeInForce).toBeUndefined();
    const ioc = createHarness({ config: { entry_order_type: 'LIMIT_IOC' } });
    await ioc.engine.executeEntry(entryRequest());
    expect(ioc.exchange.placeCalls[0]!.req).toMatchObject({ type: 'LIMIT', timeInForce: 'IOC' });
    const forced = createHarness({ config: { entry_order_type: 'MARKET' } });
    await forced.engine.executeEntry(entryRequest({ forceLimit: true }));
    expect(forced.exchange.placeCalls[0]!.req).toMatchObject({ type: 'LIMIT', timeInForce: 'GTC' });
  });

  it('sends one order for the same proposal submitted twice, even concurrently', async () => {
    const h = createHarness();
    const [a, b] = await Promise.all([
      h.engine.executeEntry(entryRequest()),
      h.engine.executeEntry(entryRequest()),
    ]);
    const third = await h.engine.executeEntry(entryRequest());
    expect(a.kind).toBe('ACKED');
    expect(b).toEqual({ kind: 'DUPLICATE', intentId: 'intent-1' });
    expect(third).toEqual({ kind: 'DUPLICATE', intentId: 'intent-1' });
    expect(h.exchange.placeCalls).toHaveLength(1);
    expect(h.engine.stats.duplicates).toBe(2);
  });

  it('remembers a proposal beyond the idempotency TTL through the intent store', async () => {
    const h = createHarness();
    await h.engine.executeEntry(entryRequest());
    h.clock.advance(25 * 3600_000);
    expect(await h.engine.executeEntry(entryRequest())).toEqual({ kind: 'DUPLICATE', intentId: 'intent-1' });
    expect(h.exchange.placeCalls).toHaveLength(1);
  });

  it('blocks an order below min notional with the failing filter named, and sends nothing', async () => {
    const h = createHarness();
    const out = await h.engine.executeEntry(entryRequest({ quantity: dec('0.00005') }));
    expect(out).toEqual({
      kind: 'BLOCKED',
      code: 'FILTER_FAILURE',
      message: 'Filter failure: NOTIONAL',
      failures: [{ filter: 'NOTIONAL', message: 'Filter failure: NOTIONAL' }],
    });
    expect(h.exchange.placeCalls).toHaveLength(0);
    expect(h.intents.size).toBe(0);
    expect(h.positions.getOpenPositions()).toHaveLength(0);
  });

  it('blocks a quantity that rounds to nothing, an unknown symbol and a halted symbol', async () => {
    const h = createHarness();
    expect(await h.engine.executeEntry(entryRequest({ quantity: dec('0.000001') }))).toMatchObject({
      kind: 'BLOCKED',
      code: 'BELOW_MIN_QTY',
    });
    expect(await h.engine.executeEntry(entryRequest({ proposalId: 'p2', symbol: 'ETHUSDT' }))).toMatchObject({
      kind: 'BLOCKED',
      code: 'NO_EXCHANGE_INFO',
    });
    const halted = createHarness({ filters: [btcUsdtFilters({ status: 'HALT' })] });
    expect(await halted.engine.executeEntry(entryRequest())).toMatchObject({
      kind: 'BLOCKED',
      code: 'SYMBOL_NOT_TRADING',
    });
    expect(h.exchange.placeCalls).toHaveLength(0);
  });

  it('marks a rejected order REJECTED, never retries it, and cancels the pending position', async () => {
    const h = createHarness();
    h.exchange.placeFaults.push({ kind: 'reject', code: -2010, message: 'Account has insufficient balance' });
    const out = await h.engine.executeEntry(entryRequest());
    expect(out.kind).toBe('REJECTED');
    expect(h.exchange.placeCalls).toHaveLength(1);
    expect(h.intents.get('intent-1')).toMatchObject({
      status: 'REJECTED',
      rejectReason: '-2010 Account has insufficient balance',
    });
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Cancelled');
    expect(h.engine.stats.rejected).toBe(1);
  });

  it('retries a retryable failure with the same clientOrderId after the advised wait', async () => {
    const h = createHarness();
    h.exchange.placeFaults.push(
      { kind: 'retryable', retryAfterMs: 1500 },
      { kind: 'retryable', retry: 'after-backoff', retryAfterMs: null },
    );
    const out = await h.engine.executeEntry(entryRequest());
    expect(out.kind).toBe('ACKED');
    expect(h.exchange.placeCalls.map((c) => c.req.clientOrderId)).toEqual([
      'intent-1',
      'intent-1',
      'intent-1',
    ]);
    expect(h.exchange.placeCalls.map((c) => c.at - T0)).toEqual([0, 1500, 1900]);
    expect(h.exchange.ordersWithClientId('intent-1')).toHaveLength(1);
    expect(h.intents.get('intent-1')).toMatchObject({ status: 'ACKED', attempts: 3, sentAt: T0 + 1900 });
    expect(h.engine.stats.retries).toBe(2);
  });

  it('asks for a clock resync before retrying an after-resync failure', async () => {
    const h = createHarness();
    h.exchange.placeFaults.push({ kind: 'retryable', retry: 'after-resync', retryAfterMs: null });
    expect((await h.engine.executeEntry(entryRequest())).kind).toBe('ACKED');
    expect(h.resyncs).toEqual([T0]);
    expect(h.exchange.placeCalls).toHaveLength(2);
  });

  it('gives up after the bounded number of attempts and records why', async () => {
    const h = createHarness({ retry: { maxAttempts: 2 } });
    h.exchange.placeFaults.push({ kind: 'retryable', retry: 'now' }, { kind: 'retryable', retry: 'now' });
    const out = await h.engine.executeEntry(entryRequest());
    expect(out.kind).toBe('REJECTED');
    expect(h.exchange.placeCalls).toHaveLength(2);
    expect(h.intents.get('intent-1')?.rejectReason).toBe('gave up after 2 attempts: -1015 Too many requests');
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Cancelled');
  });

  it('adopts the order when a retry is refused as a duplicate because an earlier attempt landed', async () => {
    const h = createHarness({ exchange: { prices: { BTCUSDT: '60000' } } });
    // The first attempt reaches the book but the adapter wrongly reports it retryable.
    const place = h.exchange.placeOrder.bind(h.exchange);
    let first = true;
    h.exchange.placeOrder = async (req) => {
      if (first) {
        first = false;
        await place(req);
        throw new ExchangeRetryable('busy', -1015, 429, 'now');
      }
      return place(req);
    };
    const out = await h.engine.executeEntry(entryRequest());
    expect(out).toMatchObject({ kind: 'ACKED', recovered: true });
    expect(h.exchange.ordersWithClientId('intent-1')).toHaveLength(1);
    expect(h.intents.get('intent-1')).toMatchObject({ status: 'ACKED', exchangeStatus: 'NEW' });
  });

  it('applies the fills of a FULL market response once, whether the stream told them first or later', async () => {
    const streamFirst = createHarness({ config: { entry_order_type: 'MARKET' }, stream: true });
    await streamFirst.engine.executeEntry(entryRequest());
    const p1 = streamFirst.positions.getPosition('pos-intent-1')!;
    expect(p1.status).toBe('Open');
    expect(p1.filledQty.toFixed()).toBe('0.01');
    expect(p1.avgEntryPrice?.toFixed()).toBe('50000');

    const restFirst = createHarness({ config: { entry_order_type: 'MARKET' } });
    const late: ExecutionReport[] = [];
    restFirst.exchange.onReport((r) => late.push(r));
    await restFirst.engine.executeEntry(entryRequest());
    expect(restFirst.positions.getPosition('pos-intent-1')?.filledQty.toFixed()).toBe('0.01');
    for (const r of late) restFirst.engine.onExecutionReport(r);
    const p2 = restFirst.positions.getPosition('pos-intent-1')!;
    expect(p2.filledQty.toFixed()).toBe('0.01');
    expect(p2.commissionTotalQuote.toFixed()).toBe('0.5');
    expect(restFirst.intents.get('intent-1')).toMatchObject({ exchangeStatus: 'FILLED', firstFillAt: T0 });
  });

  it('records placement and first-fill latency marks on the intent', async () => {
    const h = createHarness({ stream: true });
    const place = h.exchange.placeOrder.bind(h.exchange);
    h.exchange.placeOrder = async (req) => {
      h.clock.advance(40);
      return place(req);
    };
    await h.engine.executeEntry(entryRequest());
    h.clock.advance(900);
    h.exchange.fill('intent-1', '0.004');
    const i = h.intents.get('intent-1')!;
    expect({ sent: i.sentAt! - T0, acked: i.ackedAt! - T0, firstFill: i.firstFillAt! - T0 }).toEqual({
      sent: 0,
      acked: 40,
      firstFill: 940,
    });
    expect(i.filledQty.toFixed()).toBe('0.004');
    expect(i.exchangeStatus).toBe('PARTIALLY_FILLED');
  });

  it('surfaces a failed insert without sending anything, and ends the pending position', async () => {
    const h = createHarness();
    h.intents.insert = () => {
      throw new Error('disk full');
    };
    await expect(h.engine.executeEntry(entryRequest())).rejects.toThrow('disk full');
    expect(h.exchange.placeCalls).toHaveLength(0);
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Cancelled');
  });
});

describe('entryFromEnvelope', () => {
  const envelope = (o: Partial<DecisionEnvelope> = {}): DecisionEnvelope => ({
    id: 'dec-9',
    strategy: 'ensemble',
    params_id: 'abc123def456',
    proposal: {
      id: 'prop-9',
      symbol: 'BTCUSDT',
      side: 'BUY',
      source: 'STRATEGY',
      entry_price: '50000',
      quantity: '0.02',
      stop_price: '49000',
      take_profit_price: null,
      confidence: 0.7,
      created_at: T0,
    },
    signals: [],
    gates: [],
    final_decision: 'ALLOW',
    blocking_layer: null,
    adjusted_quantity: '0.005',
    intent_id: null,
    created_at: T0,
    decided_at: T0,
    ...o,
  });

  it("takes the gates' adjusted quantity and the proposal's prices", () => {
    const req = entryFromEnvelope(envelope(), { forceLimit: true });
    expect(req).toMatchObject({
      proposalId: 'prop-9',
      decisionId: 'dec-9',
      symbol: 'BTCUSDT',
      side: 'BUY',
      takeProfit: null,
      forceLimit: true,
    });
    expect('quantity' in req && [req.quantity.toFixed(), req.price.toFixed(), req.stop?.toFixed()]).toEqual([
      '0.005',
      '50000',
      '49000',
    ]);
  });

  it('refuses a blocked decision', () => {
    expect(entryFromEnvelope(envelope({ final_decision: 'BLOCK', blocking_layer: 'RISK' }))).toMatchObject({
      kind: 'BLOCKED',
      code: 'NOT_ALLOWED',
      message: 'decision dec-9 was BLOCK at RISK',
    });
  });
});
