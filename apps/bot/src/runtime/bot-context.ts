import type { HealthResponse, NotificationsResponse, StateSnapshot } from '@aurora/contracts';
import type { StrategyRegistry } from '@aurora/core';
import type { BacktestService } from '../backtests/backtest-service';
import type { Env } from '../config/env';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';
import type { ResearchService } from '../research/research-service';
import type { AppState } from '../state/app-state';
import type { ConfigService } from './config-service';
import type { ControlService } from './control-service';
import type { TradingApi } from './trading-api';

/** Everything the HTTP layer may touch; built once in start-bot.ts. */
export interface BotContext {
  env: Env;
  log: Logger;
  state: AppState;
  token: string;
  config: ConfigService;
  control: ControlService;
  metrics: Metrics;
  snapshot(): StateSnapshot;
  health(): Omit<HealthResponse, 'truth'>;
  heartbeat(source: string): number | null;
  /** Copy counters kept elsewhere (adapter streams, state version) into the metrics registry. */
  refreshMetrics(): void;
  history: {
    pageControlActions(limit: number, offset: number): { items: StateSnapshot['control_actions']; total: number };
    pageErrors(limit: number, offset: number): { items: StateSnapshot['recent_errors']; total: number };
  };
  trading: TradingApi;
  /** Telegram and webhook health and the failed webhook deliveries (GET /notifications). */
  notifications(): Omit<NotificationsResponse, 'truth'>;
  /** Backtests started from the dashboard (GET/POST /backtests). */
  backtests: BacktestService;
  /** Research runs stored by `npm run optimize` (GET /research/runs), read-only. */
  research: ResearchService;
  /** The loaded strategies (built-in and the user's), to validate parameters against their schemas. */
  strategies: StrategyRegistry;
}
