import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DestinationStream } from 'pino';
import type { SimServer } from '@aurora/exchange-sim';
import { loadEnv, type Env } from '../config/env';
import { resolveApiToken } from '../config/api-token';
import { loadRuntimeConfig } from '../config/runtime-config-file';
import { createLogger, type Logger } from '../logging/logger';
import { createMetrics } from '../metrics/metrics';
import { AppState } from '../state/app-state';
import { createAppStateRepo } from '../store/app-state-repo';
import { isDatabaseHealthy, openDatabase } from '../store/database';
import { createTradingRepo } from '../store/trading-repo';
import { buildServer } from '../api/server';
import type { BotContext } from './bot-context';
import { ConfigService } from './config-service';
import { loadStrategies } from './strategy-loader';
import { ControlService } from './control-service';
import { TradingRuntime } from './trading-runtime';
import { tradingApi } from './trading-api-impl';
import type { VenueStandIns } from './venue';
import { defaultDashboardDir } from './dashboard-dir';
import { startNotifier } from '../notify/start-notifier';
import { BacktestService } from '../backtests/backtest-service';
import type { BacktestRunnerModule } from '../backtests/backtest-runner';
import { backtestModuleUrl } from '../backtests/worker-launch';
import { ResearchService } from '../research/research-service';

export interface StartBotOptions {
  /** Environment variables (AURORA_*, BINANCE_*); process.env when omitted. */
  env?: Record<string, string | undefined>;
  logLevel?: string;
  logDestination?: DestinationStream;
  clock?: { now(): number };
  /** Test-only: loopback simulators standing in for the testnet / Demo Mode hosts. */
  venueStandIns?: VenueStandIns;
  /** The module whose export runs a backtest in a worker; PRODUCT_BACKTEST_RUNNER when omitted. */
  backtestRunner?: BacktestRunnerModule | null;
}

/** The backtest runner the product wires into the dashboard's Backtests page: the kernel over history. */
export const PRODUCT_BACKTEST_RUNNER: BacktestRunnerModule | null = {
  url: backtestModuleUrl('kernel-runner'),
  exportName: 'runKernelBacktest',
};

export interface BotHandle {
  url: string;
  port: number;
  token: string;
  tokenGenerated: boolean;
  env: Env;
  log: Logger;
  runtime: TradingRuntime;
  ctx: BotContext;
  /** The embedded simulator, when the venue is one (tests drive prices through it). */
  readonly sim: SimServer | null;
  /** Graceful stop: pause, cancel entry orders, flush, close (positions are never auto-closed). */
  close(opts?: { graceful?: boolean }): Promise<void>;
}

const systemClock = { now: () => Date.now() };

/**
 * Build the whole service in one readable order: environment → data dir → logger → database →
 * runtime config → state → venue and engines → HTTP API → start-up reconcile → trading may resume.
 */
export async function startBot(opts: StartBotOptions = {}): Promise<BotHandle> {
  const env = loadEnv(opts.env ?? process.env);
  const clock = opts.clock ?? systemClock;
  const dataDir = resolve(env.AURORA_DATA_DIR);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const log = createLogger(opts.logLevel ?? env.AURORA_LOG_LEVEL, {
    destination: opts.logDestination,
    format: env.AURORA_LOG_FORMAT,
  });
  const metrics = createMetrics();

  const db = openDatabase(dataDir);
  const appRepo = createAppStateRepo(db);
  const tradingRepo = createTradingRepo(db);

  const loaded = loadRuntimeConfig(dataDir, clock.now());
  const { token, generated } = resolveApiToken(dataDir, env.AURORA_API_TOKEN);

  let config = loaded.config;
  const state = new AppState(appRepo, clock, { tradingMode: config.trading_mode, accountMode: config.account_mode });
  if (loaded.kind === 'loaded' && loaded.newerKeptAt) {
    log.warn({ keptAt: loaded.newerKeptAt }, 'runtime_config.json has fields from a newer version: original kept aside');
  }
  if (loaded.kind === 'corrupt') {
    log.error({ movedTo: loaded.movedTo, problem: loaded.problem }, 'runtime_config.json was corrupt: moved aside, defaults in use');
    state.recordError('config', 'CONFIG_CORRUPT', `runtime_config.json was corrupt (${loaded.problem}); moved to ${loaded.movedTo}`);
  }

  // Live is never resumed silently: without the env opt-in and keys we fall back to Demo, loudly.
  if (config.account_mode === 'LIVE' && (!env.AURORA_LIVE_ENABLED || !env.BINANCE_API_KEY || !env.BINANCE_API_SECRET)) {
    log.error('runtime config says LIVE but AURORA_LIVE_ENABLED or the live keys are missing: starting in DEMO');
    state.recordError('config', 'LIVE_NOT_ENABLED', 'Configured for LIVE without AURORA_LIVE_ENABLED=true and live keys; started in DEMO');
    config = { ...config, account_mode: 'DEMO' };
  }
  // After a restart, a LIVE bot comes back PAUSED: exits are managed, entries wait for the operator.
  if (config.account_mode === 'LIVE' && config.trading_mode === 'RUNNING') config = { ...config, trading_mode: 'PAUSED' };
  state.tradingMode = config.trading_mode;
  state.accountMode = config.account_mode;
  if (config.trading_mode === 'PAUSED') state.raiseNoGo('PAUSED', 'Paused (restored from runtime config)');
  if (config.trading_mode === 'KILLED') state.raiseNoGo('KILLED', 'Killed (restored from runtime config): resume to trade');

  // User strategies load before the engines pick one per symbol; a refused file stops nothing.
  const strategies = await loadStrategies(env.AURORA_STRATEGIES_DIR);
  for (const r of strategies.refused) {
    log.error({ file: r.file, problem: r.problem }, 'strategy file refused');
    state.recordError('strategy', 'STRATEGY_REFUSED', `${r.file}: ${r.problem}`);
  }
  if (strategies.loaded.length > 0) log.info({ strategies: strategies.loaded }, 'user strategies loaded');

  const configService = new ConfigService(config, dataDir, state);
  configService.setModes({ trading_mode: config.trading_mode, account_mode: config.account_mode });
  const control = new ControlService(state, configService, env, log);

  const runtime = new TradingRuntime({
    env,
    log,
    clock,
    state,
    config: configService,
    metrics,
    repo: tradingRepo,
    dbHealthy: () => isDatabaseHealthy(db),
    venueStandIns: opts.venueStandIns,
    strategies: strategies.registry,
  });
  control.attach(runtime.controlHooks());
  const trading = tradingApi(runtime);
  const snapshot = () => runtime.snapshot();
  // Notifications (Telegram, webhooks) hear the runtime's events through the hub teed below.
  const notifier = startNotifier({
    env,
    log,
    clock,
    ctx: { snapshot, trading, control, state, metrics, token },
    config: () => configService.get(),
  });

  const backtests = new BacktestService({
    dataDir,
    runner: opts.backtestRunner === undefined ? PRODUCT_BACKTEST_RUNNER : opts.backtestRunner,
    strategies: strategies.registry,
    clock,
    log: log.child({ component: 'backtests' }),
  });

  // A store that cannot be read is counted on every read, and logged once per distinct reason.
  let lastResearchProblem: string | null = null;
  const research = new ResearchService({
    dataDir,
    onStoreProblem: (problem) => {
      metrics.researchStoreErrors.inc();
      if (problem === lastResearchProblem) return;
      lastResearchProblem = problem;
      log.error({ problem }, 'research store unreadable');
      state.recordError('research', 'RESEARCH_STORE_UNAVAILABLE', problem);
    },
  });

  const ctx: BotContext = {
    env,
    log,
    state,
    token,
    config: configService,
    control,
    metrics,
    snapshot,
    health: () => {
      const dbOk = isDatabaseHealthy(db);
      const venueOk = runtime.venueConnected();
      const lastAge = runtime.lastReconcileAgeMs();
      return {
        status: !dbOk ? 'down' : venueOk && state.ready ? 'ok' : 'degraded',
        live: true,
        ready: state.ready,
        checks: { database: dbOk, venue: venueOk, last_reconcile_age_ms: lastAge },
      };
    },
    heartbeat: (source) => runtime.heartbeat(source),
    refreshMetrics: () => runtime.refreshMetrics(),
    history: {
      pageControlActions: (limit, offset) => appRepo.pageControlActions(limit, offset),
      pageErrors: (limit, offset) => appRepo.pageErrors(limit, offset),
    },
    trading,
    notifications: () => notifier.status(),
    backtests,
    research,
    strategies: strategies.registry,
  };

  const dashboardDir = env.AURORA_DASHBOARD_DIR ? resolve(env.AURORA_DASHBOARD_DIR) : defaultDashboardDir();
  const { app, wsHub } = await buildServer(ctx, { dashboardDir });
  runtime.attachWsHub(notifier.tee(wsHub));
  backtests.onUpdate((run) => wsHub.broadcastBacktest(run));

  // The venue and engines start before the API listens, so the first answer is already the truth;
  // trading resumes only after the start-up reconcile (state.ready).
  await runtime.startTrading();
  await app.listen({ port: env.AURORA_PORT, host: env.AURORA_HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : env.AURORA_PORT;
  const host = env.AURORA_HOST.includes(':') ? `[${env.AURORA_HOST}]` : env.AURORA_HOST;

  let closing: Promise<void> | null = null;
  const close = (closeOpts: { graceful?: boolean } = {}) => {
    closing ??= (async () => {
      try {
        if (closeOpts.graceful !== false) await runtime.shutdown();
        else runtime.stop();
      } finally {
        await backtests.close();
        research.close();
        await notifier.close();
        wsHub.close();
        await app.close();
        try {
          tradingRepo.commitUnit();
          db.pragma('wal_checkpoint(TRUNCATE)');
        } catch (err) {
          log.error({ err: (err as Error).message }, 'WAL checkpoint failed at shutdown');
        }
        db.close();
      }
    })();
    return closing;
  };

  return {
    url: `http://${host}:${port}`,
    port,
    token,
    tokenGenerated: generated,
    env,
    log,
    runtime,
    ctx,
    get sim() {
      return runtime.venue?.sim ?? null;
    },
    close,
  };
}
