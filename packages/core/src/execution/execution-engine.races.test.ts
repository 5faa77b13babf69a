import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import { createIntent } from './intent';
import { createHarness, entryRequest, T0, type Harness } from './testing/engine-harness';

/*
 * The venue as Binance behaves: the REST answer often beats the user stream, order queries lag
 * and fail, and a KILL may come before an order is known. Rows C1, H1, H2, M4, L3 and L8 of the
 * money-safety review.
 */

const closes = (h: Harness) => h.outcomes.filter((o) => o.position?.closedTrade !== undefined);

async function openMarketLong(h: Harness) {
  const entry = await h.engine.executeEntry(entryRequest());
  expect(entry.kind).toBe('ACKED');
  expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Open');
}

describe('the outcome sink (C1)', () => {
  it('hands a trade closed by a FULL REST answer that beat the stream to the sink exactly once', async () => {
    const h = createHarness({ stream: true, config: { entry_order_type: 'MARKET' } });
    h.exchange.holdStream = true;
    await openMarketLong(h);
    h.exchange.setPrice('BTCUSDT', '49000');
    expect((await h.engine.executeExit({ positionId: 'pos-intent-1', reason: 'STOP' })).kind).toBe('ACKED');
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Closed');
    expect(closes(h)).toHaveLength(1);
    expect(closes(h)[0]?.position?.closedTrade).toMatchObject({ positionId: 'pos-intent-1' });
    expect(closes(h)[0]?.position?.closedTrade?.pnl.lt(0)).toBe(true);
    // The stream's copies arrive later: they reach the sink too, carrying nothing new.
    expect(h.exchange.releaseStream()).toBeGreaterThan(0);
    expect(closes(h)).toHaveLength(1);
    expect(h.anomalies).toEqual([]);
  });

  it('hands a trade closed by phantom adoption (lookup after a lost answer) to the sink exactly once', async () => {
    const h = createHarness({ stream: true, config: { entry_order_type: 'MARKET' } });
    h.exchange.holdStream = true;
    await openMarketLong(h);
    h.exchange.placeFaults.push({ kind: 'unknown-accepted' });
    const exit = await h.engine.executeExit({ positionId: 'pos-intent-1', reason: 'STOP' });
    expect(exit).toMatchObject({ kind: 'ACKED', recovered: true });
    expect(closes(h)).toHaveLength(1);
    h.exchange.releaseStream();
    expect(closes(h)).toHaveLength(1);
  });

  it('hands a trade closed by the stream to the sink exactly once when the stream comes first', async () => {
    const h = createHarness({ stream: true, config: { entry_order_type: 'MARKET' } });
    await openMarketLong(h);
    await h.engine.executeExit({ positionId: 'pos-intent-1', reason: 'STOP' });
    expect(closes(h)).toHaveLength(1);
    expect(closes(h)[0]?.report.executionId).not.toMatch(/^aurora:/);
  });

  it('hands a cancel answer that beat the stream to the sink, with the position it ended', async () => {
    const h = createHarness({ stream: true });
    h.exchange.holdStream = true;
    await h.engine.executeEntry(entryRequest());
    await h.engine.cancelEntryOrders();
    const cancelled = h.outcomes.filter((o) => o.report.orderStatus === 'CANCELED');
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]?.position?.position?.status).toBe('Cancelled');
    const before = h.outcomes.length;
    h.exchange.releaseStream();
    // The stream's copies reach the sink too, and change nothing.
    expect(h.outcomes.length).toBeGreaterThan(before);
    expect(h.outcomes.slice(before).filter((o) => o.position?.changed === true)).toEqual([]);
  });

  it('hands every fill of a REST answer to the sink as a TRADE report, so the app can record it', async () => {
    const h = createHarness({ config: { entry_order_type: 'MARKET' } });
    await openMarketLong(h);
    const trades = h.outcomes.filter((o) => o.report.executionType === 'TRADE');
    expect(trades).toHaveLength(1);
    expect(trades[0]?.intent?.id).toBe('intent-1');
    expect(trades[0]?.report.lastQty.toFixed()).toBe('0.01');
  });
});

describe('report staleness (H1, L3)', () => {
  it('books a stream fill that follows a REST answer received later than the fill, leaving no unprotected coins', async () => {
    const h = createHarness({ stream: true });
    h.exchange.holdStream = true;
    const place = h.exchange.placeOrder.bind(h.exchange);
    h.exchange.placeOrder = async (req) => {
      const answer = await place(req);
      // The order rests, then trades at once; the answer reaches us 80 ms later.
      h.exchange.fill(req.clientOrderId, '0.004');
      h.clock.advance(80);
      return answer;
    };
    expect((await h.engine.executeEntry(entryRequest())).kind).toBe('ACKED');
    h.exchange.releaseStream();
    const p = h.positions.getPosition('pos-intent-1')!;
    expect(p.filledQty.toFixed()).toBe('0.004');
    expect(p.status).toBe('PartiallyFilled');
    expect(h.intents.get('intent-1')?.filledQty.toFixed()).toBe('0.004');
    expect(h.positions.stats().staleReports).toBe(0);
  });

  it('stamps the reports of a FULL answer with the exchange time of the order', async () => {
    const h = createHarness({ config: { entry_order_type: 'MARKET' } });
    const place = h.exchange.placeOrder.bind(h.exchange);
    h.exchange.placeOrder = async (req) => {
      const answer = await place(req);
      h.clock.advance(250);
      return answer;
    };
    await openMarketLong(h);
    expect(h.outcomes.map((o) => o.report.transactTime)).toEqual([T0]);
  });

  it('treats a NEW that arrives after its FILLED as stale at intent level, not as an illegal transition', async () => {
    const h = createHarness({ stream: true, config: { entry_order_type: 'MARKET' } });
    h.exchange.holdStream = true;
    await openMarketLong(h);
    h.exchange.releaseStream();
    expect(h.anomalies).toEqual([]);
    expect(h.engine.stats.illegalTransitions).toBe(0);
    expect(h.intents.get('intent-1')).toMatchObject({ status: 'ACKED', exchangeStatus: 'FILLED' });
  });
});

describe('phantom recovery needs the venue’s word (H2)', () => {
  it('leaves the intent UNKNOWN and the position waiting when every lookup failed', async () => {
    const h = createHarness({ config: { phantom_recovery_timeout_s: 5 } });
    h.exchange.placeFaults.push({ kind: 'unknown-accepted' });
    for (let i = 0; i < 20; i++) h.exchange.queryFaults.push({ kind: 'unknown' });
    const out = await h.engine.executeEntry(entryRequest());
    expect(out.kind).toBe('UNKNOWN');
    expect(h.intents.get('intent-1')?.status).toBe('UNKNOWN');
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Pending');
    expect(h.engine.stats).toMatchObject({ notFound: 0, unresolved: 1 });
  });

  it('does not take a -2013 inside the query lag as proof that the order does not exist', async () => {
    const h = createHarness({ config: { phantom_recovery_timeout_s: 4 }, exchange: { queryLagMs: 60_000 } });
    h.exchange.placeFaults.push({ kind: 'unknown-accepted' });
    expect((await h.engine.executeEntry(entryRequest())).kind).toBe('UNKNOWN');
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Pending');
  });

  it('keeps an exit UNKNOWN when its lookups fail, so the same units are not offered for a second exit', async () => {
    const h = createHarness({ config: { entry_order_type: 'MARKET', phantom_recovery_timeout_s: 5 } });
    await openMarketLong(h);
    h.exchange.placeFaults.push({ kind: 'unknown-accepted' });
    for (let i = 0; i < 20; i++) h.exchange.queryFaults.push({ kind: 'retryable' });
    expect((await h.engine.executeExit({ positionId: 'pos-intent-1', reason: 'STOP' })).kind).toBe('UNKNOWN');
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Closing');
    const again = await h.engine.executeExit({ positionId: 'pos-intent-1', reason: 'STOP' });
    expect(again).toMatchObject({ kind: 'BLOCKED', code: 'POSITION_NOT_CLOSABLE' });
    expect(h.exchange.placeCalls.filter((c) => c.req.side === 'SELL')).toHaveLength(1);
  });

  it('looks the order up again instead of rejecting when the lookup after a refused retry fails', async () => {
    const h = createHarness();
    h.exchange.placeFaults.push({ kind: 'retryable' }, { kind: 'reject', message: 'Duplicate order sent.' });
    h.exchange.queryFaults.push({ kind: 'unknown' });
    const out = await h.engine.executeEntry(entryRequest());
    // The venue then answers -2013 well past the lag: that is proof.
    expect(out.kind).toBe('NOT_FOUND');
    expect(h.exchange.getOrderCalls).toBeGreaterThan(1);
  });
});

describe('an order given up on that turns up (H2)', () => {
  it('books its real fills into an Error position instead of refusing them', async () => {
    // The venue lags longer than our query-lag allowance, so its -2013 was taken as proof.
    const h = createHarness({
      stream: true,
      config: { phantom_recovery_timeout_s: 1 },
      exchange: { queryLagMs: 10_000 },
      recovery: { queryLagMs: 0 },
    });
    h.exchange.holdStream = true;
    h.exchange.placeFaults.push({ kind: 'unknown-accepted' });
    expect((await h.engine.executeEntry(entryRequest())).kind).toBe('NOT_FOUND');
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Cancelled');
    h.exchange.fill('intent-1', '0.01');
    h.exchange.releaseStream();
    const p = h.positions.getPosition('pos-intent-1')!;
    expect(p.status).toBe('Error');
    expect(p.filledQty.toFixed()).toBe('0.01');
    expect(h.positions.getOpenPositions().map((x) => x.id)).toEqual(['pos-intent-1']);
  });
});

describe('entry retries stay fresh (M4)', () => {
  it('refuses to resend an entry after a Retry-After longer than max data age', async () => {
    const h = createHarness({ entryMaxAgeMs: 5_000 });
    h.exchange.placeFaults.push({ kind: 'retryable', retryAfterMs: 60_000 });
    const out = await h.engine.executeEntry(entryRequest());
    expect(out.kind).toBe('REJECTED');
    expect(h.exchange.placeCalls).toHaveLength(1);
    expect(h.sleep.waits).toEqual([]);
    expect(h.intents.get('intent-1')?.rejectReason).toMatch(/max data age 5000 ms/);
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Cancelled');
  });

  it('resends an entry whose retry still leaves within max data age', async () => {
    const h = createHarness({ entryMaxAgeMs: 5_000 });
    h.exchange.placeFaults.push({ kind: 'retryable', retryAfterMs: 1_000 });
    expect((await h.engine.executeEntry(entryRequest())).kind).toBe('ACKED');
    expect(h.exchange.placeCalls).toHaveLength(2);
  });

  it('keeps retrying an exit after a long Retry-After', async () => {
    const h = createHarness({ entryMaxAgeMs: 5_000, config: { entry_order_type: 'MARKET' } });
    await openMarketLong(h);
    h.exchange.placeFaults.push({ kind: 'retryable', retryAfterMs: 60_000 });
    expect((await h.engine.executeExit({ positionId: 'pos-intent-1', reason: 'STOP' })).kind).toBe('ACKED');
    expect(h.positions.getPosition('pos-intent-1')?.status).toBe('Closed');
  });
});

describe('deferred KILL cancels (L8)', () => {
  function restoredUnknownEntry(h: Harness) {
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
    return h.exchange.placeForeign({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: dec('0.01'),
      price: dec('49000'),
      clientOrderId: 'old-1',
    });
  }

  it('cancels an entry restored at start-up once the reconciler adopts it after a KILL', async () => {
    const h = createHarness();
    const order = restoredUnknownEntry(h);
    expect((await h.engine.cancelEntryOrders()).deferred).toEqual(['old-1']);
    h.engine.adoptOrder('old-1', order);
    await new Promise((r) => setImmediate(r));
    expect(h.exchange.cancelCalls).toEqual([{ symbol: 'BTCUSDT', clientOrderId: 'old-1' }]);
    expect(h.intents.get('old-1')?.exchangeStatus).toBe('CANCELED');
    expect(h.positions.getPosition('pos-old-1')?.status).toBe('Cancelled');
  });

  it('cancels an entry restored at start-up once its recovery finds it after a KILL', async () => {
    const h = createHarness();
    restoredUnknownEntry(h);
    await h.engine.cancelEntryOrders();
    expect(await h.engine.recover('old-1')).toMatchObject({ kind: 'ACKED', recovered: true });
    expect(h.exchange.cancelCalls).toHaveLength(1);
    expect(h.intents.get('old-1')?.exchangeStatus).toBe('CANCELED');
  });
});
