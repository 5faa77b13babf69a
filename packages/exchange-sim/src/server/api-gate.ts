import { ApiErrors, SimApiError } from '../errors';
import type { SimExchange } from '../engine/exchange';
import type { VenueBehaviour } from '../behaviour';
import type { FaultInjector } from '../faults';
import type { ListenKeyRegistry } from './listen-keys';
import { checkUnreadParams, OPERATIONS, SIGNED_EXTRAS, type Operation, type Params } from './operations';
import type { RateLimiter } from './rate-limiter';
import { checkApiKeyFormat, checkTimestamp, signatureMatches, wsSignaturePayload } from './signature';

/** How the request proves who it is: REST's header and raw payload, or WS API params / session. */
export type AuthInput =
  | { kind: 'rest'; apiKeyHeader: string | undefined; payload: string; signature: string | undefined }
  | { kind: 'ws'; sessionApiKey: string | null };

export interface GateOutcome {
  body: unknown;
  uid: number | null;
  /** The order was placed but the client must get no answer (timeout fault). */
  withhold: boolean;
}

/** How many requests were refused, by Binance error code (bounded by the set of codes). */
export class ErrorCounts {
  private readonly counts = new Map<number, number>();

  add(code: number): void {
    if (this.counts.size < 200 || this.counts.has(code))
      this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(
      [...this.counts.entries()].sort((a, b) => a[0] - b[0]).map(([c, n]) => [String(c), n]),
    );
  }
}

export interface GateDeps {
  exchange: SimExchange;
  limiter: RateLimiter;
  faults: FaultInjector;
  listenKeys: ListenKeyRegistry;
  errors: ErrorCounts;
  behaviour: VenueBehaviour;
  now(): number;
}

/**
 * Everything between a parsed request and its operation, the same for REST and the WebSocket
 * API: bans, forced errors, weights and limits, unread parameters, API key, signature and
 * timing, order-rate limits and order faults.
 */
export class ApiGate {
  constructor(private readonly deps: GateDeps) {}

  run(op: Operation, params: Params, auth: AuthInput, ip: string): GateOutcome {
    try {
      return this.runChecked(op, params, auth, ip);
    } catch (e) {
      this.deps.errors.add(e instanceof SimApiError ? e.code : ApiErrors.unknown().code);
      throw e;
    }
  }

  private runChecked(op: Operation, params: Params, auth: AuthInput, ip: string): GateOutcome {
    const { limiter, faults, exchange } = this.deps;
    const now = this.deps.now();
    limiter.checkBan(ip, now);
    // A retired endpoint is gone before anything about the request is looked at.
    if ('listenKeyEndpoint' in op && op.listenKeyEndpoint && this.deps.behaviour.listenKeyRetired)
      throw ApiErrors.listenKeyRetired();
    const weight = op.weight(params);
    const limited = faults.takeRateLimit();
    if (limited) limiter.refuse(ip, now, limited.status, limited.retryAfterMs);
    const forced = faults.takeForcedError();
    if (forced) {
      limiter.charge(ip, weight, now);
      throw forced;
    }
    if (!op.freeOnSuccess) limiter.charge(ip, weight, now);
    limiter.enforce(ip, now);
    try {
      // The WS API also accepts apiKey (signed methods) and returnRateLimits on every request.
      const wsExtras = auth.kind === 'ws' ? ['apiKey', 'returnRateLimits'] : [];
      checkUnreadParams(op, params, op.security === 'SIGNED' ? [...SIGNED_EXTRAS, ...wsExtras] : wsExtras);
      const apiKey = this.authenticate(op, params, auth, now);
      const uid = apiKey ? exchange.findAccount(apiKey)!.uid : null;
      const ctx = {
        exchange,
        params,
        apiKey: apiKey ?? '',
        listenKeys: this.deps.listenKeys,
        limiter,
        behaviour: this.deps.behaviour,
        now,
      };
      if (!op.placesOrder) {
        if (faults.failOrderLookups && op === OPERATIONS.getOrder) throw ApiErrors.overloaded();
        return { body: op.run(ctx), uid, withhold: false };
      }

      limiter.checkOrderRate(uid!, now);
      const fault = faults.takeOrderFault();
      if (fault?.kind === 'unknown' && !fault.place) throw ApiErrors.timeout();
      const body = op.run(ctx);
      limiter.countOrder(uid!, now);
      if (fault?.kind === 'unknown') throw ApiErrors.timeout();
      return { body, uid, withhold: fault?.kind === 'timeout' };
    } catch (e) {
      if (op.freeOnSuccess) limiter.charge(ip, weight, now);
      throw e;
    }
  }

  /** Resolves the acting API key, or null for public operations. Throws Binance's auth errors. */
  authenticate(op: Operation, params: Params, auth: AuthInput, now: number): string | null {
    if (op.security === 'NONE') return null;
    if (auth.kind === 'rest') {
      const apiKey = checkApiKeyFormat(auth.apiKeyHeader);
      const account = this.deps.exchange.findAccount(apiKey);
      if (!account) throw ApiErrors.rejectedApiKey();
      if (op.security === 'API_KEY') return apiKey;
      const timestamp = params.timestamp;
      if (timestamp === undefined || timestamp === '') throw ApiErrors.mandatory('timestamp');
      if (auth.signature === undefined || auth.signature === '') throw ApiErrors.mandatory('signature');
      if (!signatureMatches(account.apiSecret, auth.payload, auth.signature)) throw ApiErrors.badSignature();
      checkTimestamp(timestamp, params.recvWindow, now);
      return apiKey;
    }
    if (op.security === 'API_KEY') {
      // WS API userDataStream.start/ping/stop: an apiKey parameter, no signature.
      const apiKey = checkApiKeyFormat(params.apiKey);
      if (!this.deps.exchange.findAccount(apiKey)) throw ApiErrors.rejectedApiKey();
      return apiKey;
    }
    return this.authenticateWs(params, auth.sessionApiKey, now);
  }

  /** WS API: explicit apiKey + signature over the sorted params, or the session's logged-on key. */
  authenticateWs(params: Params, sessionApiKey: string | null, now: number): string {
    let apiKey: string;
    if (params.apiKey !== undefined || params.signature !== undefined || sessionApiKey === null) {
      if (params.apiKey === undefined || params.apiKey === '') throw ApiErrors.mandatory('apiKey');
      apiKey = checkApiKeyFormat(params.apiKey);
      const account = this.deps.exchange.findAccount(apiKey);
      if (!account) throw ApiErrors.rejectedApiKey();
      if (params.timestamp === undefined || params.timestamp === '') throw ApiErrors.mandatory('timestamp');
      if (params.signature === undefined || params.signature === '') throw ApiErrors.mandatory('signature');
      if (!signatureMatches(account.apiSecret, wsSignaturePayload(params), params.signature))
        throw ApiErrors.badSignature();
    } else {
      apiKey = sessionApiKey;
      if (!this.deps.exchange.findAccount(apiKey)) throw ApiErrors.rejectedApiKey();
    }
    checkTimestamp(params.timestamp, params.recvWindow, now);
    return apiKey;
  }
}
