import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import { TradingCalendar } from './trading-calendar';

const at = (d: number, h: number, m = 0) => Date.UTC(2026, 0, d, h, m);

describe('TradingCalendar', () => {
  it('rolls at the offset boundary and numbers days like tradingDayIndex', () => {
    const clock = new ManualClock(at(5, 10));
    const cal = new TradingCalendar(clock, 60); // the day starts at 23:00 UTC
    expect(cal.today()).toEqual({ index: 20458, startsAt: at(4, 23), endsAt: at(5, 23) });
    clock.set(at(5, 23));
    expect(cal.today()).toEqual({ index: 20459, startsAt: at(5, 23), endsAt: at(6, 23) });
  });

  it('an offset moved east mid-day keeps the running day to its old end, then starts a short first day', () => {
    const clock = new ManualClock(at(5, 20));
    const cal = new TradingCalendar(clock, 0);
    const running = cal.today();
    cal.setOffset(300); // under +300 it is already 01:00 on the 6th
    expect(cal.today()).toEqual(running);
    clock.set(at(5, 23, 59));
    expect(cal.today().index).toBe(running.index);
    clock.set(at(6, 0));
    expect(cal.today()).toEqual({ index: running.index + 1, startsAt: at(6, 0), endsAt: at(6, 19) });
    clock.set(at(6, 19));
    expect(cal.today()).toEqual({ index: running.index + 2, startsAt: at(6, 19), endsAt: at(7, 19) });
  });

  it('an offset moved west mid-day lengthens the running day to the new boundary', () => {
    const clock = new ManualClock(at(5, 20));
    const cal = new TradingCalendar(clock, 0);
    const running = cal.today();
    cal.setOffset(-300); // the 5th under −300 ends at 05:00 UTC on the 6th
    clock.set(at(6, 4, 59));
    expect(cal.today()).toEqual({ ...running, endsAt: at(6, 5) });
    clock.set(at(6, 5));
    expect(cal.today()).toEqual({ index: running.index + 1, startsAt: at(6, 5), endsAt: at(7, 5) });
  });

  it('places a moment before today on an earlier day and one after on a later day', () => {
    const clock = new ManualClock(at(5, 12));
    const cal = new TradingCalendar(clock, 0);
    const today = cal.today().index;
    expect(cal.indexOf(at(4, 23, 59))).toBe(today - 1);
    expect(cal.indexOf(at(6, 0))).toBe(today + 1);
    expect(cal.indexOf(at(5, 0))).toBe(today);
  });

  it('a restored day that is still running survives a different offset in the config', () => {
    const clock = new ManualClock(at(5, 20));
    const saved = new TradingCalendar(clock, 0).toJSON();
    clock.set(at(5, 21));
    const cal = new TradingCalendar(clock, 300, saved);
    expect(cal.today()).toEqual(saved);
  });
});
