import type { WebSocket } from 'ws';
import { ApiErrors, SimApiError } from '../errors';
import type { ApiGate } from './api-gate';
import { OPERATIONS, WS_METHODS, type Params } from './operations';
import { RateLimitedError, type RateLimiter } from './rate-limiter';
import type { UserHub } from './user-hub';
import type { SimExchange } from '../engine/exchange';
import type { VenueBehaviour } from '../behaviour';
import type { FaultInjector } from '../faults';

export interface WsApiDeps {
  gate: ApiGate;
  limiter: RateLimiter;
  faults: FaultInjector;
  exchange: SimExchange;
  users: UserHub;
  behaviour: VenueBehaviour;
  now(): number;
}

interface Subscription {
  uid: number;
  viaLogon: boolean;
  stop: () => void;
}

type RequestId = string | number | null;

const SESSION_WEIGHT = 2;
const MAX_SUBSCRIPTIONS = 1000;
const MAX_SUBSCRIPTION_IDS = 65_535;
const MAX_PENDING_REQUESTS = 1000;

/**
 * One WebSocket API connection: {id, method, params} requests answered as {id, status,
 * result | error, rateLimits}; session logon (HMAC accepted) and user-data subscriptions whose
 * events arrive as {subscriptionId, event}.
 */
export class WsApiSession {
  private apiKey: string | null = null;
  private authorizedSince: number | null = null;
  private readonly connectedSince: number;
  private readonly subscriptions = new Map<number, Subscription>();
  private nextSubscriptionId = 0;
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(
    private readonly ws: WebSocket,
    private readonly ip: string,
    private readonly returnRateLimitsDefault: boolean,
    private readonly deps: WsApiDeps,
  ) {
    this.connectedSince = deps.now();
    deps.limiter.charge(ip, 2, this.connectedSince);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      // A client flooding a slow (latency-injected) session is cut off, not buffered forever.
      if (this.pending >= MAX_PENDING_REQUESTS) return ws.close(1008, 'Too many pending requests');
      this.pending++;
      // Requests are answered in order, after the injected latency.
      this.queue = this.queue.then(() => this.onMessage(data.toString())).finally(() => this.pending--);
    });
    ws.on('close', () => this.stopAll(false));
  }

  private async onMessage(text: string): Promise<void> {
    const latency = this.deps.faults.latencyMs;
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    let id: RequestId = null;
    let returnRateLimits = this.returnRateLimitsDefault;
    let uid: number | null = null;
    try {
      const req = parseRequest(text);
      id = req.id;
      if (req.params.returnRateLimits !== undefined)
        returnRateLimits = req.params.returnRateLimits === 'true';
      const method = req.method.startsWith('v3/') ? req.method.slice(3) : req.method;
      const isOrder = method === 'order.place';
      const opName = WS_METHODS[method];
      let result: unknown;
      if (opName) {
        const op = OPERATIONS[opName];
        const outcome = this.deps.gate.run(
          op,
          req.params,
          { kind: 'ws', sessionApiKey: this.apiKey },
          this.ip,
        );
        uid = outcome.uid;
        if (outcome.withhold) return;
        result = outcome.body;
        // The answer races the user-data stream (answers stay in request order on a connection).
        const answerDelay = 'racesStream' in op && op.racesStream ? this.deps.behaviour.drawAnswerDelay() : 0;
        if (answerDelay > 0) await new Promise((r) => setTimeout(r, answerDelay));
      } else {
        result = this.session(method, req.params);
      }
      this.send({ id, status: 200, result, ...this.rateLimits(returnRateLimits, isOrder ? uid : null) });
    } catch (e) {
      const err = e instanceof SimApiError ? e : ApiErrors.unknown();
      const error: Record<string, unknown> = err.toJSON();
      if (e instanceof RateLimitedError) error.data = { serverTime: this.deps.now(), retryAfter: e.retryAt };
      this.send({ id, status: err.httpStatus, error, ...this.rateLimits(returnRateLimits, null) });
    }
  }

  /** Session and user-data-stream methods, which live on the connection rather than the engine. */
  private session(method: string, params: Params): unknown {
    const now = this.deps.now();
    const { limiter } = this.deps;
    limiter.checkBan(this.ip, now);
    limiter.charge(this.ip, SESSION_WEIGHT, now);
    limiter.enforce(this.ip, now);
    switch (method) {
      case 'session.logon': {
        this.apiKey = this.deps.gate.authenticateWs(params, null, now);
        this.authorizedSince = now;
        return this.status();
      }
      case 'session.status':
        return this.status();
      case 'session.logout': {
        for (const [id, s] of this.subscriptions) if (s.viaLogon) this.stop(id, true);
        this.apiKey = null;
        this.authorizedSince = null;
        return this.status();
      }
      case 'session.subscriptions':
        return [...this.subscriptions.keys()].map((subscriptionId) => ({ subscriptionId }));
      case 'userDataStream.subscribe': {
        if (this.apiKey === null) throw ApiErrors.unauthorized();
        const account = this.deps.exchange.findAccount(this.apiKey);
        if (!account) throw ApiErrors.rejectedApiKey();
        return { subscriptionId: this.subscribe(account.uid, true) };
      }
      case 'userDataStream.subscribe.signature': {
        const apiKey = this.deps.gate.authenticateWs(params, null, now);
        return { subscriptionId: this.subscribe(this.deps.exchange.findAccount(apiKey)!.uid, false) };
      }
      case 'userDataStream.unsubscribe': {
        if (params.subscriptionId === undefined) {
          for (const sid of [...this.subscriptions.keys()]) this.stop(sid, true);
        } else {
          if (!/^[0-9]{1,10}$/.test(params.subscriptionId))
            throw ApiErrors.illegalChars('subscriptionId', '^[0-9]{1,10}$');
          const sid = Number(params.subscriptionId);
          if (!this.subscriptions.has(sid)) throw ApiErrors.subscriptionInactive();
          this.stop(sid, true);
        }
        return {};
      }
      default:
        throw new SimApiError(-1020, `Unknown method '${method}'.`);
    }
  }

  private subscribe(uid: number, viaLogon: boolean): number {
    for (const s of this.subscriptions.values()) if (s.uid === uid) throw ApiErrors.subscriptionActive();
    if (this.subscriptions.size >= MAX_SUBSCRIPTIONS || this.nextSubscriptionId >= MAX_SUBSCRIPTION_IDS) {
      throw new SimApiError(-2042, 'Maximum subscription ID reached for this connection.');
    }
    const subscriptionId = this.nextSubscriptionId++;
    const stop = this.deps.users.subscribe(uid, (event) => this.send({ subscriptionId, event }));
    this.subscriptions.set(subscriptionId, { uid, viaLogon, stop });
    return subscriptionId;
  }

  /** Ends a subscription; on request the client gets eventStreamTerminated for it. */
  private stop(subscriptionId: number, notify: boolean): void {
    const s = this.subscriptions.get(subscriptionId);
    if (!s) return;
    s.stop();
    this.subscriptions.delete(subscriptionId);
    if (notify) this.send({ subscriptionId, event: { e: 'eventStreamTerminated', E: this.deps.now() } });
  }

  private stopAll(notify: boolean): void {
    for (const id of [...this.subscriptions.keys()]) this.stop(id, notify);
  }

  private status() {
    return {
      apiKey: this.apiKey,
      authorizedSince: this.authorizedSince,
      connectedSince: this.connectedSince,
      returnRateLimits: this.returnRateLimitsDefault,
      serverTime: this.deps.now(),
      userDataStream: this.subscriptions.size > 0,
    };
  }

  private rateLimits(include: boolean, orderUid: number | null): { rateLimits?: unknown[] } {
    if (!include) return {};
    const now = this.deps.now();
    const { limiter } = this.deps;
    const out: unknown[] = [];
    if (orderUid !== null) {
      const c = limiter.orderCountsOf(orderUid, now);
      out.push({
        rateLimitType: 'ORDERS',
        interval: 'SECOND',
        intervalNum: 10,
        limit: limiter.config.ordersPer10s,
        count: c.count10s,
      });
      out.push({
        rateLimitType: 'ORDERS',
        interval: 'DAY',
        intervalNum: 1,
        limit: limiter.config.ordersPerDay,
        count: c.count1d,
      });
    }
    out.push({
      rateLimitType: 'REQUEST_WEIGHT',
      interval: 'MINUTE',
      intervalNum: 1,
      limit: limiter.config.requestWeightPerMinute,
      count: limiter.usedWeight(this.ip, now),
    });
    return { rateLimits: out };
  }

  private send(message: unknown): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }
}

/** Parses one request frame; params become strings as Binance reads them. */
function parseRequest(text: string): { id: RequestId; method: string; params: Params } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw ApiErrors.invalidJson();
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw ApiErrors.invalidJson();
  const r = raw as Record<string, unknown>;
  const id = r.id;
  if (id !== null && typeof id !== 'string' && typeof id !== 'number') throw ApiErrors.invalidParam('id');
  if (typeof r.method !== 'string' || r.method === '') throw ApiErrors.mandatory('method');
  const params: Params = {};
  if (r.params !== undefined) {
    if (typeof r.params !== 'object' || r.params === null || Array.isArray(r.params))
      throw ApiErrors.invalidParam('params');
    for (const [k, v] of Object.entries(r.params as Record<string, unknown>)) {
      if (v === null || v === undefined) continue;
      params[k] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
  }
  return { id: id ?? null, method: r.method, params };
}
