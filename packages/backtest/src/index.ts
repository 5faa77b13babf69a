// @aurora/backtest — see docs/ARCHITECTURE.md
export type { BacktestRunData, BacktestTrade } from './run-data';
export * from './report/index';
