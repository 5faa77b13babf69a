import type { TrialMetrics, TrialSpec } from '@aurora/research';

/**
 * The bench's evaluator until the backtest evaluator is wired: a deterministic function of the
 * parameters that burns `work` iterations of floating-point CPU, like a backtest does, with no
 * I/O. Loaded by path in each pool worker.
 */
export async function evaluate(spec: TrialSpec): Promise<TrialMetrics> {
  const x = Number(spec.params.x ?? 0);
  const work = Number(spec.params.work ?? 1_000_000);
  let acc = 0;
  for (let i = 0; i < work; i++) acc += Math.sin(i * 1e-3 + x) * Math.cos(i * 7e-4);
  const sharpe = -((x - 1) ** 2) + (acc % 1) * 1e-9;
  return {
    totalReturnPct: sharpe,
    sharpe,
    sortino: sharpe,
    calmar: sharpe,
    maxDrawdownPct: 1,
    profit: sharpe,
    expectancy: sharpe,
    winRatePct: 50,
    trades: 1,
    tradeHash: acc.toFixed(6),
  };
}
