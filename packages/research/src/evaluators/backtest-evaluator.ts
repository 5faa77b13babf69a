import { buildBacktestReport, runBacktest, type BacktestDataSource } from '@aurora/backtest';
import type { TrialMetrics, TrialSpec } from '../trial';

/** The start balance of every trial: trials compare parameters, not account sizes. */
export const TRIAL_BALANCE = '10000';

/** `synthetic:days=N,seed=S` is the simulator's generated market; anything else a catalog directory. */
export function dataSourceOf(data: string): BacktestDataSource {
  if (!data.startsWith('synthetic')) return data;
  const field = (k: string): number | undefined => {
    const m = new RegExp(`[:,]${k}=(\\d+)`).exec(data);
    return m ? Number(m[1]) : undefined;
  };
  return { synthetic: { days: field('days') ?? 365, seed: field('seed') ?? 7 } };
}

/**
 * An undefined ratio (no trade, no losing day, no drawdown) ranks as 0: doing nothing is neutral —
 * above a losing parameter set, below a winning one — and never NaN, which would poison a sampler.
 */
const rank = (x: number | null): number => (x === null || Number.isNaN(x) ? 0 : x);

/**
 * The product's trial evaluator: one backtest of the trading kernel (packages/backtest) over the
 * trial's window, its report reduced to the figures the optimizer ranks by. The worker pool and
 * the Redis workers load this module by path; equal specs give equal trade hashes anywhere.
 */
export async function evaluate(spec: TrialSpec): Promise<TrialMetrics> {
  const data = await runBacktest({
    strategy: spec.strategy,
    params: spec.params,
    symbols: spec.symbols,
    from: spec.from,
    to: spec.to,
    balance: TRIAL_BALANCE,
    data: dataSourceOf(spec.data),
    seed: spec.seed,
  });
  const r = buildBacktestReport(data);
  return {
    totalReturnPct: r.total_return_pct,
    sharpe: rank(r.sharpe),
    sortino: rank(r.sortino),
    calmar: rank(r.calmar),
    maxDrawdownPct: r.max_drawdown_pct,
    profit: Number(r.net_profit),
    expectancy: Number(r.trades.expectancy),
    winRatePct: rank(r.trades.win_rate_pct),
    trades: r.trades.count,
    tradeHash: r.trade_hash,
  };
}
