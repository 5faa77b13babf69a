import { randomUUID } from 'node:crypto';
import type {
  AccountMode,
  ControlAction,
  ErrorEntry,
  NoGoReason,
  TradingMode,
  Truth,
} from '@aurora/contracts';
import { foldError } from '@aurora/engine';
import { BoundedLog } from './bounded-log';
import { StateVersion, type VersionPersistence } from './state-version';

export interface AppStatePersistence extends VersionPersistence {
  insertControlAction(action: ControlAction): void;
  recentControlActions(limit: number): ControlAction[];
  upsertError(entry: ErrorEntry): void;
  recentErrors(limit: number): ErrorEntry[];
}

export type NoGoCode = NoGoReason['code'];

const NO_GO_PRIORITY: NoGoCode[] = [
  'KILLED',
  'CIRCUIT_BREAKER',
  'DEAD_MAN_SWITCH',
  'STARTUP_RECONCILE',
  'VENUE_DOWN',
  'AUDIT',
  'MARKET_FEED_DOWN',
  'PAUSED',
];

export type StateListener = (version: number) => void;
/** A no-go reason appeared (reason set) or went away (reason null); repeats of a held reason are not told. */
export type NoGoListener = (code: NoGoCode, reason: NoGoReason | null) => void;
/** A new error row (not a repeat folded into a recent one). */
export type ErrorListener = (entry: ErrorEntry) => void;

/** Errors with the same source and code within this window are folded into one row with a count. */

/**
 * The one store of the service's own state (modes, no-go reason, control actions, errors) and of
 * the counters every response carries. Engines keep their domain state; whenever any of it
 * changes, they call `changed()` so state_version moves and the dashboard is pushed the truth.
 */
export class AppState {
  readonly startedAt: number;
  private readonly version: StateVersion;
  private wsSeq = 0;
  private listeners = new Set<StateListener>();
  private noGoListeners = new Set<NoGoListener>();
  private errorListeners = new Set<ErrorListener>();
  private controlLog = new BoundedLog<ControlAction>(100);
  private errorLog = new BoundedLog<ErrorEntry>(100);
  private errorCounts = new Map<string, number>();

  tradingMode: TradingMode;
  accountMode: AccountMode;
  ready = false;
  private noGo = new Map<NoGoCode, NoGoReason>();

  constructor(
    private readonly persistence: AppStatePersistence,
    private readonly clock: { now(): number },
    initial: { tradingMode: TradingMode; accountMode: AccountMode },
  ) {
    this.startedAt = clock.now();
    this.version = new StateVersion(persistence);
    this.tradingMode = initial.tradingMode;
    this.accountMode = initial.accountMode;
    this.controlLog.replaceAll(persistence.recentControlActions(100));
    this.errorLog.replaceAll(persistence.recentErrors(100));
  }

  truth(): Truth {
    return { state_version: this.version.current, server_time: this.clock.now(), ws_sequence: this.wsSeq };
  }

  get stateVersion(): number {
    return this.version.current;
  }

  /** Record that something changed: bump the version and tell listeners (the WS pusher coalesces). */
  changed(): number {
    const v = this.version.next();
    for (const l of this.listeners) l(v);
    return v;
  }

  onChange(listener: StateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  nextWsSequence(): number {
    this.wsSeq += 1;
    return this.wsSeq;
  }

  get wsSequence(): number {
    return this.wsSeq;
  }

  now(): number {
    return this.clock.now();
  }

  /** The most important reason trading may not open new positions now, or null. */
  get noGoReason(): NoGoReason | null {
    for (const code of NO_GO_PRIORITY) {
      const r = this.noGo.get(code);
      if (r) return r;
    }
    return null;
  }

  /** Several reasons can hold at once (killed and breaker open); each is raised and cleared on its own. */
  raiseNoGo(code: NoGoCode, message: string): void {
    const existing = this.noGo.get(code);
    if (existing && existing.message === message) return;
    const reason = { code, message, since: existing?.since ?? this.clock.now() };
    this.noGo.set(code, reason);
    this.changed();
    if (!existing) this.tellNoGo(code, reason);
  }

  clearNoGo(code: NoGoCode): void {
    if (!this.noGo.delete(code)) return;
    this.changed();
    this.tellNoGo(code, null);
  }

  /** No-go and error listeners that threw (counted; the reason or error was still recorded). */
  listenerFailures = 0;

  onNoGoChange(listener: NoGoListener): () => void {
    this.noGoListeners.add(listener);
    return () => this.noGoListeners.delete(listener);
  }

  onNewError(listener: ErrorListener): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** A listener (the notifier) must never break KILL, a dead-man trip or an error record. */
  private tellNoGo(code: NoGoCode, reason: NoGoReason | null): void {
    for (const l of this.noGoListeners) {
      try {
        l(code, reason);
      } catch {
        this.listenerFailures += 1;
      }
    }
  }

  private tell(listeners: Set<ErrorListener>, entry: ErrorEntry): void {
    for (const l of listeners) {
      try {
        l(entry);
      } catch {
        this.listenerFailures += 1;
      }
    }
  }

  hasNoGo(code: NoGoCode): boolean {
    return this.noGo.has(code);
  }

  /** Record a control action (when, what, from, before, after), persist it, make it visible. */
  recordControl(action: string, source: string, before: string, after: string, detail: string | null = null): ControlAction {
    const entry: ControlAction = { id: randomUUID(), at: this.clock.now(), action, source, before, after, detail };
    this.persistBestEffort(() => this.persistence.insertControlAction(entry));
    this.controlLog.push(entry);
    this.changed();
    return entry;
  }

  controlActions(limit = 50): ControlAction[] {
    return this.controlLog.list(limit);
  }

  /** Record an error: counted, persisted, visible; repeated errors fold into one row. */
  recordError(source: string, code: string, message: string): ErrorEntry {
    const now = this.clock.now();
    const key = `${source}:${code}`;
    this.errorCounts.set(key, (this.errorCounts.get(key) ?? 0) + 1);
    const { entry, added } = foldError(this.errorLog, { source, code, message, now }, randomUUID);
    this.persistBestEffort(() => this.persistence.upsertError(entry));
    this.changed();
    if (added) this.tell(this.errorListeners, entry);
    return entry;
  }

  /** Writes the database refused; the entries stay visible in memory. */
  persistFailures = 0;

  private persistBestEffort(write: () => void): void {
    try {
      write();
    } catch {
      this.persistFailures += 1;
    }
  }

  recentErrors(limit = 50): ErrorEntry[] {
    return this.errorLog.list(limit);
  }

  errorCount(source: string, code: string): number {
    return this.errorCounts.get(`${source}:${code}`) ?? 0;
  }
}
