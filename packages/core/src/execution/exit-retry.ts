/**
 * Per-position spacing of failed exit attempts. A refused exit (insufficient balance, a filter the
 * venue judges differently, a position that cannot be closed) would otherwise be re-sent on every
 * price update: orders burn the shared order budget that other positions' stops need, and every
 * attempt costs database commits. After `circuitAfter` consecutive failures the circuit opens:
 * automatic exits for that position stop until an operator acts (a manual close is still
 * accepted and, if it succeeds, resets it). Pure: the caller passes the time.
 */
export interface ExitRetryPolicy {
  /** Wait after the first failure; it doubles with each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failures that open the circuit. */
  circuitAfter: number;
}

export const DEFAULT_EXIT_RETRY: ExitRetryPolicy = {
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  circuitAfter: 6,
};

export interface ExitFailureState {
  failures: number;
  lastFailureAt: number;
  nextAttemptAt: number;
  lastReason: string;
  /** Set once `circuitAfter` failures are reached; automatic attempts stop. */
  circuitOpenedAt: number | null;
}

export interface ExitFailureVerdict {
  state: Readonly<ExitFailureState>;
  /** The first failure of a streak: worth one recorded error. */
  first: boolean;
  /** This failure opened the circuit: worth a review flag and an error. */
  circuitOpened: boolean;
}

export class ExitRetryBook {
  private readonly byKey = new Map<string, ExitFailureState>();

  constructor(private readonly policy: ExitRetryPolicy = DEFAULT_EXIT_RETRY) {}

  /** Whether an automatic attempt may go out now. */
  mayAttempt(key: string, now: number): boolean {
    const s = this.byKey.get(key);
    return s === undefined || (s.circuitOpenedAt === null && now >= s.nextAttemptAt);
  }

  isCircuitOpen(key: string): boolean {
    return this.byKey.get(key)?.circuitOpenedAt != null;
  }

  onFailure(key: string, now: number, reason: string): ExitFailureVerdict {
    const prior = this.byKey.get(key);
    const failures = (prior?.failures ?? 0) + 1;
    const delay = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (failures - 1));
    const opened = prior?.circuitOpenedAt ?? (failures >= this.policy.circuitAfter ? now : null);
    const state: ExitFailureState = {
      failures,
      lastFailureAt: now,
      nextAttemptAt: now + delay,
      lastReason: reason,
      circuitOpenedAt: opened,
    };
    this.byKey.set(key, state);
    return {
      state,
      first: prior === undefined,
      circuitOpened: opened !== null && prior?.circuitOpenedAt == null,
    };
  }

  /** An attempt was accepted by the venue (or the position closed): the streak ends. */
  onSuccess(key: string): void {
    this.byKey.delete(key);
  }

  get(key: string): Readonly<ExitFailureState> | undefined {
    return this.byKey.get(key);
  }

  /** Entries live only while their position is open: the caller forgets closed ones. */
  forget(key: string): void {
    this.byKey.delete(key);
  }

  size(): number {
    return this.byKey.size;
  }
}
