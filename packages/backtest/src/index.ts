// @aurora/backtest — see docs/ARCHITECTURE.md
export {};
