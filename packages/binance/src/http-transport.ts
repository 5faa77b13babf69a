import type { z } from 'zod';
import { ExchangeRejected, isExchangeError, type ExchangeError } from '@aurora/core';
import {
  BinanceCode,
  classifyHttpFailure,
  classifyMalformedResponse,
  classifyTransportFailure,
  silentLogger,
  type FailureContext,
  type Logger,
} from './errors';
import type { RateLimiter } from './rate-limiter';
import { retryAfterMs } from './rate-limiter';
import { ErrorBodySchema } from './rest-schemas';
import { encodeQuery, signQuery, type Params, type RequestSigner } from './signing';
import type { TimeSync } from './time-sync';
import { assertUrlAllowed, type Venue } from './venue';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** rest-api.md's security types, reduced to what changes the request. */
export type Security = 'NONE' | 'API_KEY' | 'SIGNED';

export interface RequestSpec {
  method: HttpMethod;
  /** e.g. '/api/v3/order' */
  path: string;
  params?: Params;
  security: Security;
  /** Changes orders: failures after sending are UNKNOWN, not retryable. */
  mutating?: boolean;
  /** Counts against the ORDERS limits. */
  isOrder?: boolean;
  /** For orders: EXIT may use the budget share held back from entries (RateLimiter.admit). */
  orderLane?: 'ENTRY' | 'EXIT';
  timeoutMs?: number;
}

export interface Credentials {
  apiKey: string;
  signer: RequestSigner;
}

export interface HttpTransportOptions {
  venue: Venue;
  credentials?: Credentials;
  rateLimiter: RateLimiter;
  timeSync: TimeSync;
  recvWindowMs: number;
  timeoutMs: number;
  logger?: Logger;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** A private endpoint called on a client built without keys: configuration, never retried. */
export class MissingCredentials extends ExchangeRejected {
  constructor(endpoint: string) {
    super(`${endpoint} needs an API key and signer`, null, null);
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One HTTP exchange with Binance: allowlist check, rate-limit admission, signing with the
 * synced clock, timeout, header bookkeeping, error classification and safe logging. On -1021
 * it resyncs the clock and sends once more (Binance rejects those before the matching engine,
 * so the resend cannot duplicate an order).
 */
export class HttpTransport {
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly log: Logger;
  private readonly base: string;

  constructor(private readonly opts: HttpTransportOptions) {
    this.fetchImpl = opts.fetchImpl ?? fetch;
    this.sleep = opts.sleep ?? realSleep;
    this.log = opts.logger ?? silentLogger;
    this.base = opts.venue.restUrl.replace(/\/+$/, '');
    assertUrlAllowed(opts.venue.kind, this.base);
  }

  get hasCredentials(): boolean {
    return this.opts.credentials !== undefined;
  }

  async request<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<z.infer<S>> {
    const ctx: FailureContext = { endpoint: `${spec.method} ${spec.path}`, mutating: spec.mutating ?? false };
    try {
      return await this.send(spec, schema, ctx);
    } catch (err) {
      if (isExchangeError(err) && err.code === BinanceCode.INVALID_TIMESTAMP && spec.security === 'SIGNED') {
        await this.opts.timeSync.sync();
        this.log.warn(
          { endpoint: ctx.endpoint, offset_ms: this.opts.timeSync.offsetMs },
          'binance: -1021, clock resynced, resending once',
        );
        return this.send(spec, schema, ctx);
      }
      throw err;
    }
  }

  private async send<S extends z.ZodType>(
    spec: RequestSpec,
    schema: S,
    ctx: FailureContext,
  ): Promise<z.infer<S>> {
    // Re-checked on every request: the target of this very request, not just the config.
    const url = assertUrlAllowed(this.opts.venue.kind, this.base + spec.path);
    const admission = this.opts.rateLimiter.admit(ctx.endpoint, spec.isOrder ?? false, spec.orderLane);
    if (admission.delayMs > 0) await this.sleep(admission.delayMs);

    const headers: Record<string, string> = {};
    let query: string;
    if (spec.security === 'NONE') {
      query = encodeQuery(spec.params ?? {});
    } else {
      const creds = this.opts.credentials;
      if (creds === undefined) throw new MissingCredentials(ctx.endpoint);
      headers['X-MBX-APIKEY'] = creds.apiKey;
      query =
        spec.security === 'SIGNED'
          ? signQuery(
              spec.params ?? {},
              creds.signer,
              Math.round(this.opts.timeSync.serverNow()),
              this.opts.recvWindowMs,
            )
          : encodeQuery(spec.params ?? {});
    }
    const target = query.length > 0 ? `${url.href}?${query}` : url.href;

    let res: Response;
    let text: string;
    try {
      res = await this.fetchImpl(target, {
        method: spec.method,
        headers,
        signal: AbortSignal.timeout(spec.timeoutMs ?? this.opts.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      throw this.logged(classifyTransportFailure(err, ctx), ctx);
    }
    this.opts.rateLimiter.onResponse(res.status, res.headers);

    if (res.ok) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw this.logged(classifyMalformedResponse(ctx, res.status, 'not JSON'), ctx);
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        const why = parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ');
        throw this.logged(classifyMalformedResponse(ctx, res.status, why), ctx);
      }
      return parsed.data;
    }

    let code: number | null = null;
    let msg: string | null = null;
    try {
      const body = ErrorBodySchema.safeParse(JSON.parse(text));
      if (body.success) ({ code, msg } = body.data);
    } catch {
      // Non-JSON error bodies (a proxy's HTML 502, a WAF page): the status alone classifies it.
    }
    const failure = classifyHttpFailure(
      { httpStatus: res.status, code, msg, retryAfterMs: retryAfterMs(res.headers) },
      ctx,
    );
    throw this.logged(failure, ctx);
  }

  /** Log what is safe to log: endpoint, status, code, message. Never the URL, key or signature. */
  private logged(err: ExchangeError, ctx: FailureContext): ExchangeError {
    this.log.warn(
      {
        endpoint: ctx.endpoint,
        http_status: err.httpStatus,
        code: err.code,
        msg: 'binanceMsg' in err ? err.binanceMsg : null,
        family: err.family,
      },
      `binance error: ${err.message}`,
    );
    return err;
  }
}
