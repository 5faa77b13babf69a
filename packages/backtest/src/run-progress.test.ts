import { describe, expect, it } from 'vitest';
import { backtestProgress } from './run-progress';

describe('backtestProgress', () => {
  it('shows candles done, the total and the rate on the bar', () => {
    let out = '';
    let t = 0;
    const p = backtestProgress({ isTTY: true, columns: 120, write: (s) => (out += s) }, () => t);
    t = 2_000;
    p.onProgress(262_800, 525_600);
    expect(out).toBe('\r\x1b[2Kbacktest [############............] 50% 262,800/525,600 candles · 131,400 candles/s');
  });

  it('off a terminal prints ten lines at most for any number of updates', () => {
    let out = '';
    const p = backtestProgress({ isTTY: false, write: (s) => (out += s) }, () => 0);
    for (let i = 0; i <= 1_000; i++) p.onProgress(i, 1_000);
    expect(out.trimEnd().split('\n')).toHaveLength(11);
    expect(out).toContain('backtest 100% 1,000/1,000 candles\n');
  });
});
