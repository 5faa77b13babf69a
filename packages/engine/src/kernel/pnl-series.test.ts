import { describe, expect, it } from 'vitest';
import { Dec, ManualClock, TradingCalendar } from '@aurora/core';
import { PnlSeries } from './pnl-series';

describe('PnlSeries', () => {
  it('records drawdown from the day peak and resets at the day boundary', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 10));
    const s = new PnlSeries(clock, new TradingCalendar(clock, 0));
    s.sample(new Dec(10), true);
    clock.advance(1000);
    s.sample(new Dec(4), true);
    expect(s.list().map((p) => [p.equity_change_today, p.drawdown])).toEqual([
      ['10', '0'],
      ['4', '-6'],
    ]);
    clock.set(Date.UTC(2026, 0, 2, 0, 0, 1));
    s.sample(new Dec(1), true);
    expect(s.list()).toHaveLength(1);
  });

  it('samples at most every 30 s unless a trade closed', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 10));
    const s = new PnlSeries(clock, new TradingCalendar(clock, 0));
    s.sample(new Dec(1), false);
    clock.advance(10_000);
    s.sample(new Dec(2), false);
    expect(s.list()).toHaveLength(1);
    s.sample(new Dec(3), true);
    expect(s.list()).toHaveLength(2);
  });

  it('keeps the day running through an offset change, as the risk engine does (M7)', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 20));
    const calendar = new TradingCalendar(clock, 0);
    const s = new PnlSeries(clock, calendar);
    s.sample(new Dec(-5), true);
    calendar.setOffset(300);
    clock.advance(1000);
    s.sample(new Dec(-6), true);
    expect(s.list()).toHaveLength(2);
  });
});
