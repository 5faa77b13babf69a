import type { BacktestReport } from '@aurora/contracts';
import type { BacktestRunOptions, BacktestRunnerModule } from './backtest-runner';

export interface BacktestWorkerInput {
  runner: BacktestRunnerModule;
  opts: BacktestRunOptions;
}

/** What the worker posts back: progress (throttled), then one of done or failed. */
export type BacktestWorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; report: BacktestReport; html: string }
  | { type: 'failed'; message: string };
