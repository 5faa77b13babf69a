/**
 * Time-driven work of the kernel (the 1 s tick, the reconcile interval, batched writes, retry
 * back-off). Live wires it to Node's timers; the backtest to a virtual scheduler that runs what
 * is due, synchronously, as its clock is advanced — so a year of candles needs no wall time.
 */
export interface Scheduler {
  every(ms: number, fn: () => void): Cancel;
  after(ms: number, fn: () => void): Cancel;
  /** After the current turn: for batching (decisions are written after the turn that made them). */
  defer(fn: () => void): void;
  sleep(ms: number): Promise<void>;
}

export type Cancel = () => void;
