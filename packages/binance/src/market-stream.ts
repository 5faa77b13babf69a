import type { BookTicker, Kline } from '@aurora/core';
import { silentLogger, type Logger } from './errors';
import { GapDetector, type MarketGap } from './gap-detector';
import { parseMarketFrame } from './market-stream-parser';
import { ReconnectingSocket, type BackoffOptions } from './reconnecting-socket';
import type { Venue } from './venue';

export type MarketStreamEvent =
  | { kind: 'kline'; kline: Kline }
  | { kind: 'bookTicker'; ticker: BookTicker }
  | { kind: 'gap'; gap: MarketGap }
  /** After every reconnect: data may have been missed while disconnected. */
  | { kind: 'resynced'; at: number };

export type MarketStreamListener = (event: MarketStreamEvent) => void;

export interface MarketStreamOptions {
  venue: Venue;
  symbols: readonly string[];
  /** Default '1m'. */
  klineInterval?: string;
  logger?: Logger;
  now?: () => number;
  random?: () => number;
  backoff?: Partial<BackoffOptions>;
  heartbeatMs?: number;
  /** Binance cuts stream connections at 24 h; we renew first. Default 23 h 30 min. */
  maxConnectionAgeMs?: number;
}

export interface MarketStreamStats {
  messages: number;
  klines: number;
  bookTickers: number;
  gaps: number;
  malformed: number;
  unknown: number;
  listenerErrors: number;
  reconnects: number;
}

/** Binance allows 1024 streams per connection (web-socket-streams.md, WebSocket Limits). */
const MAX_STREAMS = 1024;

/** Combined stream path for the given symbols: `<sym>@kline_<i>` and `<sym>@bookTicker` each. */
export const combinedStreamPath = (symbols: readonly string[], interval: string): string => {
  const names = symbols.flatMap((s) => {
    const l = s.toLowerCase();
    return [`${l}@kline_${interval}`, `${l}@bookTicker`];
  });
  if (names.length === 0) throw new Error('market stream needs at least one symbol');
  if (names.length > MAX_STREAMS)
    throw new Error(`market stream: ${names.length} streams exceed Binance's ${MAX_STREAMS}`);
  return `/stream?streams=${names.join('/')}`;
};

/**
 * Klines and best bid/ask for a symbol list over one combined-stream connection, with gap
 * detection (kline openTime jumps, bookTicker updateId going backwards) for the data-quality gate.
 */
export class MarketStream {
  private readonly socket: ReconnectingSocket;
  private readonly listeners = new Set<MarketStreamListener>();
  private readonly gaps = new GapDetector();
  private readonly log: Logger;
  private readonly now: () => number;
  private lastMessage: number | null = null;
  private readonly counters = {
    messages: 0,
    klines: 0,
    bookTickers: 0,
    malformed: 0,
    unknown: 0,
    listenerErrors: 0,
  };

  constructor(opts: MarketStreamOptions) {
    this.log = opts.logger ?? silentLogger;
    this.now = opts.now ?? Date.now;
    const url =
      opts.venue.streamUrl.replace(/\/+$/, '') + combinedStreamPath(opts.symbols, opts.klineInterval ?? '1m');
    this.socket = new ReconnectingSocket({
      name: 'market-stream',
      venueKind: opts.venue.kind,
      url: () => url,
      onMessage: (text) => this.onMessage(text),
      onConnected: (reconnect) => {
        if (reconnect) this.emit({ kind: 'resynced', at: this.now() });
      },
      onDisconnected: (reason) => this.log.warn({ reason }, 'binance market stream: disconnected'),
      logger: this.log,
      now: this.now,
      random: opts.random,
      backoff: opts.backoff,
      heartbeatMs: opts.heartbeatMs,
      maxConnectionAgeMs: opts.maxConnectionAgeMs,
    });
  }

  subscribe(listener: MarketStreamListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.socket.start();
  }

  stop(): Promise<void> {
    return this.socket.stop();
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  get lastMessageAt(): number | null {
    return this.lastMessage;
  }

  stats(): MarketStreamStats {
    return { ...this.counters, gaps: this.gaps.count, reconnects: this.socket.reconnectCount };
  }

  private onMessage(text: string): void {
    const now = this.now();
    this.counters.messages++;
    this.lastMessage = now;
    const f = parseMarketFrame(text, now);
    switch (f.kind) {
      case 'kline': {
        this.counters.klines++;
        const gap = this.gaps.onKline(f.kline, now);
        if (gap !== null) this.emit({ kind: 'gap', gap });
        this.emit(f);
        return;
      }
      case 'bookTicker': {
        this.counters.bookTickers++;
        const gap = this.gaps.onBookTicker(f.ticker, now);
        if (gap !== null) this.emit({ kind: 'gap', gap });
        this.emit(f);
        return;
      }
      case 'shutdown':
        this.socket.recycle('serverShutdown');
        return;
      case 'control':
        return;
      case 'bad':
        // A venue sending garbage at tick rate must not flood the log: first ten, then every 1000th.
        if (++this.counters[f.reason] <= 10 || this.counters[f.reason] % 1000 === 0) {
          this.log.warn(
            { reason: f.reason, detail: f.detail, count: this.counters[f.reason] },
            'binance market stream: frame not understood',
          );
        }
        return;
    }
  }

  private emit(event: MarketStreamEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        this.counters.listenerErrors++;
        this.log.warn(
          { kind: event.kind, err: err instanceof Error ? err.message : String(err) },
          'binance market stream: listener threw',
        );
      }
    }
  }
}
