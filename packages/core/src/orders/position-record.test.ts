import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import { makeEngine } from './engine.fixture';
import { positionToDto } from './position-dto';
import { InvalidPositionRecord } from './position-errors';
import { ReportScript } from './report-script.fixture';

function engineWithHistory() {
  const ctx = makeEngine();
  const { engine } = ctx;
  engine.openPosition({
    intentId: 'a',
    clientOrderId: 'a',
    symbol: 'BTCUSDT',
    side: 'BUY',
    requestedQty: dec(1),
  });
  const entry = new ReportScript('BTCUSDT', 'BUY', 'a', '11', dec(1));
  const fills = [entry.fill('0.4', '100', '0.0004', 'BTC'), entry.fill('0.6', '103', '0.0618', 'USDT')];
  for (const r of fills) engine.onExecutionReport(r);
  engine.registerExitOrder('pos-a', 'ax', dec('0.5'));
  const exit = new ReportScript('BTCUSDT', 'SELL', 'ax', '12', dec('0.5'));
  const exitFill = exit.fill('0.2', '110', '0.0001', 'BNB');
  engine.onExecutionReport(exitFill);
  engine.openPosition({
    intentId: 'b',
    clientOrderId: 'b',
    symbol: 'ETHUSDT',
    side: 'BUY',
    requestedQty: dec(2),
  });
  engine.onIntentFailed('b');
  return { ...ctx, fills, exit, exitFill };
}

describe('PositionEngine persistence', () => {
  it('restores records into an engine that shows the same positions', () => {
    const { engine } = engineWithHistory();
    const { engine: restarted } = makeEngine();
    const result = restarted.restore(engine.records(), engine.dailyPnl());
    expect(result).toEqual({ restored: 2, rejected: [], rejectedDays: [] });
    expect(restarted.records()).toEqual(engine.records());
    expect(restarted.getAllPositions().map((p) => positionToDto(p))).toEqual(
      engine.getAllPositions().map((p) => positionToDto(p)),
    );
    expect(restarted.getPnlToday().toString()).toBe(engine.getPnlToday().toString());
    expect(restarted.findByOrderId('BTCUSDT', '12')?.id).toBe('pos-a');
  });

  it('books nothing twice after a restart and resumes with the next fill', () => {
    const { engine, fills, exit, exitFill } = engineWithHistory();
    const { engine: restarted } = makeEngine();
    restarted.restore(engine.records());
    for (const r of [...fills, exitFill]) expect(restarted.onExecutionReport(r)).toEqual({ changed: false });
    expect(restarted.stats()).toMatchObject({ staleReports: 1, illegalTransitions: 0 });
    const out = restarted.onExecutionReport(exit.fill('0.3', '110'));
    expect([out.position?.status, out.position?.openQty.toString()]).toEqual(['Open', '0.4996']);
  });

  it('skips a malformed record with a typed error and loads the rest', () => {
    const { engine } = engineWithHistory();
    const [good, other] = engine.records();
    const bad = { ...other!, openQty: 'lots' };
    const { engine: restarted } = makeEngine();
    const result = restarted.restore([good!, bad]);
    expect(result.restored).toBe(1);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]!.error).toBeInstanceOf(InvalidPositionRecord);
    expect(result.rejected[0]!.error.message).toBe(
      'position record pos-b is invalid: openQty is not a decimal string: lots',
    );
  });

  it('rejects a record whose first order is not the entry', () => {
    const { engine } = engineWithHistory();
    const rec = engine.record('pos-a')!;
    const { engine: restarted } = makeEngine();
    const result = restarted.restore([{ ...rec, orders: rec.orders.slice(1) }]);
    expect(result.rejected[0]!.error.message).toContain('first order is not the entry');
  });

  it("keeps a trade's own exit rules across a restart; an older record without them follows the config", () => {
    const { engine } = makeEngine();
    engine.openPosition({
      intentId: 'r',
      clientOrderId: 'r',
      symbol: 'BTCUSDT',
      side: 'BUY',
      requestedQty: dec(1),
      exitOverrides: { trailingAtrMult: 0.5, maxHoldingMin: 30 },
    });
    const [record] = engine.records();
    const { engine: restarted } = makeEngine();
    restarted.restore([record!]);
    expect(restarted.getPosition('pos-r')?.exitOverrides).toEqual({ trailingAtrMult: 0.5, maxHoldingMin: 30 });
    expect(positionToDto(restarted.getPosition('pos-r')!).exit_overrides).toEqual({ trailing_atr_mult: 0.5, max_holding_min: 30 });

    const { exitOverrides: _gone, ...older } = record!;
    const { engine: fromOld } = makeEngine();
    fromOld.restore([older]);
    expect(fromOld.getPosition('pos-r')?.exitOverrides).toBeNull();

    const { engine: fromBad } = makeEngine();
    const bad = fromBad.restore([{ ...record!, exitOverrides: { trailingAtrMult: 99, maxHoldingMin: null } }]);
    expect(bad.restored).toBe(0);
    expect(bad.rejected[0]?.error).toBeInstanceOf(InvalidPositionRecord);
  });
});
