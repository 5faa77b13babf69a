import type { UserStreamEvent } from '@aurora/core';
import { BinanceCode, silentLogger, type Logger } from './errors';
import type { Credentials } from './http-transport';
import { ReconnectingSocket, type BackoffOptions } from './reconnecting-socket';
import { parseUserEvent } from './user-stream-parser';
import { signWsApiParams } from './signing';
import type { Venue } from './venue';
import { WsApiError, WsApiRequester } from './ws-api-requester';

/** What the user stream needs from the REST client (clock, and listenKeys for the fallback). */
export interface UserStreamRest {
  timeSync: { serverNow(): number; sync(): Promise<unknown> };
  createListenKey(): Promise<string>;
  keepAliveListenKey(listenKey: string): Promise<void>;
}

export interface UserStreamOptions {
  venue: Venue;
  credentials: Credentials;
  rest: UserStreamRest;
  /**
   * 'ws-api' (default): WebSocket API subscription. 'listen-key': our simulator only — Binance
   * retired the listenKey endpoints on 2026-02-20 (production and testnet), so any other venue
   * refuses this mode at construction.
   */
  mode?: 'ws-api' | 'listen-key';
  /** 'signature' (default, any key type) or 'logon' (session.logon, Ed25519 on Binance). */
  wsApiAuth?: 'signature' | 'logon';
  logger?: Logger;
  now?: () => number;
  random?: () => number;
  backoff?: Partial<BackoffOptions>;
  heartbeatMs?: number;
  maxConnectionAgeMs?: number;
  /** WS-API request timeout. Default 10 s. */
  requestTimeoutMs?: number;
  /** listenKey keepalive period. Default 30 min (a key expires after 60 min without one). */
  keepAliveMs?: number;
}

export interface UserStreamStats {
  received: number;
  events: number;
  unknown: number;
  malformed: number;
  ignored: number;
  listenerErrors: number;
  reconnects: number;
}

export type UserStreamListener = (event: UserStreamEvent) => void;

/** A user-stream mode the venue does not offer (listenKeys on a Binance venue). */
export class UnsupportedUserStreamMode extends Error {
  constructor(readonly venueKind: string) {
    super(`listenKey user streams are retired on Binance; venue '${venueKind}' must use mode 'ws-api'`);
    this.name = 'UnsupportedUserStreamMode';
  }
}

/**
 * Account events for one API key, as core UserStreamEvents. After every reconnect it emits
 * `resynced`: events may have been missed, and the reconciler must look at the exchange.
 */
export class UserStream {
  private readonly socket: ReconnectingSocket;
  private readonly listeners = new Set<UserStreamListener>();
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly ws: WsApiRequester;
  private readonly mode: 'ws-api' | 'listen-key';
  private subscriptionId: number | null = null;
  private listenKey: string | null = null;
  private keepAliveTimer: NodeJS.Timeout | null = null;
  private lastEvent: number | null = null;
  private readonly counters: Omit<UserStreamStats, 'reconnects'> = {
    received: 0,
    events: 0,
    unknown: 0,
    malformed: 0,
    ignored: 0,
    listenerErrors: 0,
  };

  constructor(private readonly opts: UserStreamOptions) {
    this.log = opts.logger ?? silentLogger;
    this.now = opts.now ?? Date.now;
    this.mode = opts.mode ?? 'ws-api';
    if (this.mode === 'listen-key' && opts.venue.kind !== 'sim')
      throw new UnsupportedUserStreamMode(opts.venue.kind);
    this.ws = new WsApiRequester(opts.requestTimeoutMs ?? 10_000);
    const streamBase = opts.venue.streamUrl.replace(/\/+$/, '');
    this.socket = new ReconnectingSocket({
      name: `user-stream(${this.mode})`,
      venueKind: opts.venue.kind,
      url:
        this.mode === 'ws-api'
          ? () => opts.venue.wsApiUrl
          : async () => `${streamBase}/ws/${await this.freshListenKey()}`,
      onOpen: (send) => this.onOpen(send),
      onMessage: (text) => this.onMessage(text),
      onConnected: (reconnect) => {
        if (reconnect) this.emit({ kind: 'resynced', at: this.now() });
      },
      onDisconnected: (reason) => {
        this.ws.failAll(new Error(`connection lost: ${reason}`));
        this.log.warn({ reason }, 'binance user stream: disconnected');
      },
      logger: this.log,
      now: this.now,
      random: opts.random,
      backoff: opts.backoff,
      heartbeatMs: opts.heartbeatMs,
      maxConnectionAgeMs: opts.maxConnectionAgeMs,
    });
  }

  onEvent(listener: UserStreamListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.socket.start();
    if (this.mode === 'listen-key' && this.keepAliveTimer === null) {
      this.keepAliveTimer = setInterval(() => void this.keepAlive(), this.opts.keepAliveMs ?? 30 * 60_000);
      this.keepAliveTimer.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.keepAliveTimer !== null) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = null;
    this.ws.failAll(new Error('user stream stopped'));
    await this.socket.stop();
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  get lastEventAt(): number | null {
    return this.lastEvent;
  }

  stats(): UserStreamStats {
    return { ...this.counters, reconnects: this.socket.reconnectCount };
  }

  private async onOpen(send: (text: string) => void): Promise<void> {
    // A subscription id belongs to one connection; the new one gets its own.
    this.subscriptionId = null;
    if (this.mode === 'listen-key') return;
    const { apiKey, signer } = this.opts.credentials;
    const signed = () =>
      signWsApiParams({ apiKey, timestamp: Math.round(this.opts.rest.timeSync.serverNow()) }, signer);
    try {
      if (this.opts.wsApiAuth === 'logon') {
        await this.ws.request(send, 'session.logon', signed());
        const r = await this.ws.request(send, 'userDataStream.subscribe');
        this.subscriptionId = readSubscriptionId(r);
      } else {
        const r = await this.ws.request(send, 'userDataStream.subscribe.signature', signed());
        this.subscriptionId = readSubscriptionId(r);
      }
    } catch (err) {
      // A -1021 means our clock drifted: resync so the next connection attempt signs correctly.
      if (err instanceof WsApiError && err.code === BinanceCode.INVALID_TIMESTAMP)
        await this.opts.rest.timeSync.sync();
      throw err;
    }
  }

  private onMessage(text: string): void {
    this.counters.received++;
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      this.countBad('malformed', null, 'frame is not JSON');
      return;
    }
    if (frame === null || typeof frame !== 'object') {
      this.countBad('malformed', null, 'frame is not an object');
      return;
    }
    if (this.mode === 'ws-api') {
      if ('id' in frame && 'status' in frame) {
        this.ws.settle(frame);
        return;
      }
      const sub = (frame as { subscriptionId?: unknown }).subscriptionId;
      if (sub !== undefined && this.subscriptionId !== null && sub !== this.subscriptionId) {
        this.countBad('unknown', null, `event for foreign subscription ${String(sub)}`);
        return;
      }
      this.handleEvent((frame as { event?: unknown }).event);
    } else {
      this.handleEvent(frame);
    }
  }

  private handleEvent(payload: unknown): void {
    const r = parseUserEvent(payload);
    if (r.ok === true) {
      this.counters.events++;
      this.lastEvent = this.now();
      this.emit(r.event);
      // The subscription is gone (unsubscribe/logout/expiry): a new connection resubscribes.
      if (r.event.kind === 'eventStreamTerminated') this.socket.recycle('eventStreamTerminated');
    } else if (r.ok === 'shutdown') {
      this.socket.recycle('serverShutdown');
    } else if (r.ok === 'ignored') {
      this.counters.ignored++;
    } else {
      this.countBad(r.reason, r.type, r.detail);
    }
  }

  private countBad(reason: 'unknown' | 'malformed', type: string | null, detail: string): void {
    // Every one is counted; the log gets the first ten and then every 100th, so garbage cannot flood it.
    const n = ++this.counters[reason];
    if (n <= 10 || n % 100 === 0)
      this.log.warn({ reason, type, detail, count: n }, 'binance user stream: event not understood');
  }

  private emit(event: UserStreamEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        this.counters.listenerErrors++;
        this.log.warn(
          { kind: event.kind, err: err instanceof Error ? err.message : String(err) },
          'binance user stream: listener threw',
        );
      }
    }
  }

  private async freshListenKey(): Promise<string> {
    this.listenKey = await this.opts.rest.createListenKey();
    return this.listenKey;
  }

  private async keepAlive(): Promise<void> {
    const key = this.listenKey;
    if (key === null) return;
    try {
      await this.opts.rest.keepAliveListenKey(key);
    } catch (err) {
      this.log.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'binance user stream: listenKey keepalive failed',
      );
      // The key may be gone (-1125): a new connection fetches a new one.
      this.socket.recycle('listenKey keepalive failed');
    }
  }
}

const readSubscriptionId = (result: unknown): number | null => {
  const id = (result as { subscriptionId?: unknown } | null)?.subscriptionId;
  return typeof id === 'number' ? id : null;
};
