import type { PositionDto, StateSnapshot, StrategyConfig } from '@aurora/contracts';
import { Dec, ZERO } from '@aurora/core';
import { buildBacktestBaselines, type BacktestBaseline } from '../runtime/observer-baseline';

export interface BacktestReport {
  marketHours: number;
  symbols: string[];
  seed: number;
  decisions: { total: number; allowed: number; blockedBy: Record<string, number> };
  trades: { closed: number; wins: number; losses: number; open: number };
  realizedPnl: string;
  unrealizedPnl: string;
  commissions: string;
  grossProfit: string;
  grossLoss: string;
  profitFactor: number | null;
  maxDrawdown: string;
  startEquity: string;
  endEquity: string;
  breaker: StateSnapshot['risk']['circuit_breaker'];
  /** Per-trade returns of each strategy + params: the anomaly observer's baselines for live trading. */
  baselines: BacktestBaseline[];
}

/** Summarise a finished backtest from the bot's own API-shaped data (decimal strings throughout). */
export function buildBacktestReport(input: {
  hours: number;
  seed: number;
  state: StateSnapshot;
  positions: PositionDto[];
  decisionCounts: { total: number; allowed: number; blockedBy: Record<string, number> };
  startEquity: string;
  /** Cumulative PnL (realized + unrealized) sampled through the run. */
  curve: string[];
  /** The strategy settings the run used (the baseline applies only to the same settings). */
  strategy: StrategyConfig;
}): BacktestReport {
  const closed = input.positions.filter((p) => p.status === 'Closed');
  let gp = ZERO;
  let gl = ZERO;
  let fees = ZERO;
  let realized = ZERO;
  let wins = 0;
  let losses = 0;
  for (const p of input.positions) {
    realized = realized.plus(p.realized_pnl);
    fees = fees.plus(p.commission_total_quote);
  }
  for (const p of closed) {
    const pnl = new Dec(p.realized_pnl);
    if (pnl.gt(0)) {
      wins += 1;
      gp = gp.plus(pnl);
    } else {
      losses += 1;
      gl = gl.plus(pnl.abs());
    }
  }
  let peak: Dec | null = null;
  let maxDd = ZERO;
  for (const point of input.curve) {
    const v = new Dec(point);
    if (peak === null || v.gt(peak)) peak = v;
    const dd = peak.minus(v);
    if (dd.gt(maxDd)) maxDd = dd;
  }
  return {
    marketHours: input.hours,
    symbols: input.state.symbols,
    seed: input.seed,
    decisions: input.decisionCounts,
    trades: { closed: closed.length, wins, losses, open: input.positions.filter((p) => p.status === 'Open' || p.status === 'Closing').length },
    realizedPnl: realized.toFixed(4),
    unrealizedPnl: new Dec(input.state.pnl_today.unrealized_now).toFixed(4),
    commissions: fees.toFixed(4),
    grossProfit: gp.toFixed(4),
    grossLoss: gl.toFixed(4),
    profitFactor: gl.isZero() ? null : gp.div(gl).toNumber(),
    maxDrawdown: maxDd.toFixed(4),
    startEquity: input.startEquity,
    endEquity: input.state.risk.equity,
    breaker: input.state.risk.circuit_breaker,
    baselines: buildBacktestBaselines(input.strategy, input.positions),
  };
}
