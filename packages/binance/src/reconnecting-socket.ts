import WebSocket from 'ws';
import type { VenueKind } from '@aurora/contracts';
import { silentLogger, type Logger } from './errors';
import { assertUrlAllowed } from './venue';

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** ± share of the delay drawn at random, so many clients do not reconnect in lockstep. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.2 };

/** Exponential backoff with jitter; attempt 0 is the first retry. */
export const backoffDelay = (attempt: number, b: BackoffOptions, random: () => number): number => {
  const base = Math.min(b.maxMs, b.initialMs * Math.pow(b.factor, attempt));
  return Math.max(0, Math.round(base * (1 - b.jitter + 2 * b.jitter * random())));
};

export interface ReconnectingSocketOptions {
  /** For logs only. */
  name: string;
  venueKind: VenueKind;
  /** Resolved before each connection (a listenKey URL can change between connections). */
  url: () => string | Promise<string>;
  /** Runs once the socket is open, e.g. to subscribe. Throwing drops the connection and retries. */
  onOpen?: (send: (text: string) => void) => Promise<void>;
  onMessage: (text: string) => void;
  /** After onOpen succeeded. `reconnect` is false only for the very first connection. */
  onConnected?: (reconnect: boolean) => void;
  onDisconnected?: (reason: string) => void;
  logger?: Logger;
  backoff?: Partial<BackoffOptions>;
  random?: () => number;
  /** Silence longer than this triggers our own ping; twice this, the socket is dropped. Default 30 s. */
  heartbeatMs?: number;
  /** Reconnect proactively before Binance's 24 h cut. Default 23 h 30 min. */
  maxConnectionAgeMs?: number;
  handshakeTimeoutMs?: number;
  now?: () => number;
}

/**
 * A WebSocket that stays connected: answers pings (ws does this for us), pings on silence,
 * reconnects with backoff and jitter, and renews itself before the 24 h limit. Every connect
 * re-checks the URL against the venue's host allowlist.
 */
export class ReconnectingSocket {
  private ws: WebSocket | null = null;
  private stopped = true;
  private everConnected = false;
  private isOpen = false;
  private attempt = 0;
  private lastFrameAt = 0;
  private openedAt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private readonly backoff: BackoffOptions;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly heartbeatMs: number;
  private readonly maxAgeMs: number;
  private reconnects = 0;

  constructor(private readonly opts: ReconnectingSocketOptions) {
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    this.log = opts.logger ?? silentLogger;
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.heartbeatMs = opts.heartbeatMs ?? 30_000;
    this.maxAgeMs = opts.maxConnectionAgeMs ?? 23.5 * 3_600_000;
  }

  get connected(): boolean {
    return this.isOpen;
  }

  /** Completed reconnections (not counting the first connection). */
  get reconnectCount(): number {
    return this.reconnects;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    this.isOpen = false;
    if (ws === null || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(1000);
      // A peer that never completes the closing handshake must not hang shutdown.
      setTimeout(() => {
        ws.terminate();
        resolve();
      }, 1_000).unref();
    });
  }

  /** Drop the current connection and reconnect (e.g. on serverShutdown or a stream-level error). */
  recycle(reason: string): void {
    const ws = this.ws;
    if (ws === null) return;
    this.log.warn({ socket: this.opts.name, reason }, 'binance ws: recycling connection');
    ws.terminate();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let url: string;
    try {
      url = await this.opts.url();
      assertUrlAllowed(this.opts.venueKind, url);
    } catch (err) {
      this.log.warn({ socket: this.opts.name, err: errText(err) }, 'binance ws: cannot resolve url');
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) return;
    const ws = new WebSocket(url, {
      handshakeTimeout: this.opts.handshakeTimeoutMs ?? 10_000,
      perMessageDeflate: false,
    });
    this.ws = ws;
    this.lastFrameAt = this.now();
    ws.on('message', (data, isBinary) => {
      this.lastFrameAt = this.now();
      // Binance sends JSON in text frames; binary frames are SBE, which we do not request.
      if (isBinary) return;
      this.opts.onMessage(Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString());
    });
    ws.on('ping', () => {
      this.lastFrameAt = this.now();
    });
    ws.on('pong', () => {
      this.lastFrameAt = this.now();
    });
    ws.on('error', (err) => {
      this.log.warn({ socket: this.opts.name, err: errText(err) }, 'binance ws: socket error');
    });
    ws.on('close', (code) => {
      if (this.ws !== ws) return;
      this.ws = null;
      const wasOpen = this.isOpen;
      this.isOpen = false;
      this.clearTimers();
      if (wasOpen) this.opts.onDisconnected?.(`closed with code ${code}`);
      this.scheduleReconnect();
    });
    ws.on('open', () => {
      this.openedAt = this.now();
      const send = (text: string) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(text);
      };
      const ready = this.opts.onOpen ? this.opts.onOpen(send) : Promise.resolve();
      ready.then(
        () => {
          if (this.ws !== ws || this.stopped) return;
          const reconnect = this.everConnected;
          this.everConnected = true;
          this.isOpen = true;
          this.attempt = 0;
          if (reconnect) this.reconnects++;
          this.startHeartbeat(ws);
          this.opts.onConnected?.(reconnect);
        },
        (err: unknown) => {
          this.log.warn({ socket: this.opts.name, err: errText(err) }, 'binance ws: setup after open failed');
          ws.terminate();
        },
      );
    });
  }

  private startHeartbeat(ws: WebSocket): void {
    const tick = Math.max(50, Math.floor(this.heartbeatMs / 2));
    this.heartbeatTimer = setInterval(() => {
      const now = this.now();
      const silentFor = now - this.lastFrameAt;
      if (now - this.openedAt > this.maxAgeMs) {
        this.log.warn({ socket: this.opts.name }, 'binance ws: renewing connection before the 24 h limit');
        ws.terminate();
      } else if (silentFor > 2 * this.heartbeatMs) {
        this.log.warn(
          { socket: this.opts.name, silent_ms: silentFor },
          'binance ws: no frames, dropping connection',
        );
        ws.terminate();
      } else if (silentFor > this.heartbeatMs && ws.readyState === WebSocket.OPEN) {
        ws.ping();
      }
    }, tick);
    this.heartbeatTimer.unref();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer !== null) return;
    const delay = backoffDelay(this.attempt++, this.backoff, this.random);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
  }

  private clearTimers(): void {
    if (this.heartbeatTimer !== null) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    if (this.reconnectTimer !== null && this.stopped) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    }
  }
}

const errText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
