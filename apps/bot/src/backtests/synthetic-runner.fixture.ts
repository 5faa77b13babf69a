import { setTimeout as sleep } from 'node:timers/promises';
import type { BacktestRunner } from './backtest-runner';
import { syntheticRunData } from '../../../../packages/backtest/src/report/run-data.fixture';

/*
 * Test doubles of the backtest runner (never wired into the product): they build real
 * BacktestRunData from seeded generated candles, deterministically, in the worker thread.
 * `data: synthetic:seed=<n>,pause=<ms>` sets the seed and a pause between tenths of the run, so a
 * test can catch a run while it is still going.
 */
const setting = (data: string, key: string): number | undefined => {
  const m = new RegExp(`[:,]${key}=(\\d+)`).exec(data);
  return m ? Number(m[1]) : undefined;
};

export const runSyntheticBacktest: BacktestRunner = async (opts, onProgress) => {
  const pause = setting(opts.data, 'pause') ?? 0;
  const total = Math.max(1, Math.floor((opts.to - opts.from) / 60_000)) * opts.symbols.length;
  for (let tenth = 1; tenth < 10 && pause > 0; tenth++) {
    await sleep(pause);
    onProgress(Math.floor((total * tenth) / 10), total);
  }
  return syntheticRunData(
    { strategy: opts.strategy, params: opts.params, symbols: opts.symbols, from: opts.from, to: opts.to, balance: opts.balance, seed: setting(opts.data, 'seed') ?? 7 },
    onProgress,
  );
};

export const failingBacktest: BacktestRunner = async (_opts, onProgress) => {
  onProgress(1, 4);
  throw new Error('no candles for BTCUSDT in 2019-01 (not in the catalog)');
};
