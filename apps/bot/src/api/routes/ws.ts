import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { WS_TOKEN_PROTOCOL_PREFIX, WsClientMessage, type BacktestRunSummary, type WsEventMessage } from '@aurora/contracts';
import type { BotContext } from '../../runtime/bot-context';
import { tokenMatches } from '../auth';
import type { SerializedSnapshot } from '../serialized-snapshot';

const AUTH_TIMEOUT_MS = 5_000;
/** Coalesce bursts of state changes into at most one snapshot per this interval. */
const PUSH_INTERVAL_MS = 100;
/** A client that cannot keep up (this much unsent) is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface WsHub {
  broadcastEvent(event: WsEventMessage['event']): void;
  clientCount(): number;
  close(): void;
}

/** The hub as the server holds it: the runtime's events plus the backtests' progress. */
export interface DashboardWsHub extends WsHub {
  /** A backtest's progress or end, to every dashboard. */
  broadcastBacktest(run: BacktestRunSummary): void;
}

export function registerWsRoutes(app: FastifyInstance, ctx: BotContext, snapshot: SerializedSnapshot): DashboardWsHub {
  const clients = new Set<WebSocket>();
  let pushTimer: NodeJS.Timeout | null = null;
  let lastPushedVersion = -1;

  const sendSnapshot = (targets: Iterable<WebSocket>) => {
    // The sequence first: the snapshot's truth carries it as its ws_sequence.
    const seq = ctx.state.nextWsSequence();
    // Serialized once per push, whatever the number of dashboards.
    const text = `{"type":"snapshot","seq":${seq},"state":${snapshot.text()}}`;
    for (const ws of targets) {
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) ws.terminate();
      else ws.send(text);
    }
    lastPushedVersion = ctx.state.stateVersion;
  };

  const schedulePush = () => {
    if (pushTimer || clients.size === 0) return;
    pushTimer = setTimeout(() => {
      pushTimer = null;
      if (ctx.state.stateVersion !== lastPushedVersion && clients.size > 0) sendSnapshot(clients);
    }, PUSH_INTERVAL_MS);
  };
  const unsubscribe = ctx.state.onChange(schedulePush);

  const admit = (ws: WebSocket) => {
    clients.add(ws);
    ctx.metrics.wsClients.set(clients.size);
    sendSnapshot([ws]);
  };

  app.get('/ws', { websocket: true }, (socket, req) => {
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const tokenProto = offered.find((p) => p.startsWith(WS_TOKEN_PROTOCOL_PREFIX));
    let authed = false;
    if (tokenProto !== undefined) {
      if (!tokenMatches(tokenProto.slice(WS_TOKEN_PROTOCOL_PREFIX.length), ctx.token)) {
        socket.close(4401, 'unauthorized');
        return;
      }
      authed = true;
      admit(socket);
    }
    const authTimer = authed
      ? null
      : setTimeout(() => {
          if (!authed) socket.close(4401, 'unauthorized');
        }, AUTH_TIMEOUT_MS);

    socket.on('message', (raw) => {
      let msg: WsClientMessage;
      try {
        const parsed = WsClientMessage.safeParse(JSON.parse(String(raw)));
        if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid message');
        msg = parsed.data;
      } catch (err) {
        ctx.metrics.badInput.inc({ source: 'ws' });
        socket.send(JSON.stringify({ type: 'error', seq: ctx.state.wsSequence, message: `bad message: ${(err as Error).message}` }));
        return;
      }
      if (msg.type === 'auth') {
        if (authed) return;
        if (!tokenMatches(msg.token, ctx.token)) {
          socket.close(4401, 'unauthorized');
          return;
        }
        authed = true;
        if (authTimer) clearTimeout(authTimer);
        admit(socket);
        return;
      }
      if (!authed) {
        socket.close(4401, 'unauthorized');
        return;
      }
      socket.send(JSON.stringify({ type: 'pong', id: msg.id, server_time: ctx.state.now() }));
    });
    socket.on('close', () => {
      if (authTimer) clearTimeout(authTimer);
      clients.delete(socket);
      ctx.metrics.wsClients.set(clients.size);
    });
    socket.on('error', () => socket.terminate());
  });

  // Keep-alive: the server pings; a client that does not pong is dropped.
  const alive = new WeakMap<WebSocket, boolean>();
  const pingTimer = setInterval(() => {
    for (const ws of clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.once('pong', () => alive.set(ws, true));
      ws.ping();
    }
  }, 20_000);
  pingTimer.unref();

  const hub: DashboardWsHub = {
    broadcastEvent(event) {
      if (clients.size === 0) return;
      const text = JSON.stringify({ type: 'event', seq: ctx.state.nextWsSequence(), event });
      for (const ws of clients) ws.send(text);
    },
    broadcastBacktest(run) {
      if (clients.size === 0) return;
      const text = JSON.stringify({ type: 'backtest', seq: ctx.state.nextWsSequence(), run });
      for (const ws of clients) {
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) ws.terminate();
        else ws.send(text);
      }
    },
    clientCount: () => clients.size,
    close() {
      unsubscribe();
      clearInterval(pingTimer);
      if (pushTimer) clearTimeout(pushTimer);
      for (const ws of clients) ws.close(1001, 'server shutting down');
    },
  };
  return hub;
}
