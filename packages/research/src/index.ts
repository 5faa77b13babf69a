// @aurora/research — optimizer, walk-forward, bias checks and robustness on the backtest.
export * from './trial';
export * from './errors';
export * from './random';
export * from './search';
export * from './objective';
export * from './walk-forward';
export * from './robustness';
