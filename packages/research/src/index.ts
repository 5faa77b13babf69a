// @aurora/research — optimizer, walk-forward, bias checks and robustness on the backtest.
export * from './trial';
