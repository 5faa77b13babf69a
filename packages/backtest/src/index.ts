// @aurora/backtest — see docs/ARCHITECTURE.md
export type { BacktestRunData, BacktestTrade } from './run-data';
export * from './report/index';
export { backtestProgress } from './run-progress';
