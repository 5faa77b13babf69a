import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { AccountMode, StateSnapshot } from '@aurora/contracts';
import type { Clock, StrategyRegistry } from '@aurora/core';
import { RealScheduler, TradingKernel } from '@aurora/engine';
import type { Env } from '../config/env';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';
import type { AppState } from '../state/app-state';
import type { TradingRepo } from '../store/trading-repo';
import type { WsHub } from '../api/routes/ws';
import { BinanceVenue } from './binance-venue';
import type { ConfigService } from './config-service';
import type { ControlHooks } from './control-service';
import { MarketFeedWatch } from './market-feed-watch';
import { resolveBaseline } from './observer-baseline';
import { buildSnapshot } from './snapshot';
import { connectVenue, type VenueStandIns } from './venue';

export interface TradingRuntimeDeps {
  env: Env;
  log: Logger;
  clock: Clock;
  state: AppState;
  config: ConfigService;
  metrics: Metrics;
  repo: TradingRepo;
  /** Whether the database answers (for health and the snapshot). */
  dbHealthy(): boolean;
  /** Test-only loopback stand-ins for the testnet / Demo Mode hosts (see VenueStandIns). */
  venueStandIns?: VenueStandIns;
  /** The strategies it may run (start-up loads the user's); the built-ins when absent. */
  strategies?: StrategyRegistry;
}

const hrtimeUs = (): number => Number(process.hrtime.bigint() / 1000n);

/**
 * The trading kernel (@aurora/engine) wired to the app: the Binance adapter as its venue, SQLite
 * as its store, Node's timers as its scheduler, AppState, ConfigService, Prometheus and the WS hub
 * as its host. What only the embedded simulator has (the mirror feed's no-go) is handled here.
 */
export class TradingRuntime extends TradingKernel {
  /** The app only ever connects Binance venues (the real ones or the simulator over HTTP). */
  declare venue: BinanceVenue | null;
  private wsHub: WsHub | null = null;
  private readonly loopDelay: IntervalHistogram;
  private readonly feedWatch: MarketFeedWatch;

  constructor(readonly app: TradingRuntimeDeps) {
    // The host's callbacks need the runtime, which exists only once the kernel is built.
    const self: { rt: TradingRuntime | null } = { rt: null };
    const loopDelay = monitorEventLoopDelay({ resolution: 20 });
    super({
      clock: app.clock,
      scheduler: new RealScheduler(),
      ids: { uuid: () => randomUUID() },
      store: app.repo,
      host: {
        state: app.state,
        config: app.config,
        metrics: app.metrics,
        log: app.log,
        broadcast: (e) => self.rt?.wsHub?.broadcastEvent(e),
        dbHealthy: () => app.dbHealthy(),
        eventLoopLagMs: () => {
          const mean = loopDelay.mean;
          return Number.isFinite(mean) ? Math.round((mean / 1e6) * 100) / 100 : null;
        },
      },
      ...(app.strategies ? { strategies: app.strategies } : {}),
      baseline: (key) => resolveBaseline(resolve(app.env.AURORA_DATA_DIR), key),
      hrtimeUs,
      monotonicMs: () => performance.now(),
      venueHooks: {
        tick: () => self.rt?.feedWatch.update(self.rt.venue?.marketFeed() ?? null),
        measures: () => JSON.stringify(self.rt?.venue?.marketFeed() ?? null),
      },
    });
    self.rt = this;
    this.loopDelay = loopDelay;
    this.feedWatch = new MarketFeedWatch(app.state, app.log);
  }

  hub(): WsHub | null {
    return this.wsHub;
  }

  attachWsHub(hub: WsHub): void {
    this.wsHub = hub;
  }

  /** Connect the account mode's venue, warm up, reconcile; only then may trading resume. */
  async startTrading(): Promise<void> {
    this.app.state.raiseNoGo('STARTUP_RECONCILE', 'Reconciling with the exchange before trading resumes');
    const venue = await this.openVenue(this.app.state.accountMode);
    await this.start(venue, venue.session());
    this.loopDelay.enable();
  }

  private async openVenue(mode: AccountMode): Promise<BinanceVenue> {
    const { env, log, config, clock } = this.app;
    const venue = new BinanceVenue(await connectVenue(mode, env, config.get(), log, clock, this.app.venueStandIns));
    this.feedWatch.update(venue.marketFeed());
    // Told at once (the tick re-checks every second as well): the no-go must not lag the feed.
    venue.sim?.onMirrorChange(() => {
      if (this.venue === venue) this.feedWatch.update(venue.marketFeed());
    });
    return venue;
  }

  controlHooks(): ControlHooks {
    return {
      ...this.control(),
      switchVenue: async (mode) => {
        await this.disconnect();
        const venue = await this.openVenue(mode);
        await this.connect(venue, venue.session());
      },
    };
  }

  override stop(): void {
    this.loopDelay.disable();
    super.stop();
  }

  override async shutdown(): Promise<void> {
    this.loopDelay.disable();
    await super.shutdown();
  }

  snapshot(): StateSnapshot {
    return buildSnapshot(this, this.app, this.wsHub?.clientCount() ?? 0);
  }

  eventLoopLagMs(): number | null {
    return this.host.eventLoopLagMs();
  }

  /** Counters kept by the adapter and the state version, copied into Prometheus gauges at scrape time. */
  override refreshMetrics(): void {
    super.refreshMetrics();
    this.app.metrics.stateVersion.set(this.app.state.stateVersion);
  }
}
