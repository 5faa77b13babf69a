import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

/**
 * A loopback man-in-the-middle between the bot and the simulator (the bot's AURORA_SIM_URL). It
 * forwards REST and every WebSocket (market streams, WebSocket API) unchanged, and lets a test
 * play the network: `partition` forwards the bot's requests but holds every answer and drops
 * every stream frame (the bot hears nothing back), and `inject*` sends frames of our own making
 * to the bot as if the venue had sent them.
 */
export interface VenueProxy {
  url: string;
  partition(on: boolean): void;
  /** Send a text frame to every market-stream socket (/ws/…, /stream?…) the bot holds. */
  injectMarketFrame(text: string): number;
  /** Send a text frame to every WebSocket API socket (the user data stream rides on it). */
  injectApiFrame(text: string): number;
  /** The user-data subscription id the venue gave the bot, once it subscribed. */
  subscriptionId(): number | null;
  close(): Promise<void>;
}

export async function startVenueProxy(upstreamRestUrl: string): Promise<VenueProxy> {
  const upstream = new URL(upstreamRestUrl);
  let partitioned = false;
  let subscription: number | null = null;
  const held = new Set<ServerResponse>();
  const marketSockets = new Set<WebSocket>();
  const apiSockets = new Set<WebSocket>();

  const forwardRest = (req: IncomingMessage, res: ServerResponse) => {
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        if (partitioned) {
          // The venue acted on the request; its answer never reaches the bot.
          held.add(res);
          answer.resume();
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
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
        (isApi ? apiSockets : marketSockets).add(down);
        up.on('message', (data, isBinary) => {
          if (partitioned) return;
          if (isApi && !isBinary) {
            const id = /"subscriptionId"\s*:\s*(\d+)/.exec(data.toString())?.[1];
            if (id !== undefined) subscription = Number(id);
          }
          down.send(data, { binary: isBinary });
        });
        down.on(
          'message',
          (data, isBinary) => up.readyState === WebSocket.OPEN && up.send(data, { binary: isBinary }),
        );
        const closeBoth = () => {
          (isApi ? apiSockets : marketSockets).delete(down);
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
  const inject = (sockets: Set<WebSocket>, text: string) => {
    let sent = 0;
    for (const ws of sockets) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      ws.send(text);
      sent++;
    }
    return sent;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    partition: (on) => {
      partitioned = on;
      if (!on) {
        for (const res of held) res.destroy();
        held.clear();
      }
    },
    injectMarketFrame: (text) => inject(marketSockets, text),
    injectApiFrame: (text) => inject(apiSockets, text),
    subscriptionId: () => subscription,
    close: async () => {
      for (const res of held) res.destroy();
      for (const ws of [...marketSockets, ...apiSockets]) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
