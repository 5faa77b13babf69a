import { join } from 'node:path';
import { runBacktest, type BacktestDataSource } from '@aurora/backtest';
import { loadStrategies } from '../runtime/strategy-loader';
import type { BacktestRunner } from './backtest-runner';

const field = (data: string, key: string): number | undefined => {
  const m = new RegExp(`[:,]${key}=(\\d+)`).exec(data);
  return m ? Number(m[1]) : undefined;
};

/** `catalog` is the catalog under the bot's data dir; `synthetic:days=N,seed=S` the offline market. */
function sourceOf(data: string, dataDir: string): { source: BacktestDataSource; seed: number } {
  if (data === 'catalog') return { source: join(dataDir, 'catalog'), seed: 7 };
  const seed = field(data, 'seed') ?? 7;
  return { source: { synthetic: { days: field(data, 'days') ?? 365, seed } }, seed };
}

/**
 * The product's backtest runner for the dashboard's Backtests page: the trading kernel over the
 * catalog (or synthetic candles), in the worker thread the BacktestService starts. The user's
 * strategies are loaded here too, so a run can use any strategy the bot can trade.
 */
export const runKernelBacktest: BacktestRunner = async (opts, onProgress) => {
  const { source, seed } = sourceOf(opts.data, opts.dataDir);
  const strategies = await loadStrategies(process.env.AURORA_STRATEGIES_DIR ?? './strategies');
  return runBacktest({
    strategy: opts.strategy,
    params: opts.params,
    symbols: opts.symbols,
    from: opts.from,
    to: opts.to,
    balance: opts.balance,
    data: source,
    seed,
    strategies: strategies.registry,
    onProgress,
  });
};
