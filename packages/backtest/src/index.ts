// @aurora/backtest — the kernel on the simulator's matching engine, in-process, on a virtual clock.
export * from './run-data';
export * from './report/index';
export { backtestProgress } from './run-progress';
export { InProcessVenue, type InProcessVenueOptions } from './in-process-venue';
export { SimExchangePort, type SimExchangePortOptions, type KlineRows } from './sim-exchange-port';
export { simFailure } from './sim-failure';
export { CandleReplay, type CandleReplayOptions, type ReplayVenue } from './candle-replay';
export { PATH_OFFSETS_MS, pathFields, type PathField } from './intra-candle-path';
export { syntheticSeries } from './synthetic-candles';
export { runBacktest, runConfig, closedTrades, BacktestConfigError, type BacktestOptions } from './run-backtest';
export { loadSeries, BacktestDataError, type BacktestDataSource } from './backtest-data';
export { tapSignals } from './signal-tap';
export { cutSeries, seriesFromRows, seriesRows } from './series-rows';
