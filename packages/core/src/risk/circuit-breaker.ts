import type { BreakerState, CircuitBreakerDto } from '@aurora/contracts';
import type { Clock } from '../clock';
import { RiskSnapshotInvalid } from './risk-errors';

export type BreakerTripReason = 'MAX_DAILY_LOSS' | 'MAX_CONSECUTIVE_LOSSES' | 'MANUAL_KILL';

const TRIP_REASONS: readonly BreakerTripReason[] = [
  'MAX_DAILY_LOSS',
  'MAX_CONSECUTIVE_LOSSES',
  'MANUAL_KILL',
];

export interface CircuitBreakerSettings {
  /** Open → HalfOpen after this many minutes (RiskConfig.breaker_cooldown_min). */
  cooldownMin: number;
  /** A losing HalfOpen trial re-opens the breaker for this many minutes (breaker_reopen_min). */
  reopenMin: number;
  /** Size multiplier of the single HalfOpen trial trade (half_open_size_factor). */
  halfOpenSizeFactor: number;
}

/** What survives a restart. `nextAttemptAt` is absolute, so downtime counts towards the cool-down. */
export interface CircuitBreakerSnapshot {
  version: 1;
  tripped: boolean;
  reason: BreakerTripReason | null;
  trippedAt: number | null;
  nextAttemptAt: number | null;
  trialTradeId: string | null;
}

export type BreakerAdmission =
  | { admitted: true; sizeFactor: number; trial: boolean }
  | { admitted: false; state: 'Open' | 'HalfOpen'; reason: string };

const MINUTE_MS = 60_000;

const REASON_TEXT: Record<BreakerTripReason, string> = {
  MAX_DAILY_LOSS: 'the daily loss limit was reached',
  MAX_CONSECUTIVE_LOSSES: 'the consecutive-loss limit was reached',
  MANUAL_KILL: 'trading was killed by an operator',
};

/**
 * Closed → Open (trip) → HalfOpen after the cool-down → Closed on a winning trial trade, or Open
 * again for `reopenMin` on a losing one. There are no timers: Open vs HalfOpen is read from the
 * clock each time, so a backtest clock or a restart lands in the right state. MANUAL_KILL never
 * cools down; only reset() closes it.
 */
export class CircuitBreaker {
  private tripped = false;
  private reason: BreakerTripReason | null = null;
  private trippedAt: number | null = null;
  private nextAttempt: number | null = null;
  private trialTradeId: string | null = null;

  constructor(
    private readonly clock: Clock,
    private settings: CircuitBreakerSettings,
  ) {}

  static restore(snapshot: unknown, clock: Clock, settings: CircuitBreakerSettings): CircuitBreaker {
    const s = parseBreakerSnapshot(snapshot);
    const breaker = new CircuitBreaker(clock, settings);
    breaker.tripped = s.tripped;
    breaker.reason = s.reason;
    breaker.trippedAt = s.trippedAt;
    breaker.nextAttempt = s.nextAttemptAt;
    breaker.trialTradeId = s.trialTradeId;
    return breaker;
  }

  state(): BreakerState {
    if (!this.tripped) return 'Closed';
    if (this.reason === 'MANUAL_KILL' || this.nextAttempt === null) return 'Open';
    return this.clock.now() < this.nextAttempt ? 'Open' : 'HalfOpen';
  }

  get tripReason(): BreakerTripReason | null {
    return this.reason;
  }

  /** When the breaker turns HalfOpen; null while Closed or killed. */
  get nextAttemptAt(): number | null {
    return this.tripped && this.reason !== 'MANUAL_KILL' ? this.nextAttempt : null;
  }

  get trialInFlight(): boolean {
    return this.trialTradeId !== null;
  }

  updateSettings(settings: CircuitBreakerSettings): void {
    this.settings = settings;
  }

  /**
   * A kill is never downgraded by an automatic trip. A repeated automatic trip never shortens
   * a running cool-down: the later of the two attempt times wins.
   */
  trip(reason: BreakerTripReason): void {
    const now = this.clock.now();
    this.trialTradeId = null;
    this.trippedAt = now;
    if (reason === 'MANUAL_KILL') {
      this.tripped = true;
      this.reason = reason;
      this.nextAttempt = null;
      return;
    }
    if (this.reason === 'MANUAL_KILL' && this.tripped) return;
    const attempt = now + this.settings.cooldownMin * MINUTE_MS;
    this.nextAttempt =
      this.tripped && this.nextAttempt !== null ? Math.max(this.nextAttempt, attempt) : attempt;
    this.tripped = true;
    this.reason = reason;
  }

  /** Operator resume: closes the breaker whatever its reason. */
  reset(): void {
    this.tripped = false;
    this.reason = null;
    this.trippedAt = null;
    this.nextAttempt = null;
    this.trialTradeId = null;
  }

  admit(): BreakerAdmission {
    const state = this.state();
    if (state === 'Closed') return { admitted: true, sizeFactor: 1, trial: false };
    if (state === 'Open')
      return { admitted: false, state, reason: this.describe() ?? 'circuit breaker open' };
    if (this.trialTradeId !== null) {
      return {
        admitted: false,
        state,
        reason: `circuit breaker half-open: trial trade ${this.trialTradeId} is still in flight`,
      };
    }
    return { admitted: true, sizeFactor: this.settings.halfOpenSizeFactor, trial: true };
  }

  /** The first trade opened while HalfOpen becomes the trial; later ones are not admitted. */
  onTradeOpened(tradeId: string): void {
    if (this.trialTradeId === null && this.state() === 'HalfOpen') this.trialTradeId = tradeId;
  }

  /** An entry that never filled frees the trial slot so another trial may be tried. */
  onTradeAborted(tradeId: string): void {
    if (this.trialTradeId === tradeId) this.trialTradeId = null;
  }

  /** Only the trial trade's result moves a HalfOpen breaker; other trades closing change nothing here. */
  onTradeClosed(tradeId: string, lost: boolean): void {
    if (!this.tripped || this.trialTradeId !== tradeId) return;
    this.trialTradeId = null;
    if (!lost) {
      this.reset();
      return;
    }
    const now = this.clock.now();
    this.trippedAt = now;
    this.nextAttempt = now + this.settings.reopenMin * MINUTE_MS;
  }

  /** Operator-facing text of why entries are refused; null while Closed. */
  describe(): string | null {
    const state = this.state();
    if (state === 'Closed' || this.reason === null) return null;
    const why = REASON_TEXT[this.reason];
    if (this.reason === 'MANUAL_KILL') return `circuit breaker open: ${why}; resume to trade again`;
    if (state === 'HalfOpen')
      return `circuit breaker half-open after ${why}: one trial trade at reduced size`;
    return `circuit breaker open: ${why}; next attempt at ${new Date(this.nextAttempt ?? 0).toISOString()}`;
  }

  toDto(): CircuitBreakerDto {
    return {
      state: this.state(),
      reason: this.tripped ? this.reason : null,
      tripped_at: this.trippedAt,
      next_attempt_at: this.nextAttemptAt,
      half_open_trial_in_flight: this.trialTradeId !== null,
    };
  }

  toJSON(): CircuitBreakerSnapshot {
    return {
      version: 1,
      tripped: this.tripped,
      reason: this.reason,
      trippedAt: this.trippedAt,
      nextAttemptAt: this.nextAttempt,
      trialTradeId: this.trialTradeId,
    };
  }
}

const isTs = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function parseBreakerSnapshot(raw: unknown): CircuitBreakerSnapshot {
  if (typeof raw !== 'object' || raw === null) throw new RiskSnapshotInvalid('breaker', 'not an object');
  const s = raw as Record<string, unknown>;
  if (s.version !== 1) throw new RiskSnapshotInvalid('breaker', `unsupported version ${String(s.version)}`);
  if (typeof s.tripped !== 'boolean') throw new RiskSnapshotInvalid('breaker', 'tripped must be a boolean');
  const reason = s.reason ?? null;
  if (reason !== null && !TRIP_REASONS.includes(reason as BreakerTripReason)) {
    throw new RiskSnapshotInvalid('breaker', `unknown reason ${String(reason)}`);
  }
  const trippedAt = s.trippedAt ?? null;
  const nextAttemptAt = s.nextAttemptAt ?? null;
  if (trippedAt !== null && !isTs(trippedAt)) throw new RiskSnapshotInvalid('breaker', 'bad trippedAt');
  if (nextAttemptAt !== null && !isTs(nextAttemptAt))
    throw new RiskSnapshotInvalid('breaker', 'bad nextAttemptAt');
  const trial = s.trialTradeId ?? null;
  if (trial !== null && typeof trial !== 'string')
    throw new RiskSnapshotInvalid('breaker', 'bad trialTradeId');
  if (s.tripped && reason === null) throw new RiskSnapshotInvalid('breaker', 'tripped without a reason');
  if (s.tripped && reason !== 'MANUAL_KILL' && nextAttemptAt === null) {
    throw new RiskSnapshotInvalid('breaker', 'automatic trip without nextAttemptAt');
  }
  return {
    version: 1,
    tripped: s.tripped,
    reason: reason as BreakerTripReason | null,
    trippedAt,
    nextAttemptAt,
    trialTradeId: trial,
  };
}
