import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyError } from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import { existsSync } from 'node:fs';
import { API_PREFIX, TRUTH_HEADERS } from '@aurora/contracts';
import { KernelError } from '@aurora/engine';
import type { BotContext } from '../runtime/bot-context';
import { ApiError } from './api-error';
import { AuthFailureLimiter, bearerToken, tokenMatches } from './auth';
import { registerHealthRoutes } from './routes/health';
import { registerStateRoutes } from './routes/state';
import { registerConfigRoutes } from './routes/config';
import { registerControlRoutes } from './routes/control';
import { registerHistoryRoutes } from './routes/history';
import { registerMetricsRoutes } from './routes/metrics';
import { registerWsRoutes, type DashboardWsHub } from './routes/ws';
import { registerTradingRoutes } from './routes/trading';
import { registerAuditRoutes } from './routes/audit';
import { registerNotificationRoutes } from './routes/notifications';
import { registerObserverRoutes } from './routes/observer';
import { registerBacktestRoutes } from './routes/backtests';
import { registerResearchRoutes } from './routes/research';
import { SerializedSnapshot } from './serialized-snapshot';

export const BODY_LIMIT_BYTES = 64 * 1024;
/**
 * A request must arrive whole (headers and body) within this time. Node's requestTimeout stops
 * counting once the headers are in, so a client trickling its body a byte at a time held the
 * connection without end: the body timer in the onRequest hook closes it.
 */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface RegisteredRoute {
  method: string;
  url: string;
}

const PUBLIC_ROUTES = new Set([`GET ${API_PREFIX}/health`, `HEAD ${API_PREFIX}/health`]);

/** Fastify's own error codes, mapped to our stable codes and messages. */
function mapFrameworkError(err: FastifyError): ApiError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'MALFORMED_JSON', 'Request body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(400, 'BODY_TOO_LARGE', `Request body exceeds ${BODY_LIMIT_BYTES} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(400, 'UNSUPPORTED_MEDIA_TYPE', 'Send JSON with Content-Type: application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError(400, 'BAD_CONTENT_LENGTH', 'Content-Length does not match the body');
    default:
      if (err.statusCode === 429) return new ApiError(429, 'RATE_LIMITED', 'Too many control requests; slow down');
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
        return new ApiError(err.statusCode, 'BAD_REQUEST', err.message);
      return null;
  }
}

export async function buildServer(
  ctx: BotContext,
  opts: { dashboardDir?: string; requestTimeoutMs?: number } = {},
): Promise<{ app: FastifyInstance; wsHub: DashboardWsHub; routes: readonly RegisteredRoute[] }> {
  let wsHub: DashboardWsHub | null = null;
  const app = Fastify({
    loggerInstance: ctx.log.child({ component: 'http' }) as unknown as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: false,
    requestTimeout: opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
  });
  // No per-request child logger: request logging is off and handlers log through ctx.log, while
  // pino builds (and redacts the bindings of) a child on every request, which at 1,000 req/s
  // was a visible share of GET /state's CPU.
  app.setChildLoggerFactory((logger) => logger);
  // Every route as registered (HEAD twins included), so a test can prove each one is guarded.
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  });

  // The truth on every response, errors and static files included.
  app.addHook('onSend', async (_req, reply, payload) => {
    const t = ctx.state.truth();
    reply.header(TRUTH_HEADERS.stateVersion, String(t.state_version));
    reply.header(TRUTH_HEADERS.serverTime, String(t.server_time));
    reply.header(TRUTH_HEADERS.wsSequence, String(t.ws_sequence));
    return payload;
  });
  // ...and in every JSON object body.
  app.addHook('preSerialization', async (_req, _reply, payload) => {
    if (payload && typeof payload === 'object' && !Array.isArray(payload) && !('truth' in payload)) {
      return { ...(payload as object), truth: ctx.state.truth() };
    }
    return payload;
  });

  await app.register(cors, {
    origin: ctx.env.AURORA_CORS_ORIGINS.length > 0 ? ctx.env.AURORA_CORS_ORIGINS : false,
    methods: ['GET', 'POST', 'PATCH'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    exposedHeaders: Object.values(TRUTH_HEADERS),
  });
  await app.register(rateLimit, { global: false });
  await app.register(websocket, {
    options: {
      maxPayload: 4096,
      // Choose our protocol; the token protocol is read by the route, never echoed back.
      handleProtocols: (protocols: Set<string>) => (protocols.has('aurora.v1') ? 'aurora.v1' : false),
    },
  });

  const requestTimeoutMs = opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  app.addHook('onRequest', async (req, reply) => {
    const hasBody =
      req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody || req.raw.complete) return;
    const timer = setTimeout(() => {
      if (!req.raw.complete) req.raw.socket.destroy();
    }, requestTimeoutMs);
    const clear = () => clearTimeout(timer);
    req.raw.once('end', clear);
    req.raw.once('close', clear);
    reply.raw.once('finish', clear);
  });

  const authFailures = new AuthFailureLimiter(() => Date.now());
  app.addHook('onRequest', async (req) => {
    const path = req.url.split('?')[0] ?? '';
    const isApi = path.startsWith(API_PREFIX) || path === '/metrics';
    if (!isApi) return;
    const routeKey = `${req.method} ${path}`;
    if (PUBLIC_ROUTES.has(routeKey)) return;
    // The WebSocket authenticates by subprotocol or first message (browsers cannot set headers).
    if (path === `${API_PREFIX}/ws` && req.headers.upgrade?.toLowerCase() === 'websocket') return;
    if (!tokenMatches(bearerToken(req.headers.authorization), ctx.token)) {
      if (authFailures.fail(req.ip))
        throw new ApiError(429, 'RATE_LIMITED', 'Too many failed authentications; slow down');
      throw new ApiError(401, 'UNAUTHORIZED', 'Missing or invalid bearer token');
    }
  });

  app.setErrorHandler((err: FastifyError | ApiError | Error, req, reply) => {
    let apiErr: ApiError;
    if (err instanceof ApiError) apiErr = err;
    // The trading kernel's refusals (not ready, no venue, unknown position) answer like the API's own.
    else if (err instanceof KernelError) apiErr = new ApiError(err.status, err.code, err.message);
    else apiErr = mapFrameworkError(err as FastifyError) ?? new ApiError(500, 'INTERNAL', 'Internal error');
    if (apiErr.status >= 500) {
      ctx.log.error({ err: (err as Error).message, stack: (err as Error).stack, url: req.url.split('?')[0] }, 'request failed');
      ctx.state.recordError('api', 'INTERNAL', (err as Error).message);
    } else if (apiErr.status === 400) {
      ctx.metrics.badInput.inc({ source: 'api' });
    }
    void reply.status(apiErr.status).send({
      error: { code: apiErr.code, message: apiErr.message, ...(apiErr.fields ? { fields: apiErr.fields } : {}) },
      truth: ctx.state.truth(),
    });
  });

  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({
      error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}` },
      truth: ctx.state.truth(),
    });
  });

  const snapshot = new SerializedSnapshot({ snapshot: () => ctx.snapshot(), state: ctx.state });
  await app.register(async (api) => {
    registerHealthRoutes(api, ctx);
    registerStateRoutes(api, snapshot);
    registerConfigRoutes(api, ctx);
    registerControlRoutes(api, ctx);
    registerHistoryRoutes(api, ctx);
    registerTradingRoutes(api, ctx);
    registerAuditRoutes(api, ctx);
    registerNotificationRoutes(api, ctx);
    registerObserverRoutes(api, ctx);
    registerBacktestRoutes(api, ctx);
    registerResearchRoutes(api, ctx);
    wsHub = registerWsRoutes(api, ctx, snapshot);
  }, { prefix: API_PREFIX });
  registerMetricsRoutes(app, ctx);

  if (opts.dashboardDir && existsSync(opts.dashboardDir)) {
    await app.register(fastifyStatic, { root: opts.dashboardDir, prefix: '/', wildcard: false });
    // Client-side routes fall back to index.html.
    app.get('/*', (req, reply) => {
      if (req.url.startsWith('/api/')) {
        return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No such route' }, truth: ctx.state.truth() });
      }
      return reply.sendFile('index.html');
    });
  }
  await app.ready();
  if (!wsHub) throw new Error('WebSocket routes were not registered');
  return { app, wsHub, routes };
}
