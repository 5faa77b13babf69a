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
  /** An automatic trip a kill was laid over (reason MANUAL_KILL): it outlives the resume. */
  automatic?: AutomaticTrip | null;
}

export type AutomaticTripReason = Exclude<BreakerTripReason, 'MANUAL_KILL'>;

export interface AutomaticTrip {
  reason: AutomaticTripReason;
  trippedAt: number;
  nextAttemptAt: number;
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
 * clock each time, so a backtest clock or a restart lands in the right state.
 *
 * A manual kill and an automatic trip are held apart. The kill keeps the breaker Open until an
 * operator resumes (clearKill); an automatic trip under it keeps running its cool-down, and only
 * its own trial trade or the confirmed reset action (clearAutomaticTrip) ends it. So a resume —
 * the button also used after a pause or a dead-man pause — never skips a cool-down or the trial.
 */
export class CircuitBreaker {
  private automatic: AutomaticTrip | null = null;
  private killedAt: number | null = null;
  private trialTradeId: string | null = null;

  constructor(
    private readonly clock: Clock,
    private settings: CircuitBreakerSettings,
  ) {}

  static restore(snapshot: unknown, clock: Clock, settings: CircuitBreakerSettings): CircuitBreaker {
    const s = parseBreakerSnapshot(snapshot);
    const breaker = new CircuitBreaker(clock, settings);
    breaker.trialTradeId = s.trialTradeId;
    if (!s.tripped || s.reason === null) return breaker;
    if (s.reason === 'MANUAL_KILL') {
      breaker.killedAt = s.trippedAt ?? clock.now();
      breaker.automatic = s.automatic ?? null;
    } else {
      breaker.automatic = {
        reason: s.reason,
        trippedAt: s.trippedAt ?? clock.now(),
        nextAttemptAt: s.nextAttemptAt as number,
      };
    }
    return breaker;
  }

  state(): BreakerState {
    if (this.killedAt !== null) return 'Open';
    if (this.automatic === null) return 'Closed';
    return this.clock.now() < this.automatic.nextAttemptAt ? 'Open' : 'HalfOpen';
  }

  /** What governs the breaker now: the kill when there is one, else the automatic trip. */
  get tripReason(): BreakerTripReason | null {
    return this.killedAt !== null ? 'MANUAL_KILL' : (this.automatic?.reason ?? null);
  }

  /** The automatic trip (with or without a kill over it) that only its trial or a reset ends. */
  get automaticTrip(): AutomaticTrip | null {
    return this.automatic === null ? null : { ...this.automatic };
  }

  /** When the breaker turns HalfOpen; null while Closed or killed. */
  get nextAttemptAt(): number | null {
    return this.killedAt === null ? (this.automatic?.nextAttemptAt ?? null) : null;
  }

  get trialInFlight(): boolean {
    return this.trialTradeId !== null;
  }

  updateSettings(settings: CircuitBreakerSettings): void {
    this.settings = settings;
  }

  /**
   * A kill is laid over any automatic trip, which keeps running beneath it. A repeated automatic
   * trip never shortens a running cool-down: the later of the two attempt times wins.
   */
  trip(reason: BreakerTripReason): void {
    const now = this.clock.now();
    this.trialTradeId = null;
    if (reason === 'MANUAL_KILL') {
      this.killedAt = now;
      return;
    }
    const attempt = now + this.settings.cooldownMin * MINUTE_MS;
    const prior = this.automatic?.nextAttemptAt;
    this.automatic = {
      reason,
      trippedAt: now,
      nextAttemptAt: prior === undefined ? attempt : Math.max(prior, attempt),
    };
  }

  /** Operator resume: lifts a kill only. An automatic trip beneath it stays. */
  clearKill(): void {
    this.killedAt = null;
  }

  /** The confirmed reset action: ends an automatic trip (cool-down and trial skipped on purpose). */
  clearAutomaticTrip(): void {
    this.automatic = null;
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
    if (this.automatic === null || this.trialTradeId !== tradeId) return;
    this.trialTradeId = null;
    if (!lost) {
      this.automatic = null;
      return;
    }
    const now = this.clock.now();
    this.automatic = {
      ...this.automatic,
      trippedAt: now,
      nextAttemptAt: now + this.settings.reopenMin * MINUTE_MS,
    };
  }

  /** Operator-facing text of why entries are refused; null while Closed. */
  describe(): string | null {
    const state = this.state();
    if (state === 'Closed') return null;
    const auto = this.automatic;
    if (this.killedAt !== null) {
      const beneath =
        auto === null
          ? ''
          : `; ${REASON_TEXT[auto.reason]} too, which resume does not clear (reset the breaker)`;
      return `circuit breaker open: ${REASON_TEXT.MANUAL_KILL}; resume to trade again${beneath}`;
    }
    if (auto === null) return null;
    const why = REASON_TEXT[auto.reason];
    if (state === 'HalfOpen')
      return `circuit breaker half-open after ${why}: one trial trade at reduced size`;
    return `circuit breaker open: ${why}; next attempt at ${new Date(auto.nextAttemptAt).toISOString()}`;
  }

  toDto(): CircuitBreakerDto {
    return {
      state: this.state(),
      reason: this.tripReason,
      tripped_at: this.killedAt ?? this.automatic?.trippedAt ?? null,
      next_attempt_at: this.nextAttemptAt,
      half_open_trial_in_flight: this.trialTradeId !== null,
      automatic_reason: this.automatic?.reason ?? null,
    };
  }

  toJSON(): CircuitBreakerSnapshot {
    const base = { version: 1 as const, trialTradeId: this.trialTradeId };
    if (this.killedAt !== null)
      return {
        ...base,
        tripped: true,
        reason: 'MANUAL_KILL',
        trippedAt: this.killedAt,
        nextAttemptAt: null,
        automatic: this.automaticTrip,
      };
    const a = this.automatic;
    if (a === null) return { ...base, tripped: false, reason: null, trippedAt: null, nextAttemptAt: null };
    return {
      ...base,
      tripped: true,
      reason: a.reason,
      trippedAt: a.trippedAt,
      nextAttemptAt: a.nextAttemptAt,
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
    automatic: parseAutomaticTrip(s.automatic),
  };
}

function parseAutomaticTrip(raw: unknown): AutomaticTrip | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'object') throw new RiskSnapshotInvalid('breaker', 'bad automatic trip');
  const a = raw as Record<string, unknown>;
  if (a.reason !== 'MAX_DAILY_LOSS' && a.reason !== 'MAX_CONSECUTIVE_LOSSES')
    throw new RiskSnapshotInvalid('breaker', `unknown automatic reason ${String(a.reason)}`);
  if (!isTs(a.trippedAt) || !isTs(a.nextAttemptAt))
    throw new RiskSnapshotInvalid('breaker', 'bad automatic trip times');
  return { reason: a.reason, trippedAt: a.trippedAt, nextAttemptAt: a.nextAttemptAt };
}
