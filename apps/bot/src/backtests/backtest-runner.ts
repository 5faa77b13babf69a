import type { BacktestStartRequest } from '@aurora/contracts';
import type { BacktestRunData } from '@aurora/backtest';

/** What one run is asked to do: the validated request plus where the candle catalog lives. */
export interface BacktestRunOptions extends BacktestStartRequest {
  dataDir: string;
}

/** The shape of @aurora/backtest's runBacktest: the kernel over history, at full speed. */
export type BacktestRunner = (
  opts: BacktestRunOptions,
  onProgress: (done: number, total: number) => void,
) => Promise<BacktestRunData>;

/**
 * A runner runs in a worker thread, and a function cannot cross into one: the worker imports
 * the module at `url` and calls its export `exportName`, which must be a BacktestRunner.
 */
export interface BacktestRunnerModule {
  url: string;
  exportName: string;
}
