import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface WsConnection {
  socket: WebSocket;
  /** Path and query the client connected with, e.g. '/stream?streams=a/b'. */
  url: string;
  /** Text frames received from the client, parsed as JSON. */
  received: unknown[];
}

/**
 * A WebSocket server on 127.0.0.1:0 for stream tests: records connections and frames, lets the
 * test push frames or drop sockets. Test support only; @aurora/exchange-sim is the real venue.
 */
export class LoopbackWs {
  readonly connections: WsConnection[] = [];
  private server: WebSocketServer | null = null;
  private waiters: { n: number; resolve: () => void }[] = [];
  onMessage: (conn: WsConnection, msg: unknown) => void = () => undefined;

  constructor(private readonly opts: { autoPong?: boolean } = {}) {}

  async start(): Promise<string> {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: this.opts.autoPong ?? true });
    this.server.on('connection', (socket, req) => {
      const conn: WsConnection = { socket, url: req.url ?? '/', received: [] };
      this.connections.push(conn);
      socket.on('message', (data) => {
        const msg: unknown = JSON.parse(String(data));
        conn.received.push(msg);
        this.onMessage(conn, msg);
      });
      this.waiters = this.waiters.filter((w) => {
        if (this.connections.length >= w.n) w.resolve();
        return this.connections.length < w.n;
      });
    });
    await new Promise<void>((resolve) => this.server!.once('listening', () => resolve()));
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves once `n` connections have been accepted in total. */
  connectionCount(n: number): Promise<void> {
    if (this.connections.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  get last(): WsConnection {
    const c = this.connections.at(-1);
    if (c === undefined) throw new Error('no connection yet');
    return c;
  }

  send(conn: WsConnection, payload: unknown): void {
    conn.socket.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Polls `check` every 10 ms until it is true or `timeoutMs` passes. */
export const until = async (check: () => boolean, timeoutMs = 3_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};
