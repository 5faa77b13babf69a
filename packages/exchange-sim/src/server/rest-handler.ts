import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiErrors, SimApiError } from '../errors';
import type { VenueBehaviour } from '../behaviour';
import type { FaultInjector } from '../faults';
import type { ApiGate } from './api-gate';
import { mergeParams, readBody } from './http-body';
import { OPERATIONS, REST_ROUTES } from './operations';
import { RateLimitedError, type RateLimiter } from './rate-limiter';
import { restSignaturePayload } from './signature';

export interface RestDeps {
  gate: ApiGate;
  limiter: RateLimiter;
  faults: FaultInjector;
  behaviour: VenueBehaviour;
  now(): number;
  /** Requests held open by the timeout fault, so close() can drop them. */
  held: Set<ServerResponse>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Serves /api/v3/* like Binance: JSON bodies, {code,msg} errors, weight and order-count headers. */
export async function handleRest(req: IncomingMessage, res: ServerResponse, deps: RestDeps): Promise<void> {
  const ip = req.socket.remoteAddress ?? 'unknown';
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const opName = REST_ROUTES[`${req.method} ${path}`];
  let placesOrder = false;
  let uid: number | null = null;
  try {
    const rawBody = await readBody(req);
    if (deps.faults.latencyMs > 0) await sleep(deps.faults.latencyMs);
    if (deps.faults.takeWafBlock()) return sendWafPage(res);
    if (!opName) throw new SimApiError(-1000, `Unknown endpoint: ${req.method} ${path}`, 404);
    const op = OPERATIONS[opName];
    placesOrder = 'placesOrder' in op && op.placesOrder === true;
    const formBody = isForm(req) ? rawBody : '';
    const params = mergeParams(rawQuery, formBody);
    const { payload, signature } = restSignaturePayload(rawQuery, formBody);
    const outcome = deps.gate.run(
      op,
      params,
      { kind: 'rest', apiKeyHeader: header(req, 'x-mbx-apikey'), payload, signature },
      ip,
    );
    uid = outcome.uid;
    if (outcome.withhold) {
      hold(res, deps);
      return;
    }
    // The answer races the user-data stream: held after executing, so the stream may win.
    const answerDelay = 'racesStream' in op && op.racesStream ? deps.behaviour.drawAnswerDelay() : 0;
    if (answerDelay > 0) await sleep(answerDelay);
    send(res, 200, outcome.body, headers(deps, ip, placesOrder ? uid : null));
  } catch (e) {
    const err = e instanceof SimApiError ? e : ApiErrors.unknown();
    const h = headers(deps, ip, placesOrder && uid !== null ? uid : null);
    if (e instanceof RateLimitedError) h['Retry-After'] = String(Math.ceil(e.retryAfterMs / 1000));
    send(res, err.httpStatus, err.toJSON(), h);
  }
}

function isForm(req: IncomingMessage): boolean {
  const type = header(req, 'content-type');
  return type === undefined || type.startsWith('application/x-www-form-urlencoded');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function headers(deps: RestDeps, ip: string, orderUid: number | null): Record<string, string> {
  const now = deps.now();
  const h: Record<string, string> = { 'X-MBX-USED-WEIGHT-1M': String(deps.limiter.usedWeight(ip, now)) };
  if (orderUid !== null) {
    const c = deps.limiter.orderCountsOf(orderUid, now);
    h['X-MBX-ORDER-COUNT-10S'] = String(c.count10s);
    h['X-MBX-ORDER-COUNT-1D'] = String(c.count1d);
  }
  return h;
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
    ...extra,
  });
  res.end(text);
}

/** Binance's WAF answers before the API does: a 403 page, not a {code,msg} body. */
function sendWafPage(res: ServerResponse): void {
  const page = '<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1></body></html>';
  res.writeHead(403, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(page) });
  res.end(page);
}

/** The timeout fault: the order exists, the answer never comes; the socket drops after the hold. */
function hold(res: ServerResponse, deps: RestDeps): void {
  deps.held.add(res);
  const timer = setTimeout(() => {
    deps.held.delete(res);
    res.socket?.destroy();
  }, deps.faults.timeoutHoldMs);
  res.on('close', () => {
    clearTimeout(timer);
    deps.held.delete(res);
  });
}
