import { silentLogger, type Logger } from './errors';

/** Starts a repeating job and returns how to stop it. Injected so tests drive time exactly. */
export type IntervalScheduler = (run: () => void, everyMs: number) => () => void;

/** Real timers, unref'd so a forgotten sync loop never keeps the process alive. */
export const realIntervalScheduler: IntervalScheduler = (run, everyMs) => {
  const handle = setInterval(run, everyMs);
  handle.unref?.();
  return () => clearInterval(handle);
};

export interface TimeSyncOptions {
  /** GET /api/v3/time → serverTime (ms). */
  fetchServerTime: () => Promise<number>;
  now?: () => number;
  scheduler?: IntervalScheduler;
  /** Default 5 minutes. */
  intervalMs?: number;
  /** Samples per sync; the one with the shortest round trip wins. Default 3. */
  samples?: number;
  logger?: Logger;
}

export interface TimeSyncState {
  offsetMs: number;
  lastSyncAt: number | null;
  lastRoundTripMs: number | null;
}

/**
 * Keeps the offset between Binance's clock and ours. Binance rejects a timestamp more than 1 s
 * ahead of its clock or older than recvWindow (-1021), so signed requests are stamped with
 * `serverNow()`. Offset = serverTime − midpoint of the round trip, from the fastest sample.
 */
export class TimeSync {
  private readonly fetchServerTime: () => Promise<number>;
  private readonly now: () => number;
  private readonly scheduler: IntervalScheduler;
  private readonly intervalMs: number;
  private readonly samples: number;
  private readonly log: Logger;
  private offset = 0;
  private lastSync: number | null = null;
  private lastRtt: number | null = null;
  private cancel: (() => void) | null = null;
  private inFlight: Promise<TimeSyncState> | null = null;

  constructor(opts: TimeSyncOptions) {
    this.fetchServerTime = opts.fetchServerTime;
    this.now = opts.now ?? Date.now;
    this.scheduler = opts.scheduler ?? realIntervalScheduler;
    this.intervalMs = opts.intervalMs ?? 5 * 60_000;
    this.samples = Math.max(1, opts.samples ?? 3);
    this.log = opts.logger ?? silentLogger;
  }

  /** Measure now, then every interval. A failed periodic sync is logged; the old offset stays. */
  async start(): Promise<TimeSyncState> {
    const state = await this.sync();
    if (this.cancel === null) {
      this.cancel = this.scheduler(() => {
        this.sync().catch((err: unknown) =>
          this.log.warn(
            { err: err instanceof Error ? err.message : String(err) },
            'binance: periodic time sync failed',
          ),
        );
      }, this.intervalMs);
    }
    return state;
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  /** Resync now. Concurrent callers (e.g. several -1021s at once) share one measurement. */
  sync(): Promise<TimeSyncState> {
    if (this.inFlight === null) {
      this.inFlight = this.measure().finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  /** Our best estimate of Binance's clock. */
  serverNow(): number {
    return this.now() + this.offset;
  }

  get offsetMs(): number {
    return this.offset;
  }

  get lastSyncAt(): number | null {
    return this.lastSync;
  }

  state(): TimeSyncState {
    return { offsetMs: this.offset, lastSyncAt: this.lastSync, lastRoundTripMs: this.lastRtt };
  }

  private async measure(): Promise<TimeSyncState> {
    let best: { offset: number; rtt: number } | null = null;
    for (let i = 0; i < this.samples; i++) {
      const sent = this.now();
      const serverTime = await this.fetchServerTime();
      const received = this.now();
      const rtt = received - sent;
      const offset = Math.round(serverTime - (sent + received) / 2);
      if (best === null || rtt < best.rtt) best = { offset, rtt };
    }
    // samples >= 1, so best is set.
    const chosen = best as { offset: number; rtt: number };
    this.offset = chosen.offset;
    this.lastRtt = chosen.rtt;
    this.lastSync = this.now();
    return this.state();
  }
}
