import { describe, expect, it } from 'vitest';
import { Dec, ManualClock } from '@aurora/core';
import { PnlSeries } from './pnl-series';

describe('PnlSeries', () => {
  it('records drawdown from the day peak and resets at the day boundary', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 10));
    const s = new PnlSeries(clock, 0);
    s.sample(new Dec(10), new Dec(0), true);
    clock.advance(1000);
    s.sample(new Dec(4), new Dec(0), true);
    expect(s.list().map((p) => [p.cum_pnl, p.drawdown])).toEqual([['10', '0'], ['4', '-6']]);
    clock.set(Date.UTC(2026, 0, 2, 0, 0, 1));
    s.sample(new Dec(1), new Dec(0), true);
    expect(s.list()).toHaveLength(1);
  });

  it('samples at most every 30 s unless a trade closed', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 10));
    const s = new PnlSeries(clock, 0);
    s.sample(new Dec(1), new Dec(0), false);
    clock.advance(10_000);
    s.sample(new Dec(2), new Dec(0), false);
    expect(s.list()).toHaveLength(1);
    s.sample(new Dec(3), new Dec(0), true);
    expect(s.list()).toHaveLength(2);
  });
});
