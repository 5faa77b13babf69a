import { Dec } from '@aurora/core';
import WebSocket from 'ws';
import type { SimExchange, UpstreamTrade } from '../engine/exchange';
import type { MirrorMode } from '../engine/feeds/mirror-feed';

/** What the mirror does when its upstream cannot be reached. */
export type MirrorFallback = 'none' | 'synthetic';

export interface MirrorOptions {
  /** Base of Binance's market streams, e.g. wss://data-stream.binance.vision:443. */
  url: string;
  fallback?: MirrorFallback; // default 'none': the market halts, loudly
  /** Reconnect backoff: first delay and cap (defaults 1 s and 30 s). */
  reconnectMs?: number;
  maxReconnectMs?: number;
  /** An open socket that says nothing for this long is dead (default 60 s; Binance pings every 20 s). */
  silenceMs?: number;
}

export interface MirrorStatus {
  url: string;
  /** connecting: not yet heard from; live: socket open; down: unreachable, retrying. */
  upstream: 'connecting' | 'live' | 'down';
  /** What the market does meanwhile (engine MirrorMode). */
  market: MirrorMode;
  fallback: MirrorFallback;
  /** When `upstream` last changed. */
  since: number;
  lastTradeAt: number | null;
  trades: number;
  badFrames: number;
  reconnects: number;
  /** Why the upstream is down (last socket error or close), null while live. */
  error: string | null;
}

const MAX_PENDING = 10_000;
const DECIMAL = /^[0-9]{1,20}(\.[0-9]{1,20})?$/;

/**
 * The mirror's network half: one combined-stream connection to Binance's public market streams
 * (`/stream?streams=<s>@trade/...`, the form every Binance stream host accepts), parsed trades
 * pushed into the pure engine in batches, reconnects with capped backoff, and the engine told
 * to halt or fall back the moment the upstream is gone. No keys: public market data only.
 */
export class MirrorUpstream {
  private ws: WebSocket | null = null;
  private stopped = true;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private silenceTimer: NodeJS.Timeout | null = null;
  private lastFrameAt = 0;
  private pending: UpstreamTrade[] = [];
  private flushScheduled = false;
  private readonly st: MirrorStatus;
  private readonly streamUrl: string;
  private readonly listeners = new Set<(s: MirrorStatus) => void>();

  constructor(
    private readonly exchange: SimExchange,
    private readonly opts: MirrorOptions,
    private readonly now: () => number,
  ) {
    const base = opts.url.replace(/\/+$/, '');
    const streams = exchange.symbols.map((s) => `${s.toLowerCase()}@trade`).join('/');
    this.streamUrl = `${base}/stream?streams=${streams}`;
    this.st = {
      url: base,
      upstream: 'connecting',
      market: exchange.mirrorMode ?? 'mirroring',
      fallback: opts.fallback ?? 'none',
      since: now(),
      lastTradeAt: null,
      trades: 0,
      badFrames: 0,
      reconnects: 0,
      error: null,
    };
  }

  status(): MirrorStatus {
    return { ...this.st, market: this.exchange.mirrorMode ?? this.st.market };
  }

  /** Called on every change of `upstream` or of the market's mode (not on each trade). */
  onChange(listener: (s: MirrorStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const s = this.status();
    for (const l of this.listeners) {
      try {
        l(s);
      } catch {
        // A listener's failure must not break the mirror.
      }
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const silenceMs = this.opts.silenceMs ?? 60_000;
    this.silenceTimer = setInterval(
      () => {
        if (this.ws?.readyState === WebSocket.OPEN && Date.now() - this.lastFrameAt > silenceMs)
          this.ws.terminate();
      },
      Math.max(50, silenceMs / 4),
    );
    this.silenceTimer.unref();
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.silenceTimer) clearInterval(this.silenceTimer);
    this.reconnectTimer = null;
    this.silenceTimer = null;
    this.ws?.terminate();
    this.ws = null;
  }

  private connect(): void {
    if (this.stopped) return;
    const ws = new WebSocket(this.streamUrl, { handshakeTimeout: 10_000, perMessageDeflate: false });
    this.ws = ws;
    let lastError: string | null = null;
    ws.on('open', () => {
      this.attempt = 0;
      this.lastFrameAt = Date.now();
      this.exchange.setMirrorMode('mirroring');
      this.setUpstream('live', null);
    });
    ws.on('ping', () => (this.lastFrameAt = Date.now()));
    ws.on('message', (data, isBinary) => {
      this.lastFrameAt = Date.now();
      if (!isBinary) this.onFrame(data.toString());
    });
    ws.on('error', (err) => (lastError = err.message));
    ws.on('close', (code, reason) => {
      if (this.ws === ws) this.ws = null;
      if (this.stopped) return;
      this.goDown(
        lastError ?? `upstream closed the stream (${code}${reason.length ? ` ${reason.toString()}` : ''})`,
      );
      this.scheduleReconnect();
    });
  }

  private goDown(error: string): void {
    this.flush();
    const mode: MirrorMode = this.st.fallback === 'synthetic' ? 'synthetic' : 'halted';
    if (this.exchange.mirrorMode !== mode) this.exchange.setMirrorMode(mode);
    this.setUpstream('down', error);
  }

  private setUpstream(state: MirrorStatus['upstream'], error: string | null): void {
    if (this.st.upstream !== state) this.st.since = this.now();
    this.st.upstream = state;
    this.st.error = error;
    this.emit();
  }

  private scheduleReconnect(): void {
    const first = this.opts.reconnectMs ?? 1_000;
    const cap = this.opts.maxReconnectMs ?? 30_000;
    const delay = Math.min(cap, first * 2 ** this.attempt);
    this.attempt++;
    this.st.reconnects++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }

  /** One combined-stream frame; anything we cannot read is counted and dropped, never thrown. */
  private onFrame(text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.st.badFrames++;
      return;
    }
    const data = (msg as { data?: unknown } | null)?.data ?? msg;
    const d = data as Record<string, unknown> | null;
    if (d === null || typeof d !== 'object') return void this.st.badFrames++;
    // A SUBSCRIBE answer or another control message: not market data.
    if ('result' in d && 'id' in d) return;
    if (d.e === 'serverShutdown') return void this.ws?.terminate();
    if (d.e !== 'trade') return void this.st.badFrames++;
    const { s, p, q, m } = d;
    if (typeof s !== 'string' || typeof p !== 'string' || typeof q !== 'string' || typeof m !== 'boolean')
      return void this.st.badFrames++;
    if (!DECIMAL.test(p) || !DECIMAL.test(q)) return void this.st.badFrames++;
    if (this.pending.length >= MAX_PENDING) this.pending.shift();
    this.pending.push({ symbol: s, price: new Dec(p), qty: new Dec(q), buyerIsMaker: m });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // All frames of one I/O turn go into the engine as one publication.
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const applied = this.exchange.mirrorTrades(batch);
    if (applied > 0) {
      this.st.trades += applied;
      this.st.lastTradeAt = this.now();
    }
  }
}
