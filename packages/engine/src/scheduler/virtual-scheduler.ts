import type { Clock } from '@aurora/core';
import type { Cancel, Scheduler } from '../ports/scheduler';

interface Timer {
  at: number;
  /** Creation order: timers due at the same instant run in the order they were set. */
  seq: number;
  fn: () => void;
  /** Set for `every`: the period it is re-armed with. */
  period: number | null;
  cancelled: boolean;
}

/**
 * A scheduler on a virtual clock (the backtest's): nothing runs until the clock is advanced, and
 * `advanceTo(t)` runs every timer due up to t synchronously, in time order (ties in the order they
 * were set), each at its own instant — `now()` reads the due time while it runs. Deferred work
 * runs before the next timer, at the current instant. Promise continuations (microtasks) run only
 * after advanceTo returns: a driver that needs them between timers advances in steps.
 */
export class VirtualScheduler implements Scheduler, Clock {
  private t: number;
  private seq = 0;
  private timers: Timer[] = [];
  private deferred: (() => void)[] = [];

  constructor(start = 0) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  every(ms: number, fn: () => void): Cancel {
    // A period below 1 ms would never let the clock move on (Node's timers clamp the same way).
    const period = Math.max(1, ms);
    return this.add(this.t + period, fn, period);
  }

  after(ms: number, fn: () => void): Cancel {
    return this.add(this.t + Math.max(0, ms), fn, null);
  }

  defer(fn: () => void): void {
    this.deferred.push(fn);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  /** Timers armed and not cancelled (for a driver that wants to know whether anything is left). */
  pending(): number {
    return this.timers.filter((x) => !x.cancelled).length + this.deferred.length;
  }

  /** When the next timer is due, or null when none is armed. */
  nextAt(): number | null {
    const next = this.earliest();
    return next ? next.at : null;
  }

  /** Run what is due up to `t` (never backwards), then leave the clock at `t`. */
  advanceTo(t: number): void {
    if (t < this.t) throw new RangeError(`virtual clock cannot go back from ${this.t} to ${t}`);
    for (;;) {
      this.runDeferred();
      const next = this.earliest();
      if (!next || next.at > t) break;
      this.t = next.at;
      if (next.period !== null) {
        next.at += next.period;
        next.seq = this.seq++;
      } else {
        next.cancelled = true;
        this.timers.splice(this.timers.indexOf(next), 1);
      }
      next.fn();
    }
    this.t = t;
    this.runDeferred();
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.t + ms);
  }

  /** Deferred work only, at the current instant (what a turn left behind). */
  runDeferred(): void {
    while (this.deferred.length > 0) {
      const batch = this.deferred;
      this.deferred = [];
      for (const fn of batch) fn();
    }
  }

  private add(at: number, fn: () => void, period: number | null): Cancel {
    const timer: Timer = { at, seq: this.seq++, fn, period, cancelled: false };
    this.timers.push(timer);
    return () => {
      if (timer.cancelled) return;
      timer.cancelled = true;
      const i = this.timers.indexOf(timer);
      if (i >= 0) this.timers.splice(i, 1);
    };
  }

  private earliest(): Timer | null {
    let best: Timer | null = null;
    for (const x of this.timers) if (!best || x.at < best.at || (x.at === best.at && x.seq < best.seq)) best = x;
    return best;
  }
}
