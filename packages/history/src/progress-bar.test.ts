import { describe, expect, it } from 'vitest';
import { ProgressBar } from './progress-bar';

const run = (isTTY: boolean, steps: number[]): string => {
  let out = '';
  const bar = new ProgressBar({ isTTY, columns: 80, write: (s) => (out += s) }, { label: 'backtest ', width: 10, percent: false });
  for (const done of steps) bar.update(done, 200, `${done}/200 candles`);
  bar.log('done');
  bar.end();
  return out;
};

describe('ProgressBar', () => {
  it('redraws one line in place on a terminal and keeps log lines above it', () => {
    const out = run(true, [0, 100, 200]);
    expect(out).toBe(
      '\r\x1b[2Kbacktest [..........] 0/200 candles' +
        '\r\x1b[2Kbacktest [#####.....] 100/200 candles' +
        '\r\x1b[2Kbacktest [##########] 200/200 candles' +
        '\r\x1b[2Kdone\n' +
        '\r\x1b[2Kbacktest [##########] 200/200 candles' +
        '\r\x1b[2K',
    );
  });

  it('prints a plain line at each tenth of the way elsewhere, never an escape code', () => {
    const steps = Array.from({ length: 201 }, (_, i) => i);
    const out = run(false, steps);
    expect(out).not.toContain('\x1b');
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe('backtest 0% 0/200 candles');
    expect(lines[5]).toBe('backtest 50% 100/200 candles');
    expect(lines[10]).toBe('backtest 100% 200/200 candles');
    expect(lines[11]).toBe('done');
  });

  it('cuts the bar to the terminal width', () => {
    let out = '';
    const bar = new ProgressBar({ isTTY: true, columns: 20, write: (s) => (out += s) });
    bar.update(1, 2, 'x'.repeat(100));
    expect(out.replace('\r\x1b[2K', '')).toHaveLength(19);
  });
});
