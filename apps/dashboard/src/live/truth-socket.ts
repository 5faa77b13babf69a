import {
  API_PREFIX,
  WS_PROTOCOL,
  WS_TOKEN_PROTOCOL_PREFIX,
  WsServerMessage,
  type BacktestRunSummary,
  type StateSnapshot,
  type WsEventMessage,
} from '@aurora/contracts';
import { reconnectDelayMs } from './reconnect-backoff';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'stopped';

export interface ConnectionInfo {
  status: ConnectionStatus;
  /** Consecutive failed attempts since the last successful snapshot. */
  attempt: number;
  /** Local time (ms) of the next reconnect attempt while reconnecting. */
  nextAttemptAt: number | null;
  lastError: string | null;
}

export interface TruthSocketListener {
  onSnapshot(state: StateSnapshot, seq: number): void;
  onEvent(event: WsEventMessage['event'], seq: number): void;
  /** A backtest's progress or end. */
  onBacktest?(run: BacktestRunSummary, seq: number): void;
  onConnection(info: ConnectionInfo): void;
  onLatency(roundTripMs: number): void;
  /** A message that failed the contract: dropped and counted, never applied. */
  onBadMessage(detail: string): void;
}

export interface TruthSocketOptions {
  url: string;
  token: string;
  listener: TruthSocketListener;
  random?: () => number;
  now?: () => number;
  pingIntervalMs?: number;
  createSocket?: (url: string, protocols: string[]) => WebSocket;
}

/** Characters Sec-WebSocket-Protocol accepts (RFC 7230 token); other tokens go in an auth message. */
const PROTOCOL_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Close codes with which the server refuses the token: reconnecting would not help. */
const AUTH_CLOSE_CODES = new Set([1008, 4001, 4003, 4401, 4403]);

export function truthSocketUrl(location: Location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${API_PREFIX}/ws`;
}

/**
 * The WebSocket feed of StateSnapshots and events. Reconnects with exponential backoff and
 * jitter; measures round-trip latency with ping/pong and treats two missed pongs as a dead link.
 */
export class TruthSocket {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private stopped = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private pingId = 0;
  private readonly pendingPings = new Map<number, number>();
  private lastSeq = -1;
  private isOpenStatus = false;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly pingIntervalMs: number;

  constructor(private readonly options: TruthSocketOptions) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => performance.now());
    this.pingIntervalMs = options.pingIntervalMs ?? 5_000;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    this.socket?.close(1000, 'dashboard closed');
    this.socket = null;
    this.emit('stopped', null, null);
  }

  /** Skip the backoff wait (the operator pressed retry). */
  reconnectNow(): void {
    if (this.stopped) return;
    this.clearTimers();
    this.socket?.close(1000, 'reconnect');
    this.socket = null;
    this.connect();
  }

  private connect(): void {
    const { token, url } = this.options;
    const inProtocol = PROTOCOL_TOKEN.test(token);
    const protocols = inProtocol ? [WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX + token] : [WS_PROTOCOL];
    this.emit(this.attempt === 0 ? 'connecting' : 'reconnecting', null, null);
    let socket: WebSocket;
    try {
      socket = this.options.createSocket
        ? this.options.createSocket(url, protocols)
        : new WebSocket(url, protocols);
    } catch (error) {
      this.scheduleReconnect(error instanceof Error ? error.message : 'WebSocket could not be created');
      return;
    }
    this.socket = socket;
    this.lastSeq = -1;
    socket.onopen = () => {
      if (!inProtocol) socket.send(JSON.stringify({ type: 'auth', token }));
      this.startPings(socket);
    };
    socket.onmessage = (message) => this.onMessage(message.data);
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimers();
      if (this.stopped) return;
      if (AUTH_CLOSE_CODES.has(event.code)) {
        this.emit('unauthorized', null, 'The bot refused the API token for the live feed');
        return;
      }
      this.scheduleReconnect(`Connection closed (${event.code}${event.reason ? `: ${event.reason}` : ''})`);
    };
  }

  private onMessage(data: unknown): void {
    if (typeof data !== 'string') return this.options.listener.onBadMessage('binary frame');
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return this.options.listener.onBadMessage('invalid JSON');
    }
    const parsed = WsServerMessage.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return this.options.listener.onBadMessage(
        `${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`,
      );
    }
    const message = parsed.data;
    switch (message.type) {
      case 'snapshot':
        // Snapshots are coalesced server-side; an older one arriving late must not roll state back.
        if (message.seq < this.lastSeq) return;
        this.lastSeq = message.seq;
        if (this.attempt !== 0 || !this.isOpenStatus) {
          this.attempt = 0;
          this.emit('open', null, null);
        }
        this.options.listener.onSnapshot(message.state, message.seq);
        return;
      case 'event':
        this.options.listener.onEvent(message.event, message.seq);
        return;
      case 'backtest':
        this.options.listener.onBacktest?.(message.run, message.seq);
        return;
      case 'pong': {
        const sentAt = this.pendingPings.get(message.id);
        if (sentAt === undefined) return;
        this.pendingPings.clear();
        this.options.listener.onLatency(this.now() - sentAt);
        return;
      }
      case 'error':
        this.options.listener.onBadMessage(`server: ${message.message}`);
        return;
    }
  }

  private startPings(socket: WebSocket): void {
    const ping = () => {
      // Two unanswered pings: the link is dead even if the OS has not noticed yet.
      if (this.pendingPings.size >= 2) {
        socket.close(4000, 'ping timeout');
        return;
      }
      const id = ++this.pingId;
      this.pendingPings.set(id, this.now());
      socket.send(JSON.stringify({ type: 'ping', id }));
    };
    ping();
    this.pingTimer = setInterval(ping, this.pingIntervalMs);
  }

  private scheduleReconnect(reason: string): void {
    const delay = reconnectDelayMs(this.attempt, this.random);
    this.attempt += 1;
    this.emit('reconnecting', Date.now() + delay, reason);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private clearTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.reconnectTimer = null;
    this.pingTimer = null;
    this.pendingPings.clear();
  }

  private emit(status: ConnectionStatus, nextAttemptAt: number | null, lastError: string | null): void {
    this.isOpenStatus = status === 'open';
    this.options.listener.onConnection({ status, attempt: this.attempt, nextAttemptAt, lastError });
  }
}
