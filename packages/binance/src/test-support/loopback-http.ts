import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a scripted endpoint answers: a response, or a socket that never answers / dies. */
export type ScriptedReply =
  { status?: number; headers?: Record<string, string>; body?: unknown } | 'hang' | 'destroy';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  rawQuery: string;
  headers: IncomingMessage['headers'];
}

/**
 * A scripted HTTP server on 127.0.0.1:0 for transport tests (429/418/5xx/timeouts). Test
 * support only: the real protocol counterpart is @aurora/exchange-sim.
 */
export class LoopbackHttp {
  readonly requests: RecordedRequest[] = [];
  private server: Server | null = null;
  private readonly hung = new Set<ServerResponse>();

  constructor(private handler: (req: RecordedRequest) => ScriptedReply) {}

  setHandler(handler: (req: RecordedRequest) => ScriptedReply): void {
    this.handler = handler;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const rec: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        rawQuery: url.search.slice(1),
        headers: req.headers,
      };
      this.requests.push(rec);
      const reply = this.handler(rec);
      if (reply === 'hang') {
        this.hung.add(res);
        return;
      }
      if (reply === 'destroy') {
        req.socket.destroy();
        return;
      }
      const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
