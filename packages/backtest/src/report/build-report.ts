import { BACKTEST_CONVENTIONS, type BacktestReport } from '@aurora/contracts';
import type { BacktestRunData } from '../run-data';
import { cagrPct, EquityCurve, sharpeRatio, sortinoRatio } from './equity-curve';
import { monthlyReturns } from './monthly-returns';
import { tradeHash } from './trade-hash';
import { exposurePct, tradeStats } from './trade-stats';

/** The equity curve of a run, built once and shared by the report and its charts. */
export const equityCurveOf = (data: BacktestRunData): EquityCurve =>
  new EquityCurve(data.from, data.to, data.startBalance, data.equity);

/**
 * Summarise a finished run. A pure function of its input: the same run data gives the same
 * report, byte for byte (conventions in @aurora/contracts' BACKTEST_CONVENTIONS).
 */
export function buildBacktestReport(data: BacktestRunData): BacktestReport {
  const curve = equityCurveOf(data);
  const start = curve.start;
  const end = curve.at(data.to);
  const dd = curve.maxDrawdown();
  const daily = curve.dailyReturns();
  const cagr = cagrPct(start, end, data.to - data.from);
  const { fees, ...trades } = tradeStats(data.trades);
  return {
    strategy: data.strategy,
    params: { ...data.params },
    symbols: [...data.symbols],
    interval: data.interval,
    from: data.from,
    to: data.to,
    data_source: data.dataSource,
    quote_asset: data.quoteAsset,
    conventions: { ...BACKTEST_CONVENTIONS },
    start_balance: start.toFixed(),
    end_equity: end.toFixed(),
    net_profit: end.minus(start).toFixed(),
    total_return_pct: start.lte(0) ? 0 : end.div(start).minus(1).times(100).toNumber(),
    cagr_pct: cagr,
    max_drawdown: dd.abs.toFixed(),
    max_drawdown_pct: dd.pct,
    sharpe: sharpeRatio(daily),
    sortino: sortinoRatio(daily),
    calmar: cagr === null || dd.pct === 0 ? null : cagr / dd.pct,
    trades: { ...trades, open_at_end: data.openAtEnd },
    fees,
    exposure_pct: exposurePct(data.trades, data.from, data.to),
    monthly_returns: monthlyReturns(curve),
    gate_blocks: { ...data.gateBlocks },
    decisions: { ...data.decisions },
    breaker_trips: data.breakerTrips,
    candles: data.candles,
    wall_ms: data.wallMs,
    candles_per_sec: data.wallMs > 0 ? data.candles / (data.wallMs / 1000) : null,
    trade_hash: tradeHash(data.trades),
  };
}
