import type { DeadManConfig, DeadManDto, NoGoReason } from '@aurora/contracts';
import type { Clock } from '../clock';

export type DeadManTimer = 'HEARTBEAT' | 'MARKET_DATA';

/** What the app must do when the switch fires: pause trading with this no-go reason. */
export interface DeadManFired {
  action: 'PAUSE';
  timer: DeadManTimer;
  firedAt: number;
  noGoReason: NoGoReason;
}

const MINUTE_MS = 60_000;

/**
 * The dead-man switch: trading pauses when the operator stops sending heartbeats, or when
 * market data goes silent. It owns no timer; the app calls `check()` about once a second.
 *
 * - Both timers start at `arm()` (start-up grace): before it, nothing can fire and the
 *   deadlines read null.
 * - A timer fires when `now ≥ last event (or arm time, if later) + timeout`. It fires once;
 *   later checks return null until `reset()`.
 * - Once fired it latches: a heartbeat or market message arriving afterwards does NOT clear
 *   it (the cause may return and vanish again; a human decides). Only `reset()` (resume) does.
 * - `reset()` counts as a heartbeat, since resuming is an operator action, but does not
 *   refresh market data: resuming while the feed is still silent fires again at the next check.
 * - Disabled by config: check() never fires. Re-enabling re-arms at that moment, so an old
 *   heartbeat does not fire the switch the instant it is switched back on.
 */
export class DeadManSwitch {
  private config: DeadManConfig;
  private armedAt: number | null = null;
  private lastHeartbeatAt: number | null = null;
  private lastMarketDataAt: number | null = null;
  private firedTimer: DeadManTimer | null = null;
  private firedAt: number | null = null;

  constructor(
    config: DeadManConfig,
    private readonly clock: Clock,
  ) {
    this.config = config;
  }

  /** Start both timers (start-up grace): deadlines are measured from here at the earliest. */
  arm(now: number = this.clock.now()): void {
    this.armedAt = now;
  }

  heartbeat(now: number = this.clock.now()): void {
    this.lastHeartbeatAt = laterOf(this.lastHeartbeatAt, now);
  }

  marketData(now: number = this.clock.now()): void {
    this.lastMarketDataAt = laterOf(this.lastMarketDataAt, now);
  }

  /** Returns the pause to apply when a timer has just expired; null otherwise (incl. already fired). */
  check(now: number = this.clock.now()): DeadManFired | null {
    if (!this.config.enabled || this.armedAt === null || this.firedTimer !== null) return null;
    const heartbeatDeadline = this.heartbeatDeadline() as number;
    const marketDeadline = this.marketDataDeadline() as number;
    const heartbeatExpired = now >= heartbeatDeadline;
    const marketExpired = now >= marketDeadline;
    if (!heartbeatExpired && !marketExpired) return null;
    // Both overdue (e.g. the process was asleep): report the one that expired first.
    const timer: DeadManTimer =
      heartbeatExpired && (!marketExpired || heartbeatDeadline <= marketDeadline)
        ? 'HEARTBEAT'
        : 'MARKET_DATA';
    this.firedTimer = timer;
    this.firedAt = now;
    return {
      action: 'PAUSE',
      timer,
      firedAt: now,
      noGoReason: { code: 'DEAD_MAN_SWITCH', message: this.message(timer), since: now },
    };
  }

  /** Resume: clear the latch and count as an operator heartbeat. */
  reset(now: number = this.clock.now()): void {
    this.firedTimer = null;
    this.firedAt = null;
    this.heartbeat(now);
  }

  updateConfig(config: DeadManConfig, now: number = this.clock.now()): void {
    const reEnabled = config.enabled && !this.config.enabled;
    this.config = config;
    if (reEnabled && this.armedAt !== null) this.armedAt = now;
  }

  get fired(): DeadManTimer | null {
    return this.firedTimer;
  }

  toDto(): DeadManDto {
    return {
      enabled: this.config.enabled,
      last_heartbeat_at: this.lastHeartbeatAt,
      heartbeat_deadline_at: this.config.enabled ? this.heartbeatDeadline() : null,
      market_data_deadline_at: this.config.enabled ? this.marketDataDeadline() : null,
      fired: this.firedTimer,
      fired_at: this.firedAt,
    };
  }

  private heartbeatDeadline(): number | null {
    return this.deadline(this.lastHeartbeatAt, this.config.heartbeat_timeout_min);
  }

  private marketDataDeadline(): number | null {
    return this.deadline(this.lastMarketDataAt, this.config.market_data_timeout_min);
  }

  private deadline(lastEventAt: number | null, timeoutMin: number): number | null {
    if (this.armedAt === null) return null;
    // Events before arm() do not shorten the start-up grace.
    return laterOf(lastEventAt, this.armedAt) + Math.round(timeoutMin * MINUTE_MS);
  }

  private message(timer: DeadManTimer): string {
    return timer === 'HEARTBEAT'
      ? `no operator heartbeat for ${this.config.heartbeat_timeout_min} min`
      : `no market data for ${this.config.market_data_timeout_min} min`;
  }
}

const laterOf = (a: number | null, b: number): number => (a === null || b > a ? b : a);
