import { describe, expect, it } from 'vitest';
import { BadQueueUrl } from '../queue/redis-url';
import { UsageError } from './data-dir';
import { parseOptimizeArgs, SYNTHETIC_EPOCH } from './optimize-args';

const DAY = 86_400_000;

describe('parseOptimizeArgs', () => {
  it('reads a full command line', () => {
    const p = parseOptimizeArgs([
      '--strategy',
      'sma-cross',
      '--symbols',
      'btcusdt, ETHUSDT',
      '--from',
      '2024-01-01',
      '--to',
      '2024-06-30',
      '--trials',
      '500',
      '--objectives',
      'return,drawdown',
      '--sampler',
      'random',
      '--space',
      'space.json',
      '--walk-forward',
      'in=90d,out=30d',
      '--queue',
      'redis://127.0.0.1:6379',
      '--data',
      '/data/catalog',
      '--seed',
      '9',
      '--parallel',
      '2',
      '--batch',
      '4',
      '--evaluator',
      'e.ts',
    ]);
    expect(p).toEqual({
      kind: 'new',
      command: {
        strategy: 'sma-cross',
        symbols: ['BTCUSDT', 'ETHUSDT'],
        from: Date.UTC(2024, 0, 1),
        to: Date.UTC(2024, 6, 1),
        trials: 500,
        objectives: ['return', 'drawdown'],
        sampler: 'random',
        spaceFile: 'space.json',
        walkForward: 'in=90d,out=30d',
        queue: 'redis://127.0.0.1:6379',
        data: '/data/catalog',
        seed: 9,
        parallel: 2,
        batch: 4,
        evaluator: 'e.ts',
        dataDir: undefined,
      },
    });
  });

  it('defaults: tpe, sharpe, 100 trials, synthetic data whose days set the window', () => {
    const p = parseOptimizeArgs([
      '--strategy',
      's',
      '--symbols',
      'BTCUSDT',
      '--data',
      'synthetic:days=30,seed=2',
    ]);
    expect(p).toMatchObject({
      kind: 'new',
      command: {
        sampler: 'tpe',
        objectives: ['sharpe'],
        trials: 100,
        from: SYNTHETIC_EPOCH,
        to: SYNTHETIC_EPOCH + 30 * DAY,
      },
    });
  });

  it('--resume needs only the run id', () => {
    expect(parseOptimizeArgs(['--resume', 'r-1', '--parallel', '2'])).toEqual({
      kind: 'resume',
      runId: 'r-1',
      queue: null,
      parallel: 2,
      evaluator: undefined,
      dataDir: undefined,
    });
  });

  it('refuses bad input with a usage error naming the flag', () => {
    const base = ['--strategy', 's', '--symbols', 'BTCUSDT'];
    expect(() => parseOptimizeArgs(['--symbols', 'X'])).toThrow(/--strategy is required/);
    expect(() => parseOptimizeArgs([...base, '--objective', 'luck'])).toThrow(UsageError);
    expect(() => parseOptimizeArgs([...base, '--sampler', 'cmaes'])).toThrow(/--sampler cmaes/);
    expect(() => parseOptimizeArgs([...base, '--trials', '0'])).toThrow(/--trials must be/);
    expect(() => parseOptimizeArgs([...base, '--data', '/cat'])).toThrow(/--from and --to are required/);
    expect(() => parseOptimizeArgs([...base, '--from', '2024-02-01', '--to', '2024-01-30'])).toThrow(
      /after --from/,
    );
    expect(() => parseOptimizeArgs([...base, '--from', 'yesterday', '--to', '2024-01-01'])).toThrow(
      /not a date/,
    );
    expect(() => parseOptimizeArgs([...base, '--queue', 'http://h'])).toThrow(BadQueueUrl);
  });
});
