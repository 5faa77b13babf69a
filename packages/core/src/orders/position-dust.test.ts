import { describe, expect, it } from 'vitest';
import { isExitable } from '../execution/exit-sizing';
import { btcUsdtFilters } from '../execution/testing/symbol-filters.fixture';
import { dec } from '../money/decimal';
import { makeEngine } from './engine.fixture';
import { ReportScript } from './report-script.fixture';

const s = (d: { toString(): string } | null | undefined) => (d == null ? null : d.toString());

/** An engine whose dust rule is the exit rule (minQty, MARKET_LOT_SIZE, min notional at 60 000). */
function engineWithExitRule() {
  const ctx = makeEngine({ isDust: (_symbol, qty) => !isExitable(qty, btcUsdtFilters(), dec('60000')) });
  ctx.prices.set('BTC', dec('60000'));
  return ctx;
}

function openBtc(ctx: ReturnType<typeof makeEngine>, qty: string, filled: string, price = '60000') {
  ctx.engine.openPosition({
    intentId: 'e',
    clientOrderId: 'e',
    symbol: 'BTCUSDT',
    side: 'BUY',
    requestedQty: dec(qty),
  });
  const entry = new ReportScript('BTCUSDT', 'BUY', 'e', '1', dec(qty));
  ctx.engine.onExecutionReport(entry.fill(filled, price));
  return entry;
}

describe('dust: what no exit order can sell', () => {
  it('closes a position whose exit leaves more than a step but less than the minimum notional', () => {
    const ctx = engineWithExitRule();
    openBtc(ctx, '0.01', '0.01');
    ctx.engine.registerExitOrder('pos-e', 'x', dec('0.01'));
    const exit = new ReportScript('BTCUSDT', 'SELL', 'x', '2', dec('0.01'));
    ctx.engine.onExecutionReport(exit.fill('0.00995', '60000'));
    // 0.00005 BTC = 3 USDT left: 5 steps, but below the 5 USDT minimum — nothing can sell it.
    const out = ctx.engine.onExecutionReport(exit.expire());
    expect(out.position?.status).toBe('Closed');
    expect(out.closedTrade).toBeDefined();
    expect(s(out.position?.dustQty)).toBe('0.00005');
  });

  it('closes an Open position that is all dust through the table, and returns its closed trade for risk', () => {
    const ctx = engineWithExitRule();
    const entry = openBtc(ctx, '0.01', '0.00005');
    ctx.engine.onExecutionReport(entry.cancel());
    expect(ctx.engine.getPosition('pos-e')?.status).toBe('Open');
    const out = ctx.engine.closeAsDust('pos-e', 'below the minimum notional');
    expect(out.position?.status).toBe('Closed');
    expect(out.closedTrade).toMatchObject({ positionId: 'pos-e', symbol: 'BTCUSDT' });
    expect(out.position?.tags).toMatchObject({ closed_as: 'dust' });
    expect(ctx.engine.getOpenPositions()).toHaveLength(0);
  });

  it('marks dust at the current price and realizes the difference to its cost', () => {
    const ctx = engineWithExitRule();
    const entry = openBtc(ctx, '0.01', '0.00005', '60000');
    ctx.engine.onExecutionReport(entry.cancel());
    // Bought at 60 000 (3 USDT), now worth 50 000 (2.5 USDT): the close realizes −0.5.
    ctx.prices.set('BTC', dec('50000'));
    const out = ctx.engine.closeAsDust('pos-e', 'below the minimum notional');
    expect(s(out.closedTrade?.pnl)).toBe('-0.5');
    expect([s(out.position?.dustQty), s(out.position?.dustCost)]).toEqual(['0.00005', '2.5']);
    expect(s(ctx.engine.getPnlToday())).toBe('-0.5');
  });

  it('writes off units the account no longer holds at the given price, leaving the rest to exit', () => {
    const ctx = engineWithExitRule();
    openBtc(ctx, '0.01', '0.01', '60000');
    const realized = ctx.engine.writeOffMissingUnits(
      'pos-e',
      dec('0.002'),
      dec('61000'),
      'fees paid elsewhere',
    );
    const p = ctx.engine.getPosition('pos-e')!;
    expect([s(p.openQty), s(realized), p.tags.missing_units]).toEqual(['0.008', '2', '0.002']);
  });

  it('books a protective fill that arrives after the bot registered its own exit', () => {
    const ctx = makeEngine();
    openBtc(ctx, '0.01', '0.01');
    ctx.engine.registerExitOrder('pos-e', 'bot-exit', dec('0.01'));
    ctx.engine.registerProtectiveFill('pos-e', 'stop', dec('0.01'));
    const stop = new ReportScript('BTCUSDT', 'SELL', 'stop', '3', dec('0.01'));
    ctx.engine.onExecutionReport(stop.fill('0.004', '59000'));
    const p = ctx.engine.getPosition('pos-e')!;
    expect([p.status, s(p.exitedQty), s(p.openQty)]).toEqual(['Closing', '0.004', '0.006']);
  });

  it('reports dust per asset and marks it after the close, also after a restart', () => {
    const ctx = engineWithExitRule();
    const entry = openBtc(ctx, '0.01', '0.00005', '60000');
    ctx.engine.onExecutionReport(entry.cancel());
    ctx.engine.closeAsDust('pos-e', 'below the minimum notional');
    const list = () => ctx.engine.dust.list().map((d) => [d.asset, s(d.qty), s(d.bookedValue)]);
    expect(list()).toEqual([['BTC', '0.00005', '3']]);
    // The price rises to 70 000: the dust is worth 3.5, half a USDT more than booked.
    expect(s(ctx.engine.dust.unrealized(() => dec('70000')))).toBe('0.5');
    const records = ctx.engine.records();
    const again = engineWithExitRule();
    again.engine.restore(records);
    expect(again.engine.dust.list().map((d) => [d.asset, s(d.qty), s(d.bookedValue)])).toEqual(list());
  });
});
