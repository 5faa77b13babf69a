import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import { makeEngine } from './engine.fixture';
import { ReportScript } from './report-script.fixture';

/*
 * Binance's channels race: the user stream (exchange time), REST answers and lookups (which
 * the engine turns into reports, possibly stamped with local time), and two symbols' orders
 * that share ids. These are the review's H1, H2 and M5 at the position layer.
 */

function open(symbol: string, clientOrderId: string, qty = '1') {
  const ctx = makeEngine();
  ctx.engine.openPosition({
    intentId: clientOrderId,
    clientOrderId,
    symbol,
    side: 'BUY',
    requestedQty: dec(qty),
  });
  return ctx;
}

describe('PositionEngine under racing channels', () => {
  it('books a fill with new cumulative quantity even when its exchange time is earlier than the last report applied', () => {
    const { engine } = open('BTCUSDT', 'c-1');
    const script = new ReportScript('BTCUSDT', 'BUY', 'c-1', '1001', dec(1));
    const trade = script.fill('0.4', '100');
    // The REST answer, synthesized on arrival and stamped with a later (local) time.
    const ack = { ...script.ack(), cumQty: dec(0), cumQuote: dec(0), transactTime: trade.transactTime + 80 };
    engine.onExecutionReport(ack);
    const out = engine.onExecutionReport(trade);
    expect(out.changed).toBe(true);
    expect(engine.getPosition('pos-c-1')?.filledQty.toFixed()).toBe('0.4');
    expect(engine.getPosition('pos-c-1')?.status).toBe('PartiallyFilled');
    expect(engine.stats().staleReports).toBe(0);
  });

  it('does not mark a stale report seen, so nothing it carries is lost to the duplicate check', () => {
    const { engine } = open('BTCUSDT', 'c-1');
    const script = new ReportScript('BTCUSDT', 'BUY', 'c-1', '1001', dec(1));
    const ack = script.ack();
    engine.onExecutionReport(script.fill('1', '100'));
    expect(engine.onExecutionReport(ack)).toEqual({ changed: false });
    expect(engine.stats()).toMatchObject({ staleReports: 1, duplicateReports: 0 });
    expect(engine.onExecutionReport(ack)).toEqual({ changed: false });
    expect(engine.stats()).toMatchObject({ staleReports: 2, duplicateReports: 0 });
  });

  it('books late real fills of an entry it had given up on (NOT_FOUND) into Error, never refusing them', () => {
    const { engine, illegal } = open('BTCUSDT', 'c-1');
    engine.onIntentFailed('c-1');
    expect(engine.getPosition('pos-c-1')?.status).toBe('Cancelled');
    const script = new ReportScript('BTCUSDT', 'BUY', 'c-1', '1001', dec(1));
    engine.onExecutionReport(script.ack());
    const out = engine.onExecutionReport(script.fill('1', '100'));
    const p = engine.getPosition('pos-c-1')!;
    expect(out.changed).toBe(true);
    expect(p.status).toBe('Error');
    expect(p.filledQty.toFixed()).toBe('1');
    expect(p.openQty.toFixed()).toBe('1');
    expect(p.errorReason).toMatch(/given up on/);
    expect(engine.getOpenPositions().map((x) => x.id)).toEqual(['pos-c-1']);
    expect(illegal).toEqual([]);
  });

  it('books a late real fill of an exit it had given up on, so the units are not sold twice', () => {
    const { engine, illegal } = open('BTCUSDT', 'c-1');
    engine.onExecutionReport(new ReportScript('BTCUSDT', 'BUY', 'c-1', '1001', dec(1)).fill('1', '100'));
    engine.registerExitOrder('pos-c-1', 'x-1', dec(1));
    engine.onIntentFailed('x-1');
    expect(engine.getPosition('pos-c-1')?.status).toBe('Open');
    const exit = new ReportScript('BTCUSDT', 'SELL', 'x-1', '1002', dec(1));
    const out = engine.onExecutionReport(exit.fill('1', '99'));
    expect(engine.getPosition('pos-c-1')?.openQty.toFixed()).toBe('0');
    expect(engine.getPosition('pos-c-1')?.status).toBe('Closed');
    expect(out.closedTrade?.pnl.toFixed()).toBe('-1');
    expect(illegal).toEqual([]);
  });

  it('routes a report by clientOrderId when two symbols share an order id', () => {
    const { engine } = open('BTCUSDT', 'c-btc');
    engine.openPosition({
      intentId: 'c-eth',
      clientOrderId: 'c-eth',
      symbol: 'ETHUSDT',
      side: 'BUY',
      requestedQty: dec(2),
    });
    engine.onExecutionReport(new ReportScript('BTCUSDT', 'BUY', 'c-btc', '7', dec(1)).ack());
    const eth = new ReportScript('ETHUSDT', 'BUY', 'c-eth', '7', dec(2));
    engine.onExecutionReport(eth.ack());
    engine.onExecutionReport(eth.fill('2', '10'));
    expect(engine.getPosition('pos-c-eth')?.filledQty.toFixed()).toBe('2');
    expect(engine.getPosition('pos-c-btc')?.filledQty.toFixed()).toBe('0');
    expect(engine.findByOrderId('ETHUSDT', '7')?.id).toBe('pos-c-eth');
    expect(engine.findByOrderId('BTCUSDT', '7')?.id).toBe('pos-c-btc');
  });

  it('finds an order by symbol + orderId when the report names neither of its clientOrderIds', () => {
    const { engine } = open('BTCUSDT', 'c-btc');
    engine.openPosition({
      intentId: 'c-eth',
      clientOrderId: 'c-eth',
      symbol: 'ETHUSDT',
      side: 'BUY',
      requestedQty: dec(2),
    });
    engine.onExecutionReport(new ReportScript('BTCUSDT', 'BUY', 'c-btc', '7', dec(1)).ack());
    const eth = new ReportScript('ETHUSDT', 'BUY', 'c-eth', '7', dec(2));
    engine.onExecutionReport(eth.ack());
    const anonymous = { ...eth.fill('2', '10'), clientOrderId: 'web_x' };
    engine.onExecutionReport(anonymous);
    expect(engine.getPosition('pos-c-eth')?.filledQty.toFixed()).toBe('2');
    expect(engine.getPosition('pos-c-btc')?.filledQty.toFixed()).toBe('0');
  });
});
