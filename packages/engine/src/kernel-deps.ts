import type {
  AccountMode,
  DecisionEnvelope,
  DecisionQuery,
  NoGoReason,
  ReconcileResult,
  RuntimeConfig,
  StrategyConfig,
  TradeDto,
  TradingMode,
  WsEventMessage,
} from '@aurora/contracts';
import type { BaselineStatus, Clock, FixedReference, PositionRecord, StrategyRegistry } from '@aurora/core';
import type { Scheduler } from './ports/scheduler';

/**
 * Everything the trading kernel runs on. Live, Demo and the backtest hand it different
 * implementations (SQLite or memory, Node timers or a virtual clock, random or seeded ids), never
 * a different trading rule.
 */
export interface KernelDeps {
  clock: Clock;
  scheduler: Scheduler;
  ids: Ids;
  store: KernelStore;
  host: KernelHost;
  /** The strategies it may run (start-up loads the user's); the built-ins when absent. */
  strategies?: StrategyRegistry;
  /**
   * The backtest baseline the anomaly observer judges one strategy's trade returns against (read
   * by the host), asked once per strategy + params running; none when absent.
   */
  baseline?(key: BaselineKey): ResolvedBaseline;
  /** A monotonic microsecond clock for the pipeline's own timing figures; the clock's when absent (a replay repeats). */
  hrtimeUs?(): number;
  /** A monotonic millisecond clock for round trips (the latency probe); the clock when absent. */
  monotonicMs?(): number;
  /** What only one kind of venue has (the embedded simulator's mirror feed): told on every tick. */
  venueHooks?: VenueHooks;
}

/** Every id the trading path makes (intent/client order ids, reconcile and audit runs, proposals). */
export interface Ids {
  uuid(): string;
}

export interface VenueHooks {
  /** On every tick, before anything else (the host refreshes its own no-go reasons). */
  tick?(): void;
  /** Part of the measures signature: a change moves state_version. */
  measures?(): string;
}

/** Which backtest a strategy's live trades compare with: the same strategy, params and shared exit settings. */
export interface BaselineKey {
  strategy: string;
  /** paramsId of the strategy's parsed params. */
  paramsId: string;
  /** The exit settings every strategy shares (a strategy's own per-trade rules are in its params). */
  exits: Pick<StrategyConfig, 'atr_period' | 'trailing_atr_mult' | 'max_holding_min'>;
}

export interface ResolvedBaseline {
  reference: FixedReference | null;
  status: BaselineStatus;
}

/** How the kernel tells the venue it connected to from the one before it (see forgetEphemeralSession). */
export type VenueSession =
  /** A venue that starts empty with every process (the embedded simulator). */
  | { ephemeral: true }
  /** A venue that keeps its state: the key says which one (kind and host). */
  | { ephemeral: false; key: string };

// ─── the store ─────────────────────────────────────────────────────────────

export interface StoredIntentRow {
  id: string;
  proposal_id: string | null;
  position_id: string | null;
  purpose: string;
  symbol: string;
  status: string;
  order_id: string | null;
  created_at: number;
  updated_at: number;
  body: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * The rows the kernel reads and writes. apps/bot's SQLite TradingRepo implements it (every write a
 * synchronous commit); MemoryStore implements it for the backtest.
 */
export interface KernelStore {
  /** Opens the order's unit of work (intent + idempotency claim + position); committed by commitUnit. */
  beginUnit(): void;
  commitUnit(): void;
  /** Runs fn atomically (a savepoint inside an open unit). */
  transaction<T>(fn: () => T): T;

  insertIntent(row: StoredIntentRow): void;
  upsertIntent(row: StoredIntentRow): void;
  intent(id: string): StoredIntentRow | null;
  intentByProposal(proposalId: string): StoredIntentRow | null;
  allIntents(): StoredIntentRow[];
  intentsByStatus(statuses: readonly string[]): StoredIntentRow[];
  intentsByPosition(positionId: string): StoredIntentRow[];
  /** Newest first. */
  pageIntents(limit: number, offset: number, symbol?: string): Page<StoredIntentRow>;

  upsertPosition(rec: PositionRecord): void;
  allPositionBodies(): string[];
  positionRecord(id: string): PositionRecord | null;
  /** Newest first. */
  pagePositionRecords(which: 'all' | 'finished', limit: number, offset: number): Page<PositionRecord>;

  /** Returns false when the fill was already stored (a replayed report). */
  insertFill(t: TradeDto): boolean;
  /** Newest first. */
  pageFills(symbol: string | undefined, limit: number, offset: number): Page<TradeDto>;
  fillsByPosition(positionId: string): TradeDto[];
  fillsSince(t: number): TradeDto[];

  insertDecision(d: DecisionEnvelope): void;
  decision(id: string): DecisionEnvelope | null;
  pageDecisions(q: DecisionQuery): Page<DecisionEnvelope>;

  insertReconcile(r: ReconcileResult): void;
  lastReconcile(): ReconcileResult | null;

  idempotencyAll(now: number): { key: string; intent_id: string; expires_at: number }[];
  idempotencyPut(key: string, intentId: string, expiresAt: number): void;
  idempotencyPurge(now: number): void;

  getMeta(key: string): string | null;
  setMeta(key: string, value: string): void;
}

// ─── the host (what the app owns) ──────────────────────────────────────────

export type NoGoCode = NoGoReason['code'];

/** The service's trading state (apps/bot's AppState, which persists it, satisfies this as is). */
export interface KernelState {
  ready: boolean;
  tradingMode: TradingMode;
  readonly accountMode: AccountMode;
  raiseNoGo(code: NoGoCode, message: string): void;
  clearNoGo(code: NoGoCode): void;
  hasNoGo(code: NoGoCode): boolean;
  recordError(source: string, code: string, message: string): unknown;
  recordControl(action: string, source: string, before: string, after: string, detail?: string | null): unknown;
  /** Some state changed: state_version moves. */
  changed(): unknown;
}

/** The runtime config (apps/bot's ConfigService satisfies this as is). */
export interface KernelConfig {
  get(): RuntimeConfig;
  onChange(listener: (next: RuntimeConfig, prev: RuntimeConfig) => void): unknown;
  setModesBestEffort(modes: { trading_mode?: TradingMode }): unknown;
  /** The kernel answers which of the given symbols hold positions or orders (a config change must not drop them). */
  guardSymbolsInUse(inUse: (symbols: readonly string[]) => string[]): void;
  /** The registry config validation resolves strategies against. */
  useStrategies(registry: StrategyRegistry): void;
}

export type Labels = Record<string, string | number>;
export interface CounterSink {
  inc(): void;
  inc(labels: Labels): void;
}
export interface GaugeSink {
  set(value: number): void;
  set(labels: Labels, value: number): void;
}
export interface HistogramSink {
  observe(labels: Labels, value: number): void;
}

/** The counters, gauges and histograms the kernel moves (apps/bot's prom-client Metrics satisfies this). */
export interface KernelMetrics {
  orders: CounterSink;
  fills: CounterSink;
  rejects: CounterSink;
  decisions: CounterSink;
  breakerState: GaugeSink;
  placementLatency: HistogramSink;
  ackToFill: HistogramSink;
  rateLimitWeight: GaugeSink;
  rateLimitWeightLimit: GaugeSink;
  reconcileDrift: CounterSink;
  reconcileRuns: CounterSink;
  badInput: CounterSink;
  streamMessages: GaugeSink;
  auditRuns: CounterSink;
  auditViolations: GaugeSink;
  auditViolationsFound: CounterSink;
  feesUnpriced: CounterSink;
  anomalies: CounterSink;
  illegalTransitions: CounterSink;
}

type LogFn = (obj: Record<string, unknown>, msg: string) => void;
/** pino's shape, the part the kernel uses. */
export interface KernelLogger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

export type KernelEvent = WsEventMessage['event'];

export interface KernelHost {
  state: KernelState;
  config: KernelConfig;
  metrics: KernelMetrics;
  log: KernelLogger;
  /** Tell the dashboard (and the notifiers) of an event. */
  broadcast(event: KernelEvent): void;
  /** Whether the store answers (health, the snapshot, the measures signature). */
  dbHealthy(): boolean;
  /** The host's event-loop lag (null where it has none). */
  eventLoopLagMs(): number | null;
}
