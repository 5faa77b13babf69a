import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { BookConfig } from '../engine/book';
import { SimExchange } from '../engine/exchange';
import { VenueBehaviour, type BehaviourProfile, type BehaviourUpdate } from '../behaviour';
import { FaultInjector } from '../faults';
import { handleAdmin } from './admin';
import { ApiGate, ErrorCounts } from './api-gate';
import { ListenKeyRegistry, randomBase62 } from './listen-keys';
import { isLoopbackAddress, isLoopbackHost } from './loopback';
import { MarketStreamHub } from './market-streams';
import { MirrorUpstream, type MirrorOptions, type MirrorStatus } from './mirror-upstream';
import {
  DEFAULT_RATE_LIMIT_CONFIG,
  declaredRateLimits,
  RateLimiter,
  type RateLimitConfig,
} from './rate-limiter';
import { loadReplayDir } from './replay-loader';
import { handleRest } from './rest-handler';
import { UserHub } from './user-hub';
import { WsApiSession } from './ws-api';

export interface SimServerOptions {
  host?: string; // default '127.0.0.1' (refuse anything not loopback)
  port?: number; // default 0 (ephemeral)
  seed?: number; // default 42
  symbols?: string[]; // default ['BTCUSDT','ETHUSDT','BNBUSDT']
  feed?:
    | { kind: 'synthetic'; tickMs?: number /* default 1000 */ }
    | { kind: 'replay'; dir: string; speed?: number }
    /** Follow Binance's public market streams at `url`; see MirrorOptions (fallback, reconnects). */
    | ({ kind: 'mirror'; tickMs?: number } & MirrorOptions);
  historyCandles?: number; // 1m klines pre-generated before "now" so clients can warm up (default 500)
  commissionRate?: string; // default '0.001'
  clock?: { now(): number }; // default real time
  /** Limits declared in exchangeInfo and enforced (defaults: Binance's 6000 weight/min, …). */
  rateLimits?: Partial<RateLimitConfig>;
  /** Synthetic liquidity: levels, spread and level spacing in bps, depth factor. */
  book?: Partial<BookConfig>;
  /** WebSocket keepalive: server ping interval (default 20 s) and pong deadline (default 60 s). */
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  /** Market time per wall-clock time (default 1); pass a clock that runs at the same scale. */
  timeScale?: number;
  /**
   * The venue's manners: 'polite' (default: stream before answer, queries see every order at
   * once, one order-id counter) or 'realistic' (Binance's races, query lag, per-symbol ids).
   */
  profile?: BehaviourProfile;
  /** Individual behaviour settings, applied over the profile (same fields as /sim/v1/behaviour). */
  behaviour?: Omit<BehaviourUpdate, 'profile'>;
  /**
   * A matching engine to serve instead of a new one: a venue that restarts with its state kept
   * (accounts, orders, trades, balances and prices carry over). Its clock and market options are
   * the engine's own — seed, symbols, feed, clock, book and commission here are ignored — and
   * clock-skew faults of this server do not reach it.
   */
  exchange?: SimExchange;
}

export interface SimServer {
  port: number;
  restUrl: string; // http://127.0.0.1:PORT  (REST at /api/v3/*)
  wsApiUrl: string; // ws://127.0.0.1:PORT/ws-api/v3
  streamUrl: string; // ws://127.0.0.1:PORT   (/ws/<stream>, /stream?streams=a/b)
  adminUrl: string; // http://127.0.0.1:PORT/sim/v1
  exchange: SimExchange; // the in-process matching engine (library use)
  createAccount(
    balances?: Record<string, string>,
    opts?: { bnbBurn?: boolean },
  ): { apiKey: string; apiSecret: string };
  faults: FaultInjector; // same operations as the admin API, in-process
  behaviour: VenueBehaviour; // same as /sim/v1/behaviour, in-process
  /** The mirror's upstream state, when the feed is a mirror (null otherwise). */
  mirrorStatus(): MirrorStatus | null;
  /**
   * Test and replay use: the market streams carry only what the returned function publishes
   * (Binance stream payloads under their stream names), no longer the engine's own events.
   */
  driveMarketStreams(): (stream: string, data: Record<string, unknown>) => void;
  /** User-data events handed to subscribers, and those still held back by the race delays. */
  userEvents(): { delivered: number; pending: number };
  /** Told on every change of the mirror's upstream or market mode; returns the unsubscribe. */
  onMirrorChange(listener: (s: MirrorStatus) => void): () => void;
  close(): Promise<void>;
}

export class SimConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimConfigError';
  }
}

/** Starts the Binance-compatible simulator on a loopback port. */
export async function startSimServer(opts: SimServerOptions = {}): Promise<SimServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new SimConfigError(`the simulator binds loopback only, not ${host}`);
  if (opts.timeScale !== undefined && !(opts.timeScale >= 1 && opts.timeScale <= 1000))
    throw new SimConfigError(`timeScale must be between 1 and 1000, not ${opts.timeScale}`);
  const baseClock = opts.clock ?? { now: () => Date.now() };
  const faults = new FaultInjector();
  const seed = opts.seed ?? 42;
  const behaviour = new VenueBehaviour(seed);
  // Clock skew shifts everything the venue says about time, as a drifting exchange clock would.
  const now = () => baseClock.now() + faults.clockSkewMs;
  const feed = opts.feed ?? { kind: 'synthetic' };
  if (feed.kind === 'mirror' && !/^wss?:\/\/[^/]/.test(feed.url))
    throw new SimConfigError(`the mirror's upstream must be a ws:// or wss:// URL, not ${feed.url}`);
  const exchange =
    opts.exchange ??
    new SimExchange({
      seed,
      symbols: opts.symbols,
      clock: { now },
      historyCandles: opts.historyCandles,
      commissionRate: opts.commissionRate,
      book: opts.book,
      feed:
        feed.kind === 'replay'
          ? { kind: 'replay', candles: loadReplayDir(feed.dir), speed: feed.speed }
          : feed.kind === 'mirror'
            ? { kind: 'mirror', tickMs: feed.tickMs }
            : feed,
    });
  const mirror = feed.kind === 'mirror' ? new MirrorUpstream(exchange, feed, now) : null;
  const listenKeys = new ListenKeyRegistry(now);
  const detachBehaviour = behaviour.onChange((b) => {
    exchange.setOrderIdScope(b.orderIdScope);
    // Retiring listenKeys ends the streams of keys handed out before, as Binance's cut-over did.
    if (b.listenKeyRetired) listenKeys.closeAll();
  });
  behaviour.set({ profile: opts.profile ?? 'polite', ...opts.behaviour });
  const limiter = new RateLimiter({ ...DEFAULT_RATE_LIMIT_CONFIG, ...opts.rateLimits });
  exchange.rateLimits = declaredRateLimits(limiter.config);
  const users = new UserHub(exchange, behaviour, () => faults.stallUserStream);
  const errors = new ErrorCounts();
  const gate = new ApiGate({ exchange, limiter, faults, listenKeys, errors, behaviour, now });
  const streams = new MarketStreamHub(exchange, listenKeys, users);
  const held = new Set<ServerResponse>();
  const createAccount = (balances?: Record<string, string>, o: { bnbBurn?: boolean } = {}) => {
    const a = exchange.createAccount({
      balances,
      apiKey: randomBase62(64),
      apiSecret: randomBase62(64),
      bnbBurn: o.bnbBurn,
    });
    return { apiKey: a.apiKey, apiSecret: a.apiSecret };
  };

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/sim/v1/') || url === '/sim/v1') {
      void handleAdmin(req, res, { exchange, faults, behaviour, limiter, errors, createAccount, now });
    } else {
      void handleRest(req, res, { gate, limiter, faults, behaviour, now, held });
    }
  });
  const apiWss = new WebSocketServer({ noServer: true });
  const streamWss = new WebSocketServer({ noServer: true });
  const lastPong = new WeakMap<WebSocket, number>();
  const track = (ws: WebSocket) => {
    lastPong.set(ws, Date.now());
    ws.on('pong', () => lastPong.set(ws, Date.now()));
  };

  server.on('upgrade', (req, socket, head) => {
    const ip = req.socket.remoteAddress;
    const url = new URL(req.url ?? '/', 'http://loopback');
    if (!isLoopbackAddress(ip)) return socket.destroy();
    if (url.pathname === '/ws-api/v3') {
      apiWss.handleUpgrade(req, socket, head, (ws) => {
        track(ws);
        new WsApiSession(ws, ip!, url.searchParams.get('returnRateLimits') !== 'false', {
          gate,
          limiter,
          faults,
          exchange,
          users,
          behaviour,
          now,
        });
      });
    } else if (url.pathname === '/ws' || url.pathname.startsWith('/ws/') || url.pathname === '/stream') {
      if (faults.marketStreamsDown) {
        socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      streamWss.handleUpgrade(req, socket, head, (ws) => {
        track(ws);
        const refusal = streams.attach(ws, url.pathname, url.searchParams);
        if (refusal) ws.close(1008, refusal);
      });
    } else {
      socket.destroy();
    }
  });

  const dropAll = () => {
    for (const ws of apiWss.clients) ws.terminate();
    streams.dropAll();
  };
  const detachDrop = faults.onDropStreams(dropAll);
  const detachMarketDown = faults.onMarketStreamsDown(() => streams.dropAll());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  mirror?.start();

  const tickMs = exchange.tickMs;
  // timeScale > 1 runs the market faster than the wall clock (backtests): each feed tick still
  // advances tickMs of market time, but fires every tickMs / timeScale real milliseconds. The
  // caller's clock must run at the same scale.
  const timeScale = opts.timeScale ?? 1;
  const feedTimer = tickMs > 0 ? setInterval(() => exchange.tick(), Math.max(1, tickMs / timeScale)) : null;
  const pingIntervalMs = opts.pingIntervalMs ?? 20_000;
  const pongTimeoutMs = opts.pongTimeoutMs ?? 60_000;
  const pingTimer = setInterval(() => {
    listenKeys.sweep();
    const t = Date.now();
    for (const ws of [...apiWss.clients, ...streamWss.clients]) {
      if (t - (lastPong.get(ws) ?? t) > pongTimeoutMs) ws.terminate();
      else ws.ping();
    }
  }, pingIntervalMs);

  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  let closed = false;
  return {
    port,
    restUrl: `http://${hostInUrl}:${port}`,
    wsApiUrl: `ws://${hostInUrl}:${port}/ws-api/v3`,
    streamUrl: `ws://${hostInUrl}:${port}`,
    adminUrl: `http://${hostInUrl}:${port}/sim/v1`,
    exchange,
    createAccount,
    faults,
    behaviour,
    driveMarketStreams: () => streams.drive(),
    userEvents: () => ({ delivered: users.delivered, pending: users.pending() }),
    mirrorStatus: () => mirror?.status() ?? null,
    onMirrorChange: (listener) => mirror?.onChange(listener) ?? (() => undefined),
    async close() {
      if (closed) return;
      closed = true;
      mirror?.stop();
      detachBehaviour();
      if (feedTimer) clearInterval(feedTimer);
      clearInterval(pingTimer);
      detachDrop();
      detachMarketDown();
      const shutdown = JSON.stringify({ event: { e: 'serverShutdown', E: now() } });
      for (const ws of apiWss.clients) {
        if (ws.readyState === ws.OPEN) ws.send(shutdown);
        ws.terminate();
      }
      streams.shutdown(now());
      users.close();
      for (const res of held) res.socket?.destroy();
      held.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
