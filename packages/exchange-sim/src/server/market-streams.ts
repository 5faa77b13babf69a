import type { WebSocket } from 'ws';
import type { SimExchange } from '../engine/exchange';
import type { MarketEventEnvelope } from '../engine/events';
import type { ListenKeyRegistry } from './listen-keys';
import type { UserHub } from './user-hub';

const MAX_STREAMS = 1024;
const STREAM_RE =
  /^([a-z0-9]+)@(trade|aggTrade|bookTicker|avgPrice|depth(?:5|10|20)?(?:@100ms)?|kline_(?:1m|3m|5m|15m|30m|1h|2h|4h|6h|8h|12h|1d|3d|1w|1M))$/;

interface Connection {
  ws: WebSocket;
  combined: boolean;
  streams: Set<string>;
  /** listenKey → unsubscribe from the account's user events. */
  userStreams: Map<string, () => void>;
}

/**
 * Market streams at /ws/<streams> (raw payloads) and /stream?streams=a/b (wrapped as
 * {"stream","data"}), live SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS / SET_PROPERTY /
 * GET_PROPERTY, and listenKey user-data streams on the same endpoints.
 */
export class MarketStreamHub {
  private readonly connections = new Set<Connection>();
  private readonly index = new Map<string, Set<Connection>>();
  private readonly detach: () => void;

  constructor(
    private readonly exchange: SimExchange,
    private readonly listenKeys: ListenKeyRegistry,
    private readonly users: UserHub,
  ) {
    this.detach = exchange.onMarketEvent((e) => this.onMarketEvent(e));
    listenKeys.onClosed((key, reason) => this.endUserStream(key, reason));
  }

  /** Accepts a connection for `path` (/ws/… or /stream) and its query; false if a name is invalid. */
  attach(ws: WebSocket, path: string, query: URLSearchParams): boolean {
    const combined = path === '/stream' || path.startsWith('/stream/');
    const names = combined
      ? (query.get('streams') ?? '').split('/').filter((s) => s !== '')
      : path
          .slice('/ws'.length)
          .split('/')
          .filter((s) => s !== '');
    const conn: Connection = { ws, combined, streams: new Set(), userStreams: new Map() };
    for (const name of names) {
      if (!this.add(conn, name)) {
        this.release(conn);
        return false;
      }
    }
    this.connections.add(conn);
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.onControl(conn, data.toString());
    });
    ws.on('close', () => this.release(conn));
    return true;
  }

  dropAll(): void {
    for (const c of this.connections) c.ws.terminate();
  }

  shutdown(now: number): void {
    for (const c of this.connections) {
      const event = { e: 'serverShutdown', E: now };
      send(c.ws, c.combined ? { stream: '!serverShutdown', data: event } : event);
      c.ws.terminate();
    }
    this.detach();
  }

  private add(conn: Connection, name: string): boolean {
    if (conn.streams.has(name)) return true;
    if (conn.streams.size >= MAX_STREAMS) return false;
    const uid = this.listenKeys.lookup(name);
    if (uid !== undefined) {
      const stop = this.users.subscribe(uid, (event) =>
        send(conn.ws, conn.combined ? { stream: name, data: event } : event),
      );
      conn.userStreams.set(name, stop);
      conn.streams.add(name);
      return true;
    }
    const m = STREAM_RE.exec(name);
    if (!m || !this.exchange.symbols.includes(m[1]!.toUpperCase())) return false;
    conn.streams.add(name);
    let set = this.index.get(name);
    if (!set) {
      set = new Set();
      this.index.set(name, set);
    }
    set.add(conn);
    return true;
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
    let req: { method?: unknown; params?: unknown; id?: unknown };
    try {
      req = JSON.parse(text) as typeof req;
    } catch {
      send(conn.ws, { error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' }, id: null });
      return;
    }
    const id = req.id ?? null;
    const validId =
      id === null ||
      (typeof id === 'number' && Number.isInteger(id) && id >= 0) ||
      (typeof id === 'string' && /^[A-Za-z0-9]{1,36}$/.test(id));
    if (!validId) {
      send(conn.ws, {
        error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' },
        id: null,
      });
      return;
    }
    const params = Array.isArray(req.params) ? (req.params as unknown[]) : [];
    const fail = (msg: string, code = 2) => send(conn.ws, { error: { code, msg }, id });
    switch (req.method) {
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE': {
        if (params.some((p) => typeof p !== 'string'))
          return fail('Invalid request: stream names must be strings');
        for (const name of params as string[]) {
          if (req.method === 'UNSUBSCRIBE') this.remove(conn, name);
          else if (!this.add(conn, name)) return fail(`Invalid request: invalid stream name '${name}'`);
        }
        return send(conn.ws, { result: null, id });
      }
      case 'LIST_SUBSCRIPTIONS':
        return send(conn.ws, { result: [...conn.streams], id });
      case 'SET_PROPERTY': {
        if (params[0] !== 'combined') return fail('Unknown property', 0);
        if (typeof params[1] !== 'boolean') return fail('Invalid value type: expected Boolean', 1);
        conn.combined = params[1];
        return send(conn.ws, { result: null, id });
      }
      case 'GET_PROPERTY':
        if (params[0] !== 'combined') return fail('Unknown property', 0);
        return send(conn.ws, { result: conn.combined, id });
      default:
        return fail(
          `Invalid request: unknown variant ${JSON.stringify(req.method)}, expected one of \`SUBSCRIBE\`, \`UNSUBSCRIBE\`, \`LIST_SUBSCRIPTIONS\`, \`SET_PROPERTY\`, \`GET_PROPERTY\``,
        );
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
      const k = e.data.k as { x: boolean; T: number };
      for (const name of [...this.index.keys()]) {
        if (!name.startsWith(`${lower}@kline_`) || name === e.stream) continue;
        const interval = name.slice(name.indexOf('_') + 1);
        const event = k.x
          ? this.exchange.closedKlineEvent(symbol, interval, k.T)
          : this.exchange.klineEvent(symbol, interval);
        if (event) this.deliver(name, () => event);
      }
      if (k.x) return;
      this.deliver(`${lower}@avgPrice`, () => {
        const a = this.exchange.avgPrice(symbol);
        return {
          e: 'avgPrice',
          E: this.exchange.serverTime(),
          s: symbol,
          i: `${a.mins}m`,
          w: a.price,
          T: a.closeTime,
        };
      });
    }
  }

  /** Serializes a payload once per form (raw / combined) for all subscribers of a stream. */
  private deliver(stream: string, payload: () => unknown): void {
    const subs = this.index.get(stream);
    if (!subs || subs.size === 0) return;
    const data = payload();
    let raw: string | undefined;
    let wrapped: string | undefined;
    for (const c of subs) {
      if (c.ws.readyState !== c.ws.OPEN) continue;
      if (c.combined) c.ws.send((wrapped ??= JSON.stringify({ stream, data })));
      else c.ws.send((raw ??= JSON.stringify(data)));
    }
  }
}

function send(ws: WebSocket, message: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}
