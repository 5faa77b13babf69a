import { describe, expect, it } from 'vitest';
import { defaultRuntimeConfig } from '@aurora/contracts';
import { ManualClock } from '../clock';
import { dec } from '../money/decimal';
import { RiskEngine } from './risk-engine';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const config = () => {
  const c = defaultRuntimeConfig();
  return { risk: c.risk, correlation: c.correlation };
};

describe('RiskEngine closed-trade receipts (books audit A4)', () => {
  it('records each closed position it is told of, by position id, and keeps them across a restart', () => {
    const clock = new ManualClock(T0);
    const engine = new RiskEngine(clock, config());
    engine.onTradeClosed('decision-1', dec('-2'), 'position-1');
    engine.onTradeClosed('position-2', dec('3'));
    const restored = RiskEngine.restore(JSON.parse(JSON.stringify(engine)), clock, config());
    expect(restored.closedTrades.counts()).toEqual({ 'position-1': 1, 'position-2': 1 });
    expect(restored.closedTrades.horizon).toBe(T0);
  });

  it('a risk state saved before receipts existed still loads; its record starts at the restore', () => {
    const clock = new ManualClock(T0);
    const old = JSON.parse(JSON.stringify(new RiskEngine(clock, config()))) as Record<string, unknown>;
    delete old.closedTrades;
    clock.advance(60_000);
    const restored = RiskEngine.restore(old, clock, config());
    expect(restored.closedTrades.counts()).toEqual({});
    expect(restored.closedTrades.horizon).toBe(T0 + 60_000);
  });
});
