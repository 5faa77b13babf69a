import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';

/**
 * The same-run baseline of the API bench: a bare Fastify route that answers the bot's captured
 * GET /state body byte for byte, and a bare WebSocket route that pushes the bot's captured
 * snapshot to every client, serialized once per push, at the bot's push cadence. No auth, no
 * hooks, no snapshot building: what Fastify and ws cost on this machine right now.
 *
 * argv: <state body file> <snapshot message file> <push interval ms>
 */
const [bodyFile, messageFile, intervalArg] = process.argv.slice(2);
if (!bodyFile || !messageFile || !intervalArg)
  throw new Error('usage: bare-server <body> <message> <interval ms>');
const body = readFileSync(bodyFile);
const message = JSON.parse(readFileSync(messageFile, 'utf8')) as {
  seq: number;
  state: { truth: Record<string, unknown> };
};

const app = Fastify({ logger: false });
await app.register(websocket);
app.get('/state', (_req, reply) => reply.type('application/json; charset=utf-8').send(body));
const clients = new Set<WebSocket>();
app.get('/ws', { websocket: true }, (socket) => {
  clients.add(socket);
  socket.on('close', () => clients.delete(socket));
});
setInterval(() => {
  if (clients.size === 0) return;
  message.seq++;
  message.state.truth.server_time = Date.now();
  const text = JSON.stringify(message);
  for (const ws of clients) ws.send(text);
}, Number(intervalArg));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening ${address}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
