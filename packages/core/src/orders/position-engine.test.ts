import { describe, expect, it } from 'vitest';
import { PositionDto } from '@aurora/contracts';
import { dec } from '../money/decimal';
import { makeEngine, T0 } from './engine.fixture';
import { positionToDto } from './position-dto';
import {
  DuplicateOrder,
  DuplicatePosition,
  ExitExceedsOpenQuantity,
  InvalidPositionInput,
  UnknownPosition,
} from './position-errors';
import { ReportScript } from './report-script.fixture';
import { IllegalTransition } from './transitions';

const s = (d: { toString(): string } | null | undefined) => (d == null ? null : d.toString());

function openLong(qty = '1', overrides: { symbol?: string; side?: 'BUY' | 'SELL' } = {}) {
  const ctx = makeEngine();
  const side = overrides.side ?? 'BUY';
  const symbol = overrides.symbol ?? 'BTCUSDT';
  const p = ctx.engine.openPosition({
    intentId: 'i-entry',
    clientOrderId: 'c-entry',
    symbol,
    side,
    requestedQty: dec(qty),
    stop: dec('90'),
    takeProfit: dec('120'),
    tags: { strategy: 'ensemble', setup: 'breakout' },
    decisionId: 'd-1',
  });
  const entry = new ReportScript(symbol, side, 'c-entry', '1001', dec(qty));
  return { ...ctx, p, entry };
}

describe('PositionEngine entries', () => {
  it('opens a Pending position with everything the caller knows', () => {
    const { p } = openLong();
    expect(p.status).toBe('Pending');
    expect([p.id, p.tradeIntentId, p.entryClientOrderId, p.symbol, p.side]).toEqual([
      'pos-i-entry',
      'i-entry',
      'c-entry',
      'BTCUSDT',
      'BUY',
    ]);
    expect([s(p.stopPrice), s(p.takeProfitPrice), p.tags.strategy, p.decisionId, p.createdAt]).toEqual([
      '90',
      '120',
      'ensemble',
      'd-1',
      T0,
    ]);
  });

  it('refuses duplicate positions, duplicate orders, foreign quote assets and non-positive quantities', () => {
    const { engine } = openLong();
    const base = {
      intentId: 'i-entry',
      clientOrderId: 'c-2',
      symbol: 'BTCUSDT',
      side: 'BUY' as const,
      requestedQty: dec(1),
    };
    expect(() => engine.openPosition(base)).toThrow(DuplicatePosition);
    expect(() => engine.openPosition({ ...base, intentId: 'i-2', clientOrderId: 'c-entry' })).toThrow(
      DuplicateOrder,
    );
    expect(() => engine.openPosition({ ...base, intentId: 'i-3', symbol: 'ETHBTC' })).toThrow(
      InvalidPositionInput,
    );
    expect(() => engine.openPosition({ ...base, intentId: 'i-4', requestedQty: dec(0) })).toThrow(
      InvalidPositionInput,
    );
  });

  it('learns the exchange order id from the NEW report', () => {
    const { engine, entry } = openLong();
    const out = engine.onExecutionReport(entry.ack());
    expect(out.changed).toBe(true);
    expect(out.position?.entryOrderId).toBe('1001');
    expect(engine.findByOrderId('BTCUSDT', '1001')?.id).toBe('pos-i-entry');
    expect(engine.findByClientOrderId('c-entry')?.id).toBe('pos-i-entry');
  });

  it('averages partial entry fills by quantity and opens on the final fill', () => {
    const { engine, entry } = openLong();
    engine.onExecutionReport(entry.ack());
    const a = engine.onExecutionReport(entry.fill('0.4', '100'));
    expect(a.position?.status).toBe('PartiallyFilled');
    const b = engine.onExecutionReport(entry.fill('0.6', '105'));
    const p = b.position!;
    expect(p.status).toBe('Open');
    expect([s(p.filledQty), s(p.openQty), s(p.avgEntryPrice), s(p.costBasis)]).toEqual([
      '1',
      '1',
      '103',
      '103',
    ]);
    expect(p.openedAt).toBe(1_700_000_002_000);
  });

  it('ignores a repeated report and a report repeating a trade id', () => {
    const { engine, entry } = openLong();
    const fill = entry.fill('0.4', '100');
    engine.onExecutionReport(fill);
    expect(engine.onExecutionReport(fill)).toEqual({ changed: false });
    expect(engine.onExecutionReport({ ...fill, executionId: 'other' })).toEqual({ changed: false });
    expect(engine.getPosition('pos-i-entry')?.filledQty.toString()).toBe('0.4');
    expect(engine.stats().duplicateReports).toBe(2);
  });

  it('cancels a position whose entry ends with nothing filled', () => {
    const { engine, entry } = openLong();
    engine.onExecutionReport(entry.ack());
    const out = engine.onExecutionReport(entry.cancel());
    expect(out.position?.status).toBe('Cancelled');
    expect(out.position?.closedAt).toBe(1_700_000_002_000);
    expect(engine.getOpenPositions()).toEqual([]);
  });

  it('opens for the filled part when the entry expires after a partial fill', () => {
    const { engine, entry } = openLong();
    engine.onExecutionReport(entry.fill('0.25', '100'));
    const out = engine.onExecutionReport(entry.expire());
    expect(out.position?.status).toBe('Open');
    expect(out.position?.openQty.toString()).toBe('0.25');
  });

  it('cancels the position when its entry intent is rejected before reaching the exchange', () => {
    const { engine } = openLong();
    const out = engine.onIntentFailed('c-entry');
    expect(out.position?.status).toBe('Cancelled');
    expect(engine.onIntentFailed('c-entry')).toEqual({ changed: false });
  });

  it('ignores an intent failure for an order the exchange has already reported', () => {
    const { engine, entry } = openLong();
    engine.onExecutionReport(entry.ack());
    expect(engine.onIntentFailed('c-entry')).toEqual({ changed: false });
    expect(engine.getPosition('pos-i-entry')?.status).toBe('Pending');
  });

  it('books a missed fill from the next report through the cumulative quote', () => {
    const { engine, entry } = openLong();
    entry.fill('0.3', '100'); // lost on the way
    const out = engine.onExecutionReport(entry.fill('0.7', '110'));
    expect([s(out.position?.filledQty), s(out.position?.entryNotional), out.position?.status]).toEqual([
      '1',
      '107',
      'Open',
    ]);
  });

  it('matches a cancel report by its original clientOrderId', () => {
    const { engine, entry } = openLong();
    const cancel = {
      ...entry.cancel(),
      clientOrderId: 'web_cancel_1',
      origClientOrderId: 'c-entry',
      orderId: '1001',
    };
    expect(engine.onExecutionReport(cancel).position?.status).toBe('Cancelled');
  });

  it('treats a report older than the last one applied as stale, not as an illegal move', () => {
    const { engine, entry } = openLong();
    const ack = entry.ack();
    engine.onExecutionReport(entry.cancel());
    expect(engine.onExecutionReport(ack)).toEqual({ changed: false });
    expect(engine.stats()).toMatchObject({ staleReports: 1, illegalTransitions: 0 });
  });

  it('returns changed:false for an order no position follows', () => {
    const { engine } = openLong();
    const stray = new ReportScript('BTCUSDT', 'BUY', 'other', '999', dec(1));
    expect(engine.onExecutionReport(stray.fill('1', '100'))).toEqual({ changed: false });
    expect(engine.stats().unknownReports).toBe(1);
  });

  it('counts, reports and never applies an illegal order move', () => {
    const { engine, entry, illegal } = openLong();
    engine.onExecutionReport(entry.fill('1', '100'));
    const out = engine.onExecutionReport(entry.cancel());
    expect(out.illegal).toBeInstanceOf(IllegalTransition);
    expect([out.illegal?.machine, out.illegal?.from, out.illegal?.event]).toEqual([
      'order',
      'FILLED',
      'CANCEL',
    ]);
    expect(out.position?.status).toBe('Open');
    expect(engine.illegalTransitions).toBe(1);
    expect(illegal).toHaveLength(1);
  });
});

describe('PositionEngine exits', () => {
  function openFilled(qty = '1', price = '100') {
    const ctx = openLong(qty);
    ctx.engine.onExecutionReport(ctx.entry.fill(qty, price));
    return ctx;
  }

  it('describes a close as an opposite-side order for the open quantity', () => {
    const { engine } = openFilled();
    expect(engine.closePosition('pos-i-entry')).toEqual({
      positionId: 'pos-i-entry',
      symbol: 'BTCUSDT',
      side: 'SELL',
      quantity: dec('1'),
    });
    expect(engine.getPosition('pos-i-entry')?.status).toBe('Open');
  });

  it('closes through partial exit fills, realizing average-cost PnL and returning the trade once', () => {
    const { engine } = openFilled('1', '100');
    expect(engine.registerExitOrder('pos-i-entry', 'c-exit', dec('1')).status).toBe('Closing');
    const exit = new ReportScript('BTCUSDT', 'SELL', 'c-exit', '2001', dec('1'));
    const a = engine.onExecutionReport(exit.fill('0.4', '110', '0.044', 'USDT'));
    expect([a.position?.status, s(a.position?.openQty), s(a.position?.realizedPnl)]).toEqual([
      'Closing',
      '0.6',
      '3.956',
    ]);
    expect(a.closedTrade).toBeUndefined();
    const last = exit.fill('0.6', '120', '0.072', 'USDT');
    const b = engine.onExecutionReport(last);
    expect(b.position?.status).toBe('Closed');
    expect(s(b.closedTrade?.pnl)).toBe('15.884'); // 4 + 12 − 0.116
    expect(s(b.position?.avgExitPrice)).toBe('116');
    expect(b.position?.exitOrderIds).toEqual(['2001']);
    expect(engine.onExecutionReport(last).closedTrade).toBeUndefined();
    expect(engine.onExecutionReport({ ...last, executionId: 'x' }).closedTrade).toBeUndefined();
  });

  it('returns the position to Open when an exit is cancelled with nothing filled', () => {
    const { engine } = openFilled();
    engine.registerExitOrder('pos-i-entry', 'c-exit', dec('1'));
    const exit = new ReportScript('BTCUSDT', 'SELL', 'c-exit', '2001', dec('1'));
    engine.onExecutionReport(exit.ack());
    expect(engine.onExecutionReport(exit.cancel()).position?.status).toBe('Open');
  });

  it('supports partial closes: each exit fills, the rest stays Open', () => {
    const { engine } = openFilled('1', '100');
    const req = engine.closePosition('pos-i-entry', dec('0.3'));
    engine.registerExitOrder('pos-i-entry', 'c-x1', req.quantity);
    expect(() => engine.closePosition('pos-i-entry', dec('0.8'))).toThrow(ExitExceedsOpenQuantity);
    expect(engine.closePosition('pos-i-entry').quantity.toString()).toBe('0.7');
    const x1 = new ReportScript('BTCUSDT', 'SELL', 'c-x1', '2001', dec('0.3'));
    const out = engine.onExecutionReport(x1.fill('0.3', '90'));
    expect([out.position?.status, s(out.position?.openQty), s(out.position?.realizedPnl)]).toEqual([
      'Open',
      '0.7',
      '-3',
    ]);
    engine.registerExitOrder('pos-i-entry', 'c-x2', dec('0.7'));
    const x2 = new ReportScript('BTCUSDT', 'SELL', 'c-x2', '2002', dec('0.7'));
    const done = engine.onExecutionReport(x2.fill('0.7', '110'));
    expect([done.position?.status, s(done.closedTrade?.pnl)]).toEqual(['Closed', '4']);
    expect(done.position?.exitClientOrderIds).toEqual(['c-x1', 'c-x2']);
  });

  it('returns to Open when an exit intent is rejected before reaching the exchange', () => {
    const { engine } = openFilled();
    engine.registerExitOrder('pos-i-entry', 'c-exit', dec('1'));
    const out = engine.onIntentFailed('c-exit');
    expect([out.position?.status, s(engine.closePosition('pos-i-entry').quantity)]).toEqual(['Open', '1']);
  });

  it('moves stop, take-profit and trailing levels without touching the books', () => {
    const { engine } = openFilled();
    const p = engine.updateExitLevels('pos-i-entry', { stopPrice: dec('95'), trailingStopPrice: dec('97') });
    expect([s(p.stopPrice), s(p.takeProfitPrice), s(p.trailingStopPrice), p.status]).toEqual([
      '95',
      '120',
      '97',
      'Open',
    ]);
  });

  it('stays Closing while another exit is still working', () => {
    const { engine } = openFilled('1', '100');
    engine.registerExitOrder('pos-i-entry', 'c-x1', dec('0.5'));
    engine.registerExitOrder('pos-i-entry', 'c-x2', dec('0.5'));
    const x1 = new ReportScript('BTCUSDT', 'SELL', 'c-x1', '2001', dec('0.5'));
    expect(engine.onExecutionReport(x1.cancel()).position?.status).toBe('Closing');
  });

  it('refuses to close a position whose entry is still working, counting the illegal move', () => {
    const { engine, illegal } = openLong();
    expect(() => engine.closePosition('pos-i-entry')).toThrow(IllegalTransition);
    expect(() => engine.registerExitOrder('pos-i-entry', 'c-exit', dec(1))).toThrow(IllegalTransition);
    expect(engine.illegalTransitions).toBe(2);
    expect(illegal.map((e) => e.event)).toEqual(['EXIT_REGISTERED', 'EXIT_REGISTERED']);
    expect(() => engine.closePosition('nope')).toThrow(UnknownPosition);
  });

  it('realizes a short position as entry minus exit', () => {
    const { engine, entry } = openLong('2', { side: 'SELL' });
    engine.onExecutionReport(entry.fill('2', '100'));
    const req = engine.closePosition('pos-i-entry');
    expect(req.side).toBe('BUY');
    engine.registerExitOrder('pos-i-entry', 'c-exit', req.quantity);
    const exit = new ReportScript('BTCUSDT', 'BUY', 'c-exit', '2001', dec('2'));
    const out = engine.onExecutionReport(exit.fill('2', '95', '0.19', 'USDT'));
    expect(s(out.closedTrade?.pnl)).toBe('9.81');
  });

  it('owes more units on a short when buying back pays its commission in the base asset', () => {
    const { engine, entry } = openLong('1', { side: 'SELL' });
    engine.onExecutionReport(entry.fill('1', '100'));
    engine.registerExitOrder('pos-i-entry', 'c-exit', dec('1'));
    const exit = new ReportScript('BTCUSDT', 'BUY', 'c-exit', '2001', dec('1'));
    const out = engine.onExecutionReport(exit.fill('1', '90', '0.001', 'BTC'));
    expect([out.position?.status, s(out.position?.openQty), s(out.position?.realizedPnl)]).toEqual([
      'Open',
      '0.001',
      '9.91',
    ]);
  });

  it('marks an exit that fills beyond the open quantity as Error', () => {
    const { engine } = openFilled('1', '100');
    engine.registerExitOrder('pos-i-entry', 'c-exit', dec('1'));
    const exit = new ReportScript('BTCUSDT', 'SELL', 'c-exit', '2001', dec('1.5'));
    const out = engine.onExecutionReport(exit.fill('1.5', '100'));
    expect(out.position?.status).toBe('Error');
    expect(out.position?.errorReason).toBe('exit fills exceed the open quantity by 0.5');
  });
});

describe('PositionEngine commissions', () => {
  it('converts quote and base commissions at fill time; a report adding no quantity books nothing', () => {
    const { engine, entry } = openLong('1');
    engine.onExecutionReport(entry.fill('0.5', '100', '0.05', 'USDT'));
    engine.onExecutionReport(entry.fill('0.5', '100', '0.0005', 'BTC'));
    const out = engine.onExecutionReport({ ...entry.fill('0', '100', '0.0001', 'BNB') });
    const p = engine.getPosition('pos-i-entry')!;
    expect(out.changed).toBe(false); // no new quantity: nothing booked
    expect([s(p.commissionTotalQuote), s(p.realizedPnl), s(p.openQty)]).toEqual(['0.1', '-0.1', '0.9995']);
    expect(Object.fromEntries([...p.commissionByAsset].map(([k, v]) => [k, v.toString()]))).toEqual({
      USDT: '0.05',
      BTC: '0.0005',
    });
  });

  it('books a BNB commission through the BNB price and flags a missing price as approximate', () => {
    const { engine, entry, prices } = openLong('1');
    engine.onExecutionReport(entry.fill('0.5', '100', '0.0001', 'BNB'));
    prices.delete('BNB');
    engine.onExecutionReport(entry.fill('0.5', '100', '0.0001', 'BNB'));
    const p = engine.getPosition('pos-i-entry')!;
    expect([s(p.commissionTotalQuote), p.commissionApproximate, s(p.commissionByAsset.get('BNB'))]).toEqual([
      '0.06005',
      true,
      '0.0002',
    ]);
  });

  it('closes with the remainder set aside as dust when base commissions leave less than a lot', () => {
    const { engine } = makeEngineWithDust();
    engine.openPosition({
      intentId: 'e',
      clientOrderId: 'e',
      symbol: 'BTCUSDT',
      side: 'BUY',
      requestedQty: dec('0.012345'),
    });
    const entry = new ReportScript('BTCUSDT', 'BUY', 'e', '1', dec('0.012345'));
    engine.onExecutionReport(entry.fill('0.012345', '60000', '0.000012345', 'BTC'));
    const p = engine.getPosition('pos-e')!;
    expect(p.openQty.toString()).toBe('0.012332655');
    engine.registerExitOrder('pos-e', 'x', dec('0.01233'));
    const exit = new ReportScript('BTCUSDT', 'SELL', 'x', '2', dec('0.01233'));
    const out = engine.onExecutionReport(exit.fill('0.01233', '61000'));
    expect(out.position?.status).toBe('Closed');
    expect([s(out.position?.dustQty), s(out.position?.openQty)]).toEqual(['0.000002655', '0']);
    expect(out.closedTrade).toBeDefined();
  });
});

function makeEngineWithDust() {
  return makeEngine({ dustThreshold: () => dec('0.00001') });
}

describe('PositionEngine views', () => {
  it('values exposure and unrealized PnL at mark, falling back to cost without a mark', () => {
    const { engine, entry } = openLong('2');
    engine.onExecutionReport(entry.fill('2', '100'));
    engine.openPosition({
      intentId: 'e2',
      clientOrderId: 'e2',
      symbol: 'ETHUSDT',
      side: 'BUY',
      requestedQty: dec(3),
    });
    engine.onExecutionReport(new ReportScript('ETHUSDT', 'BUY', 'e2', '7', dec(3)).fill('3', '10'));
    const marks = (sym: string) => (sym === 'BTCUSDT' ? dec('110') : null);
    expect(engine.getTotalExposure(marks).toString()).toBe('250');
    expect(
      Object.fromEntries(Object.entries(engine.exposureBySymbol(marks)).map(([k, v]) => [k, v.toString()])),
    ).toEqual({
      BTCUSDT: '220',
      ETHUSDT: '30',
    });
    expect(engine.getUnrealizedPnl(marks).toString()).toBe('20');
  });

  it('sums realized PnL per trading day, honouring the day offset', () => {
    const { engine, clock, entry } = openLong('1');
    const lateUtc = Date.UTC(2024, 0, 15, 23, 30);
    engine.onExecutionReport({ ...entry.fill('1', '100', '0.1', 'USDT'), transactTime: lateUtc });
    clock.set(lateUtc);
    expect(engine.getPnlToday().toString()).toBe('-0.1');
    const {
      engine: tokyo,
      clock: c2,
      entry: e2,
    } = (() => {
      const ctx = makeEngine({ tradingDayOffsetMin: 60 });
      ctx.engine.openPosition({
        intentId: 'a',
        clientOrderId: 'a',
        symbol: 'BTCUSDT',
        side: 'BUY',
        requestedQty: dec(1),
      });
      return { ...ctx, entry: new ReportScript('BTCUSDT', 'BUY', 'a', '1', dec(1)) };
    })();
    tokyo.onExecutionReport({ ...e2.fill('1', '100', '0.1', 'USDT'), transactTime: lateUtc });
    c2.set(Date.UTC(2024, 0, 15, 22, 59));
    expect(tokyo.getPnlToday().toString()).toBe('0');
    c2.set(Date.UTC(2024, 0, 16, 22, 59));
    expect(tokyo.getPnlToday().toString()).toBe('-0.1');
  });

  it('keeps books in Error and lets the position close from there', () => {
    const { engine, entry } = openLong('1');
    engine.onExecutionReport(entry.fill('0.5', '100'));
    expect(engine.markError('pos-i-entry', 'balance drift').status).toBe('Error');
    engine.onExecutionReport(entry.fill('0.5', '100'));
    expect(engine.getPosition('pos-i-entry')?.openQty.toString()).toBe('1');
    engine.registerExitOrder('pos-i-entry', 'x', dec(1));
    const out = engine.onExecutionReport(
      new ReportScript('BTCUSDT', 'SELL', 'x', '2', dec(1)).fill('1', '100'),
    );
    expect([out.position?.status, out.position?.errorReason]).toEqual(['Closed', 'balance drift']);
  });

  it('renders a DTO that satisfies the contracts schema', () => {
    const { engine, entry } = openLong('1');
    engine.onExecutionReport(entry.fill('1', '100', '0.001', 'BTC'));
    const dto = positionToDto(engine.getPosition('pos-i-entry')!, dec('101'));
    expect(PositionDto.parse(dto)).toEqual(dto);
    expect([dto.open_qty, dto.avg_entry_price, dto.unrealized_pnl, dto.commission_by_asset]).toEqual([
      '0.999',
      '100',
      '0.999',
      { BTC: '0.001' },
    ]);
    expect([dto.tca, dto.placement_latency_ms, dto.review_flag]).toEqual([null, null, null]);
  });

  it('forgets the oldest finished positions beyond the configured bound', () => {
    const { engine } = makeEngine({ maxFinishedPositions: 2 });
    for (const id of ['a', 'b', 'c']) {
      engine.openPosition({
        intentId: id,
        clientOrderId: id,
        symbol: 'BTCUSDT',
        side: 'BUY',
        requestedQty: dec(1),
      });
      engine.onIntentFailed(id);
    }
    expect(engine.getAllPositions().map((p) => p.id)).toEqual(['pos-b', 'pos-c']);
    expect(engine.findByClientOrderId('a')).toBeUndefined();
  });
});
