import type { WebSocket } from 'ws';
import type { SimExchange } from '../engine/exchange';
import type { MarketEventEnvelope } from '../engine/events';
import type { ListenKeyRegistry } from './listen-keys';
import {
  controlError,
  parseControl,
  type ControlErrorAnswer,
  type ControlRequest,
} from './streams/control-request';
import { InboundMessageLimit, TOO_MANY_REQUESTS } from './streams/inbound-limit';
import { parseStreamName } from './streams/stream-names';
import { TimedStreams } from './streams/timed-streams';
import { inMicroseconds, parseTimeUnit, type TimeUnit } from './streams/time-unit';
import type { UserHub } from './user-hub';

/** Binance: a single connection can listen to at most 1024 streams. */
export const MAX_STREAMS_PER_CONNECTION = 1024;

interface Connection {
  ws: WebSocket;
  combined: boolean;
  timeUnit: TimeUnit;
  streams: Set<string>;
  /** listenKey → unsubscribe from the account's user events. */
  userStreams: Map<string, () => void>;
}

/** Why a connection is refused at once (closed 1008 with this reason). */
export type StreamRefusal = 'Invalid timeUnit' | 'Too many subscriptions';

/**
 * Market streams at /ws[/<name>…] (raw payloads) and /stream[?streams=a/b] (wrapped as
 * {"stream","data"}), live SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS / SET_PROPERTY /
 * GET_PROPERTY, and listenKey user-data streams on the same endpoints. Rules and answers follow
 * web-socket-streams.md; see README "Market streams".
 */
export class MarketStreamHub {
  private readonly connections = new Set<Connection>();
  private readonly index = new Map<string, Set<Connection>>();
  private readonly symbols: ReadonlyMap<string, string>;
  private readonly timed: TimedStreams;
  private readonly timer: ReturnType<typeof setInterval>;
  private detach: () => void;

  constructor(
    private readonly exchange: SimExchange,
    private readonly listenKeys: ListenKeyRegistry,
    private readonly users: UserHub,
  ) {
    this.symbols = new Map(exchange.symbols.map((s) => [s.toLowerCase(), s]));
    this.detach = exchange.onMarketEvent((e) => this.onMarketEvent(e));
    listenKeys.onClosed((key, reason) => this.endUserStream(key, reason));
    this.timed = new TimedStreams(exchange, this, this.symbols);
    this.timer = setInterval(() => this.timed.tick(), 1000);
    this.timer.unref();
  }

  /**
   * Accepts a connection for `path` (/ws/… or /stream) and its query. A path segment or listed
   * name that is not a stream name subscribes nothing (Binance accepts /ws/0 and waits for
   * SUBSCRIBE); the connection is refused only for a bad timeUnit or more than 1024 streams.
   */
  attach(ws: WebSocket, path: string, query: URLSearchParams): StreamRefusal | null {
    const combined = path === '/stream' || path.startsWith('/stream/');
    const timeUnit = parseTimeUnit(query.get('timeUnit'));
    if (timeUnit === undefined) return 'Invalid timeUnit';
    const listed = combined
      ? // URLSearchParams reads '+' as a space; no stream name holds a space, and
        // `@kline_<i>@+08:00` holds a '+'.
        (query.get('streams') ?? '').replaceAll(' ', '+').split('/')
      : path.slice('/ws'.length).split('/').map(decodeSegment);
    const names = [...new Set(listed.filter((s) => s !== '' && this.isStreamName(s)))];
    if (names.length > MAX_STREAMS_PER_CONNECTION) return 'Too many subscriptions';
    const conn: Connection = { ws, combined, timeUnit, streams: new Set(), userStreams: new Map() };
    for (const name of names) this.add(conn, name);
    this.connections.add(conn);
    const limit = new InboundMessageLimit();
    const inbound = () => {
      if (limit.admit()) return true;
      ws.close(TOO_MANY_REQUESTS.code, TOO_MANY_REQUESTS.reason);
      return false;
    };
    ws.on('ping', inbound);
    ws.on('pong', inbound);
    ws.on('message', (data) => {
      if (inbound()) this.onControl(conn, data.toString());
    });
    ws.on('close', () => this.release(conn));
    return null;
  }

  /**
   * Hands the market streams to a driver (a replay of recorded candles): the engine's own book
   * and candle events are no longer delivered, only what the returned function is given, under
   * its stream name, as if the engine had published it.
   */
  drive(): (stream: string, data: Record<string, unknown>) => void {
    this.detach();
    this.detach = () => undefined;
    return (stream, data) => this.onMarketEvent({ stream, data });
  }

  dropAll(): void {
    for (const c of this.connections) c.ws.terminate();
  }

  shutdown(now: number): void {
    clearInterval(this.timer);
    for (const c of this.connections) {
      const event = { e: 'serverShutdown', E: now };
      const payload = c.timeUnit === 'us' ? inMicroseconds(event) : event;
      send(c.ws, c.combined ? { stream: '!serverShutdown', data: payload } : payload);
      c.ws.terminate();
    }
    this.detach();
  }

  /** Names with at least one listener (for the 1-second streams). */
  subscribedNames(): Iterable<string> {
    return this.index.keys();
  }

  /** Serializes a payload once per form (raw / combined, ms / µs) for all subscribers of a stream. */
  deliver(stream: string, payload: () => unknown): void {
    const subs = this.index.get(stream);
    if (!subs || subs.size === 0) return;
    const data = payload();
    const forms = new Map<string, string>();
    for (const c of subs) {
      if (c.ws.readyState !== c.ws.OPEN) continue;
      const key = `${c.combined}${c.timeUnit}`;
      let text = forms.get(key);
      if (text === undefined) {
        const body = c.timeUnit === 'us' ? inMicroseconds(data) : data;
        text = JSON.stringify(c.combined ? { stream, data: body } : body);
        forms.set(key, text);
      }
      c.ws.send(text);
    }
  }

  private isStreamName(name: string): boolean {
    return parseStreamName(name) !== null || this.listenKeys.lookup(name) !== undefined;
  }

  private add(conn: Connection, name: string): void {
    if (conn.streams.has(name)) return;
    const uid = this.listenKeys.lookup(name);
    if (uid !== undefined) {
      const stop = this.users.subscribe(uid, (event) =>
        send(conn.ws, conn.combined ? { stream: name, data: event } : event),
      );
      conn.userStreams.set(name, stop);
    }
    conn.streams.add(name);
    let set = this.index.get(name);
    if (!set) {
      set = new Set();
      this.index.set(name, set);
    }
    set.add(conn);
  }

  private remove(conn: Connection, name: string): void {
    conn.streams.delete(name);
    conn.userStreams.get(name)?.();
    conn.userStreams.delete(name);
    const set = this.index.get(name);
    if (set) {
      set.delete(conn);
      if (set.size === 0) this.index.delete(name);
    }
  }

  private release(conn: Connection): void {
    for (const name of [...conn.streams]) this.remove(conn, name);
    this.connections.delete(conn);
  }

  private endUserStream(key: string, reason: 'closed' | 'expired'): void {
    const now = this.exchange.serverTime();
    for (const c of this.connections) {
      if (!c.userStreams.has(key)) continue;
      const event =
        reason === 'expired'
          ? { e: 'listenKeyExpired', E: now, listenKey: key }
          : { e: 'eventStreamTerminated', E: now };
      send(c.ws, c.combined ? { stream: key, data: event } : event);
      this.remove(c, key);
    }
  }

  private onControl(conn: Connection, text: string): void {
    const parsed = parseControl(text);
    if (!parsed.ok) return send(conn.ws, parsed.answer);
    const answer = this.apply(conn, parsed.request);
    send(conn.ws, answer);
  }

  private apply(
    conn: Connection,
    req: ControlRequest,
  ): ControlErrorAnswer | { result: unknown; id: unknown } {
    switch (req.method) {
      case 'SUBSCRIBE': {
        // All or nothing: one bad name refuses the whole request.
        if (!req.names.every((n) => this.isStreamName(n)))
          return controlError(2, 'Invalid request: invalid stream', req.id);
        const added = new Set(req.names.filter((n) => !conn.streams.has(n)));
        if (conn.streams.size + added.size > MAX_STREAMS_PER_CONNECTION)
          return controlError(4, 'Too many subscriptions', req.id);
        for (const name of added) this.add(conn, name);
        return { result: null, id: req.id };
      }
      case 'UNSUBSCRIBE':
        if (!req.names.every((n) => this.isStreamName(n) || conn.streams.has(n)))
          return controlError(2, 'Invalid request: invalid stream', req.id);
        for (const name of req.names) this.remove(conn, name);
        return { result: null, id: req.id };
      case 'LIST_SUBSCRIPTIONS':
        return { result: [...conn.streams], id: req.id };
      case 'SET_PROPERTY':
        conn.combined = req.value;
        return { result: null, id: req.id };
      case 'GET_PROPERTY':
        return { result: conn.combined, id: req.id };
    }
  }

  private onMarketEvent(e: MarketEventEnvelope): void {
    this.deliver(e.stream, () => e.data);
    const at = e.stream.indexOf('@');
    const lower = e.stream.slice(0, at);
    const kind = e.stream.slice(at + 1);
    const symbol = lower.toUpperCase();
    if (kind === 'depth') {
      this.deliver(`${lower}@depth@100ms`, () => e.data);
      for (const levels of [5, 10, 20]) {
        const partial = () => this.exchange.depth(symbol, levels);
        this.deliver(`${lower}@depth${levels}`, partial);
        this.deliver(`${lower}@depth${levels}@100ms`, partial);
      }
    } else if (kind === 'kline_1m') {
      // Every other interval (and time zone) is a view of the same 1m candle series.
      const k = e.data.k as { x: boolean; T: number };
      for (const name of [...this.index.keys()]) {
        if (!name.startsWith(`${lower}@kline_`) || name === e.stream) continue;
        const parsed = parseStreamName(name);
        if (parsed?.scope !== 'symbol' || parsed.channel.kind !== 'kline') continue;
        const { interval, utcOffsetMs } = parsed.channel;
        if (interval === '1s') continue; // pushed once a second by TimedStreams
        const event = k.x
          ? this.exchange.closedKlineEvent(symbol, interval, k.T, utcOffsetMs)
          : this.exchange.klineEvent(symbol, interval, utcOffsetMs);
        if (event) this.deliver(name, () => event);
      }
    }
  }
}

/** Binance accepts URL-encoded stream names (since 2025-12); a malformed escape names nothing. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

function send(ws: WebSocket, message: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}
