import { describe, expect, it } from 'vitest';
import { BacktestUsageError, parseBacktestArgs } from './backtest-args';

const DAY = 86_400_000;

describe('npm run backtest flags', () => {
  it('reads the issue\'s command line: inclusive UTC days, the catalog under the data dir', () => {
    const a = parseBacktestArgs(['--strategy', 'ema-cross', '--symbols', 'btcusdt,ETHUSDT', '--from', '2024-01-01', '--to', '2024-12-31', '--balance', '10000'], {});
    expect(a).toMatchObject({ strategy: 'ema-cross', symbols: ['BTCUSDT', 'ETHUSDT'], balance: '10000', data: './data/catalog', outDir: './data/backtests' });
    if (a === 'help') throw new Error('unexpected');
    expect(a.from).toBe(Date.UTC(2024, 0, 1));
    expect(a.to).toBe(Date.UTC(2025, 0, 1));
    expect((a.to - a.from) / DAY).toBe(366);
  });

  it('takes months, params, a synthetic source and the data dir from the environment', () => {
    const a = parseBacktestArgs(['--from', '2024-02', '--to', '2024-02', '--params', 'fast=9,slow=21,mode=close,flag=true', '--data', 'synthetic:days=30,seed=3'], { AURORA_DATA_DIR: '/d' });
    if (a === 'help') throw new Error('unexpected');
    expect(a.to - a.from).toBe(29 * DAY);
    expect(a.params).toEqual({ fast: 9, slow: 21, mode: 'close', flag: true });
    expect(a.data).toEqual({ synthetic: { days: 30, seed: 3 } });
    expect(a.outDir).toBe('/d/backtests');
  });

  it('synthetic data without dates runs its days up to today', () => {
    const a = parseBacktestArgs(['--data', 'synthetic:days=365,seed=7']);
    if (a === 'help') throw new Error('unexpected');
    expect((a.to - a.from) / DAY).toBe(365);
  });

  it.each([
    [['--from', '2024-13-01', '--to', '2024-12-31'], /--from/],
    [['--from', '2024-02-30', '--to', '2024-12-31'], /not a calendar date/],
    [['--from', '2024-03-01', '--to', '2024-02-01'], /after --from/],
    [['--from', '2024-01-01'], /both needed/],
    [['--from', '2024-01-01', '--to', '2024-01-02', '--symbols', 'BTC-USDT'], /--symbols/],
    [['--from', '2024-01-01', '--to', '2024-01-02', '--balance', '-5'], /--balance/],
    [['--from', '2024-01-01', '--to', '2024-01-02', '--seed', '1.5'], /--seed/],
    [['--from', '2024-01-01', '--to', '2024-01-02', '--params', 'fast'], /name=value/],
    [['--data', 'synthetic:weeks=3'], /unknown field/],
    [['--nope'], /nope/],
  ])('refuses %j with a message naming the flag', (argv, message) => {
    expect(() => parseBacktestArgs(argv)).toThrow(BacktestUsageError);
    expect(() => parseBacktestArgs(argv)).toThrow(message);
  });
});

describe('the bias and robustness flags', () => {
  const args = (extra: string[]) => {
    const a = parseBacktestArgs(['--from', '2024-01-01', '--to', '2024-01-02', '--seed', '9', ...extra]);
    if (a === 'help') throw new Error('unexpected');
    return a.checks;
  };
  it('runs no check unless asked', () => {
    expect(args([])).toEqual({ lookahead: null, warmup: false, monteCarlo: null, noise: null, significance: null, seed: 9 });
  });
  it('takes every check with its size, and defaults for the sizes', () => {
    expect(args(['--lookahead-check', '--warmup-check', '--monte-carlo', '--noise-runs', '20', '--significance', '50'])).toEqual({
      lookahead: { cuts: 8 },
      warmup: true,
      monteCarlo: { runs: 1000 },
      noise: { runs: 20, sigmaBps: 5 },
      significance: { runs: 50 },
      seed: 9,
    });
    expect(args(['--lookahead-check', '--cuts', '3', '--monte-carlo', '--runs', '200', '--noise-runs', '2', '--noise-bps', '12.5', '--check-seed', '4'])).toMatchObject({
      lookahead: { cuts: 3 },
      monteCarlo: { runs: 200 },
      noise: { runs: 2, sigmaBps: 12.5 },
      seed: 4,
    });
  });
  it('refuses sizes without their check and sizes out of range, naming the flag', () => {
    expect(() => args(['--cuts', '3'])).toThrow(/--cuts goes with --lookahead-check/);
    expect(() => args(['--runs', '3'])).toThrow(/--runs goes with --monte-carlo/);
    expect(() => args(['--noise-bps', '3'])).toThrow(/--noise-bps goes with --noise-runs/);
    expect(() => args(['--lookahead-check', '--cuts', '0'])).toThrow(/--cuts must be a whole number from 1/);
    expect(() => args(['--monte-carlo', '--runs', '1.5'])).toThrow(BacktestUsageError);
    expect(() => args(['--noise-runs', '2', '--noise-bps', '2000'])).toThrow(/--noise-bps/);
    expect(() => args(['--significance', 'x'])).toThrow(/--significance/);
  });
});
