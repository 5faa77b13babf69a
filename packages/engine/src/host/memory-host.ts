import type { AccountMode, ControlAction, ErrorEntry, NoGoReason, RuntimeConfig, TradingMode } from '@aurora/contracts';
import { foldError } from './error-fold';
import type { StrategyRegistry } from '@aurora/core';
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
  Labels,
  NoGoCode,
} from '../kernel-deps';

/** A counter/gauge/histogram that keeps its figures per label set (key: the labels as JSON). */
export class MemoryMetric implements CounterSink, GaugeSink, HistogramSink {
  readonly values = new Map<string, number>();
  readonly samples = new Map<string, number[]>();

  inc(labels?: Labels): void {
    const k = key(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + 1);
  }

  set(a: number | Labels, b?: number): void {
    if (typeof a === 'number') this.values.set(key(undefined), a);
    else this.values.set(key(a), b ?? 0);
  }

  observe(labels: Labels, value: number): void {
    const k = key(labels);
    const list = this.samples.get(k) ?? [];
    list.push(value);
    this.samples.set(k, list);
  }

  /** The counter or gauge for these labels (0 when never touched). */
  get(labels?: Labels): number {
    return this.values.get(key(labels)) ?? 0;
  }
}

const key = (labels: Labels | undefined): string => {
  if (!labels) return '';
  const entries = Object.entries(labels);
  // One label (most metrics) is already in order: no sort to pay on every count.
  if (entries.length > 1) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
};

const METRIC_NAMES = [
  'orders',
  'fills',
  'rejects',
  'decisions',
  'breakerState',
  'placementLatency',
  'ackToFill',
  'rateLimitWeight',
  'rateLimitWeightLimit',
  'reconcileDrift',
  'reconcileRuns',
  'badInput',
  'streamMessages',
  'auditRuns',
  'auditViolations',
  'auditViolationsFound',
  'feesUnpriced',
  'anomalies',
  'illegalTransitions',
] as const satisfies readonly (keyof KernelMetrics)[];

export type MemoryMetrics = { [K in keyof KernelMetrics]: MemoryMetric };

export function memoryMetrics(): MemoryMetrics {
  return Object.fromEntries(METRIC_NAMES.map((n) => [n, new MemoryMetric()])) as MemoryMetrics;
}

/** Error rows and control actions kept (AppState keeps 100 of each in memory). */
const MAX_ROWS = 1_000;

/**
 * The trading state of a run with no app around it (the backtest): modes, readiness, no-go
 * reasons, errors (folded by source and code, as AppState does, without its persistence), control
 * actions and a version that moves on every change.
 */
export class MemoryState implements KernelState {
  ready = false;
  version = 0;
  readonly noGo = new Map<NoGoCode, NoGoReason>();
  readonly errors: ErrorEntry[] = [];
  readonly controls: ControlAction[] = [];
  private readonly errorCounts = new Map<string, number>();
  private seq = 0;

  constructor(
    private readonly clock: { now(): number },
    public tradingMode: TradingMode = 'RUNNING',
    readonly accountMode: AccountMode = 'DEMO',
  ) {}

  raiseNoGo(code: NoGoCode, message: string): void {
    const existing = this.noGo.get(code);
    if (existing && existing.message === message) return;
    this.noGo.set(code, { code, message, since: existing?.since ?? this.clock.now() });
    this.changed();
  }

  clearNoGo(code: NoGoCode): void {
    if (this.noGo.delete(code)) this.changed();
  }

  hasNoGo(code: NoGoCode): boolean {
    return this.noGo.has(code);
  }

  recordError(source: string, code: string, message: string): ErrorEntry {
    const now = this.clock.now();
    const k = `${source}:${code}`;
    this.errorCounts.set(k, (this.errorCounts.get(k) ?? 0) + 1);
    const { entry, added } = foldError(this.errors, { source, code, message, now }, () => `err-${++this.seq}`);
    if (added && this.errors.length > MAX_ROWS) this.errors.splice(0, this.errors.length - MAX_ROWS);
    this.changed();
    return entry;
  }

  /** How often an error was recorded, folded rows included. */
  errorCount(source: string, code: string): number {
    return this.errorCounts.get(`${source}:${code}`) ?? 0;
  }

  recordControl(action: string, source: string, before: string, after: string, detail: string | null = null): ControlAction {
    const entry: ControlAction = { id: `ctl-${++this.seq}`, at: this.clock.now(), action, source, before, after, detail };
    this.controls.push(entry);
    if (this.controls.length > MAX_ROWS) this.controls.splice(0, this.controls.length - MAX_ROWS);
    this.changed();
    return entry;
  }

  changed(): number {
    return ++this.version;
  }
}

/** A runtime config held in memory; `set` tells the listeners as ConfigService does. */
export class MemoryConfig implements KernelConfig {
  private readonly listeners: ((next: RuntimeConfig, prev: RuntimeConfig) => void)[] = [];
  private inUse: (symbols: readonly string[]) => string[] = () => [];

  constructor(private config: RuntimeConfig) {}

  get(): RuntimeConfig {
    return this.config;
  }

  set(next: RuntimeConfig): void {
    const prev = this.config;
    this.config = next;
    for (const l of this.listeners) l(next, prev);
  }

  onChange(listener: (next: RuntimeConfig, prev: RuntimeConfig) => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  setModesBestEffort(modes: { trading_mode?: TradingMode }): null {
    if (modes.trading_mode) this.config = { ...this.config, trading_mode: modes.trading_mode };
    return null;
  }

  guardSymbolsInUse(inUse: (symbols: readonly string[]) => string[]): void {
    this.inUse = inUse;
  }

  /** Which of `symbols` the kernel holds positions or orders in. */
  symbolsInUse(symbols: readonly string[]): string[] {
    return this.inUse(symbols);
  }

  useStrategies(_registry: StrategyRegistry): void {
    // Nothing validates patches here: the run's config is fixed by whoever built it.
  }
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  obj: Record<string, unknown>;
}

export interface MemoryHost extends KernelHost {
  state: MemoryState;
  config: MemoryConfig;
  metrics: MemoryMetrics;
  readonly events: KernelEvent[];
  readonly logs: LogLine[];
}

/** Log lines kept: a long run must not grow without bound. */
const MAX_LOGS = 10_000;

/** The host of a run with no app around it (the backtest): everything kept in memory, bounded. */
export function memoryHost(clock: { now(): number }, config: RuntimeConfig): MemoryHost {
  const events: KernelEvent[] = [];
  const logs: LogLine[] = [];
  const line =
    (level: LogLine['level']) =>
    (obj: Record<string, unknown>, msg: string): void => {
      logs.push({ level, msg, obj });
      if (logs.length > MAX_LOGS) logs.splice(0, logs.length - MAX_LOGS);
    };
  const log: KernelLogger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
  return {
    state: new MemoryState(clock, config.trading_mode),
    config: new MemoryConfig(config),
    metrics: memoryMetrics(),
    log,
    events,
    logs,
    broadcast: (e) => {
      events.push(e);
      if (events.length > MAX_LOGS) events.splice(0, events.length - MAX_LOGS);
    },
    dbHealthy: () => true,
    eventLoopLagMs: () => null,
  };
}
