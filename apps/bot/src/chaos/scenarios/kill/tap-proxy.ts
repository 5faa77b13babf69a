import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

/**
 * What the tap sees on the wire between the bot and the venue. A REST exchange is seen three
 * times: the request reaching the venue's door, the venue's answer before the bot has it, and the
 * answer after it was written to the bot. WebSocket API frames (the user data stream rides on
 * them) are seen after they were relayed to the bot.
 */
export type TapEvent =
  | ({ kind: 'request' } & RestSeen)
  | ({ kind: 'answer'; status: number } & RestSeen)
  | ({ kind: 'answered'; status: number } & RestSeen)
  | { kind: 'user-frame'; text: string };

/** A REST request as the tap names it: the order fields of its query, never its signature. */
export interface RestSeen {
  method: string;
  path: string;
  side: string | null;
  type: string | null;
  clientOrderId: string | null;
}

/**
 * What to do with what was seen: 'pass' relays it, 'hold' keeps it from the bot (a request is
 * never forwarded, an answer never delivered — the bot hears nothing back). Frames always pass.
 */
export type TapVerdict = 'pass' | 'hold';
export type Tap = (event: TapEvent) => TapVerdict | void;

/**
 * A loopback man-in-the-middle at the bot's AURORA_SIM_URL that observes the order path from the
 * venue's side of the wire, with no hook in the product: the chaos harness kills the bot at the
 * instant a request arrives, an answer leaves or a fill is published. Market streams and the
 * WebSocket API are relayed unchanged.
 */
export interface TapProxy {
  url: string;
  setTap(tap: Tap | null): void;
  /** Point the proxy at another upstream (a venue started again on another port). */
  setUpstream(restUrl: string): void;
  /** Every REST request seen, "METHOD /path" (no query string: it carries the signature). */
  requests(): readonly string[];
  /** Close every socket the bot holds (its streams reconnect, as after a network blip). */
  dropSockets(): void;
  close(): Promise<void>;
}

export async function startTapProxy(upstreamRestUrl: string): Promise<TapProxy> {
  let upstream = new URL(upstreamRestUrl);
  let tap: Tap | null = null;
  const seen: string[] = [];
  const held = new Set<ServerResponse>();
  const sockets = new Set<WebSocket>();
  const see = (e: TapEvent): TapVerdict => tap?.(e) ?? 'pass';

  const forwardRest = (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://tap');
    const path = url.pathname;
    const q = url.searchParams;
    const rest: RestSeen = {
      method,
      path,
      side: q.get('side'),
      type: q.get('type'),
      clientOrderId: q.get('newClientOrderId') ?? q.get('origClientOrderId'),
    };
    seen.push(`${method} ${path}`);
    if (see({ kind: 'request', ...rest }) === 'hold') {
      held.add(res);
      req.resume();
      return;
    }
    const out = request(
      { host: upstream.hostname, port: upstream.port, method, path: req.url, headers: req.headers },
      (answer) => {
        const status = answer.statusCode ?? 502;
        if (see({ kind: 'answer', status, ...rest }) === 'hold') {
          // The venue acted on the request; its answer never reaches the bot.
          held.add(res);
          answer.resume();
          return;
        }
        res.writeHead(status, answer.headers);
        res.once('finish', () => see({ kind: 'answered', status, ...rest }));
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  };

  const server = createServer(forwardRest);
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const path = req.url ?? '/';
    const isApi = path.startsWith('/ws-api/');
    const protocols = req.headers['sec-websocket-protocol'];
    const up = new WebSocket(
      `ws://${upstream.host}${path}`,
      protocols
        ? String(protocols)
            .split(',')
            .map((p) => p.trim())
        : [],
    );
    up.once('error', () => socket.destroy());
    up.once('open', () =>
      wss.handleUpgrade(req, socket, head, (down) => {
        sockets.add(down);
        up.on('message', (data, isBinary) => {
          if (down.readyState !== WebSocket.OPEN) return;
          down.send(data, { binary: isBinary }, () => {
            if (isApi && !isBinary) see({ kind: 'user-frame', text: data.toString() });
          });
        });
        down.on(
          'message',
          (data, isBinary) => up.readyState === WebSocket.OPEN && up.send(data, { binary: isBinary }),
        );
        const closeBoth = () => {
          sockets.delete(down);
          up.terminate();
          down.terminate();
        };
        up.on('close', closeBoth);
        down.on('close', closeBoth);
        up.on('error', closeBoth);
        down.on('error', closeBoth);
      }),
    );
  });

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const dropSockets = () => {
    for (const ws of sockets) ws.terminate();
    sockets.clear();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    setTap: (t) => (tap = t),
    setUpstream: (u) => (upstream = new URL(u)),
    requests: () => seen,
    dropSockets,
    close: async () => {
      tap = null;
      for (const res of held) res.destroy();
      held.clear();
      dropSockets();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
