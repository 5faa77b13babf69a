import type { Cancel, Scheduler } from '../ports/scheduler';

/** Node's timers keep the process alive unless told otherwise; the kernel's loops must not. */
const unref = (t: unknown): void => (t as { unref?: () => void }).unref?.();

/**
 * The scheduler of live and demo: Node's timers. Intervals and timeouts are unref'd (a bot that
 * is shutting down is not held open by its tick); a sleep is not (something awaits it).
 * The one file of the engine that touches the host's timers.
 */
export class RealScheduler implements Scheduler {
  every(ms: number, fn: () => void): Cancel {
    const t = setInterval(fn, ms);
    unref(t);
    return () => clearInterval(t);
  }

  after(ms: number, fn: () => void): Cancel {
    const t = setTimeout(fn, ms);
    unref(t);
    return () => clearTimeout(t);
  }

  defer(fn: () => void): void {
    setImmediate(fn);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
