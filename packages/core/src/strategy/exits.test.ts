import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { ManualClock } from '../clock';
import { dec } from '../money/decimal';
import { ExitPolicy, checkExitOverrides, type ExitPositionView } from './exits';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

const setup = (trailingAtrMult = 1.5, maxHoldingMin = 240) => {
  const clock = new ManualClock(T0);
  return { clock, policy: new ExitPolicy(clock, { trailingAtrMult, maxHoldingMin }) };
};

const long = (over: Partial<ExitPositionView> = {}): ExitPositionView => ({
  side: 'BUY',
  entryPrice: dec('100'),
  stopPrice: dec('98'),
  takeProfitPrice: dec('103'),
  trailingStopPrice: null,
  openedAt: T0,
  ...over,
});

describe('ExitPolicy', () => {
  it('holds inside the stop and the target', () => {
    const { policy } = setup();
    expect(policy.evaluate(long(), dec('100.5'), 1)).toEqual({
      exit: null,
      trailingStopPrice: null,
      reason: null,
    });
  });

  it('exits at the stop-loss, at or beyond the stop', () => {
    const { policy } = setup();
    expect(policy.evaluate(long(), dec('98'), 1)).toMatchObject({
      exit: 'STOP_LOSS',
      reason: 'price 98 crossed the stop 98',
    });
    expect(policy.evaluate(long(), dec('97.2'), 1).exit).toBe('STOP_LOSS');
  });

  it('exits at the take-profit', () => {
    const { policy } = setup();
    expect(policy.evaluate(long(), dec('103.01'), 1).exit).toBe('TAKE_PROFIT');
  });

  it('arms the trailing stop only once it locks in break-even, then ratchets up', () => {
    const { policy } = setup(1.5);
    expect(policy.evaluate(long(), dec('101.4'), 1).trailingStopPrice).toBeNull();
    const armed = policy.evaluate(long(), dec('101.5'), 1);
    expect(armed.trailingStopPrice?.toFixed()).toBe('100');
    const higher = policy.evaluate(long({ trailingStopPrice: dec('100') }), dec('102.2'), 1);
    expect(higher.trailingStopPrice?.toFixed()).toBe('100.7');
  });

  it('never loosens the trailing stop when the price falls back', () => {
    const { policy } = setup(1.5);
    const r = policy.evaluate(long({ trailingStopPrice: dec('100.7') }), dec('101'), 1);
    expect(r.trailingStopPrice?.toFixed()).toBe('100.7');
    expect(r.exit).toBeNull();
  });

  it('exits when the price crosses the standing trailing stop', () => {
    const { policy } = setup(1.5);
    const r = policy.evaluate(long({ trailingStopPrice: dec('100.7') }), dec('100.69'), 1);
    expect(r.exit).toBe('TRAILING_STOP');
    expect(r.reason).toBe('price 100.69 crossed the trailing stop 100.7');
  });

  it('does not trail when trailing_atr_mult is 0 or ATR is unknown', () => {
    expect(setup(0).policy.evaluate(long(), dec('102.9'), 1).trailingStopPrice).toBeNull();
    expect(setup(1.5).policy.evaluate(long(), dec('102.9'), null).trailingStopPrice).toBeNull();
  });

  it('exits after the maximum holding time', () => {
    const { clock, policy } = setup(1.5, 240);
    clock.set(T0 + 240 * MIN - 1);
    expect(policy.evaluate(long(), dec('100.2'), 1).exit).toBeNull();
    clock.set(T0 + 240 * MIN);
    expect(policy.evaluate(long(), dec('100.2'), 1)).toMatchObject({
      exit: 'MAX_HOLDING_TIME',
      reason: 'held 240 min (limit 240)',
    });
  });

  it('mirrors every rule for a short position', () => {
    const { policy } = setup(1.5);
    const short = long({ side: 'SELL', stopPrice: dec('102'), takeProfitPrice: dec('97') });
    expect(policy.evaluate(short, dec('102'), 1).exit).toBe('STOP_LOSS');
    expect(policy.evaluate(short, dec('97'), 1).exit).toBe('TAKE_PROFIT');
    expect(policy.evaluate(short, dec('98.5'), 1).trailingStopPrice?.toFixed()).toBe('100');
    expect(policy.evaluate({ ...short, trailingStopPrice: dec('99') }, dec('99.5'), 1).exit).toBe(
      'TRAILING_STOP',
    );
  });

  it('a long trailing stop only ever rises over any price path', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 9_000, max: 11_000 }), { minLength: 1, maxLength: 60 }),
        (cents) => {
          const { policy } = setup(1.5, 100_000);
          let trailing: Decimal | null = null;
          for (const c of cents) {
            const r = policy.evaluate(
              long({ stopPrice: null, takeProfitPrice: null, trailingStopPrice: trailing }),
              dec(c).div(100),
              0.5,
            );
            if (trailing !== null) expect(r.trailingStopPrice?.gte(trailing)).toBe(true);
            trailing = r.trailingStopPrice;
          }
        },
      ),
    );
  });

  it("a trade's own exit rules replace the config's for that trade only", () => {
    const { clock, policy } = setup(1.5, 240);
    const own = long({ exitOverrides: { trailingAtrMult: null, maxHoldingMin: 30 } });
    clock.advance(30 * MIN);
    expect(policy.evaluate(own, dec('100.5'), 1)).toMatchObject({
      exit: 'MAX_HOLDING_TIME',
      reason: "held 30 min (limit 30, the strategy's)",
    });
    expect(policy.evaluate(long(), dec('100.5'), 1).exit).toBeNull();
    // Trailing: 0 turns it off for this trade; a tighter multiple arms sooner.
    expect(policy.evaluate(long({ exitOverrides: { trailingAtrMult: 0, maxHoldingMin: null } }), dec('102'), 1).trailingStopPrice).toBeNull();
    expect(policy.evaluate(long(), dec('101.2'), 1).trailingStopPrice).toBeNull();
    const tight = policy.evaluate(long({ exitOverrides: { trailingAtrMult: 0.5, maxHoldingMin: null } }), dec('101.2'), 1);
    expect(tight.trailingStopPrice?.toFixed()).toBe('100.7');
  });

  it('checks a strategy’s exit rules against the bounds of the config fields they replace', () => {
    expect(checkExitOverrides({})).toBeNull();
    expect(checkExitOverrides({ maxHoldingMin: 15 })).toEqual({ trailingAtrMult: null, maxHoldingMin: 15 });
    expect(checkExitOverrides({ trailingAtrMult: 0 })).toEqual({ trailingAtrMult: 0, maxHoldingMin: null });
    expect(checkExitOverrides({ trailingAtrMult: 21 })).toMatch(/trailingAtrMult 21 is outside/);
    expect(checkExitOverrides({ trailingAtrMult: Number.NaN })).toMatch(/trailingAtrMult NaN/);
    expect(checkExitOverrides({ maxHoldingMin: 0 })).toMatch(/maxHoldingMin 0 is outside/);
    expect(checkExitOverrides({ maxHoldingMin: 2.5 })).toMatch(/whole minutes/);
  });
});
