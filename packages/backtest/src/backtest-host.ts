import type { AccountMode, RuntimeConfig, TradingMode } from '@aurora/contracts';
import type {
  CounterSink,
  GaugeSink,
  HistogramSink,
  KernelConfig,
  KernelEvent,
  KernelHost,
  KernelLogger,
  KernelMetrics,
  KernelState,
  NoGoCode,
} from '@aurora/engine';

const counter = (): CounterSink => ({ inc: () => undefined });
const gauge = (): GaugeSink => ({ set: () => undefined });
const histogram = (): HistogramSink => ({ observe: () => undefined });

/** The kernel's service state inside a backtest: in memory, nothing persisted, nothing served. */
class BacktestState implements KernelState {
  ready = false;
  tradingMode: TradingMode = 'RUNNING';
  readonly accountMode: AccountMode = 'DEMO';
  readonly noGo = new Map<NoGoCode, string>();
  readonly errors: { source: string; code: string; message: string }[] = [];
  version = 0;

  raiseNoGo(code: NoGoCode, message: string): void {
    this.noGo.set(code, message);
  }

  clearNoGo(code: NoGoCode): void {
    this.noGo.delete(code);
  }

  hasNoGo(code: NoGoCode): boolean {
    return this.noGo.has(code);
  }

  recordError(source: string, code: string, message: string): void {
    // Bounded: a run that errs every minute keeps the last ones, counted all.
    if (this.errors.length >= 100) this.errors.shift();
    this.errors.push({ source, code, message });
  }

  recordControl(): void {}

  changed(): void {
    this.version++;
  }
}

/** The run's RuntimeConfig: fixed for the run (nobody patches a backtest while it runs). */
class BacktestConfig implements KernelConfig {
  constructor(private current: RuntimeConfig) {}

  get(): RuntimeConfig {
    return this.current;
  }

  onChange(): void {}

  setModesBestEffort(modes: { trading_mode?: TradingMode }): void {
    if (modes.trading_mode) this.current = { ...this.current, trading_mode: modes.trading_mode };
  }

  guardSymbolsInUse(): void {}

  useStrategies(): void {}
}

const silent: KernelLogger['debug'] = () => undefined;

/**
 * What the app owns, as a backtest owns it: state in memory, the run's config, metrics and the
 * dashboard push dropped (nobody watches a backtest's internals), errors and breaker trips kept
 * for the run's result.
 */
export class BacktestHost implements KernelHost {
  readonly state = new BacktestState();
  readonly config: BacktestConfig;
  readonly metrics: KernelMetrics = {
    orders: counter(),
    fills: counter(),
    rejects: counter(),
    decisions: counter(),
    breakerState: gauge(),
    placementLatency: histogram(),
    ackToFill: histogram(),
    rateLimitWeight: gauge(),
    rateLimitWeightLimit: gauge(),
    reconcileDrift: counter(),
    reconcileRuns: counter(),
    badInput: counter(),
    streamMessages: gauge(),
    auditRuns: counter(),
    auditViolations: gauge(),
    auditViolationsFound: counter(),
    feesUnpriced: counter(),
    anomalies: counter(),
    illegalTransitions: counter(),
  };
  breakerTrips = 0;
  /** warn/error lines the kernel logged (counted; the last ones kept). */
  readonly logged = { warn: 0, error: 0, last: [] as string[] };
  readonly log: KernelLogger;

  constructor(config: RuntimeConfig) {
    this.config = new BacktestConfig(config);
    const keep = (level: 'warn' | 'error') => (obj: Record<string, unknown>, msg: string) => {
      this.logged[level]++;
      if (this.logged.last.length >= 20) this.logged.last.shift();
      this.logged.last.push(`${level}: ${msg}`);
      void obj;
    };
    this.log = { debug: silent, info: silent, warn: keep('warn'), error: keep('error') };
  }

  broadcast(event: KernelEvent): void {
    if (event.kind === 'BREAKER_TRIPPED') this.breakerTrips++;
  }

  dbHealthy(): boolean {
    return true;
  }

  eventLoopLagMs(): number | null {
    return null;
  }
}
