import {
  ExchangeRejected,
  ExchangeRetryable,
  UnknownExecutionStatus,
  type ExchangeError,
} from '@aurora/core';

/** What the adapter knows about a failed call, enough to classify it and to log it safely. */
export interface FailureContext {
  /** e.g. 'POST /api/v3/order' — never the query string (it carries the signature). */
  endpoint: string;
  /**
   * True for requests that change orders (place, cancel, cancel-all). For those, a failure after
   * the request may have reached Binance leaves the outcome unknown; for reads it is just retryable.
   */
  mutating: boolean;
}

/** Binance's own error fields, kept for logs and for callers who branch on the code. */
export interface BinanceErrorDetail {
  endpoint: string;
  binanceMsg: string | null;
}

export class BinanceRejected extends ExchangeRejected implements BinanceErrorDetail {
  constructor(
    message: string,
    code: number | null,
    httpStatus: number | null,
    readonly endpoint: string,
    readonly binanceMsg: string | null,
  ) {
    super(message, code, httpStatus);
  }
}

export class BinanceRetryable extends ExchangeRetryable implements BinanceErrorDetail {
  constructor(
    message: string,
    code: number | null,
    httpStatus: number | null,
    retry: 'now' | 'after-resync' | 'after-backoff',
    retryAfterMs: number | null,
    readonly endpoint: string,
    readonly binanceMsg: string | null,
  ) {
    super(message, code, httpStatus, retry, retryAfterMs);
  }
}

export class BinanceUnknownStatus extends UnknownExecutionStatus implements BinanceErrorDetail {
  constructor(
    message: string,
    code: number | null,
    httpStatus: number | null,
    readonly endpoint: string,
    readonly binanceMsg: string | null,
  ) {
    super(message, code, httpStatus);
  }
}

/** Binance error codes the adapter acts on (errors.md). */
export const BinanceCode = {
  UNKNOWN: -1000,
  DISCONNECTED: -1001,
  TOO_MANY_REQUESTS: -1003,
  UNEXPECTED_RESP: -1006,
  TIMEOUT: -1007,
  SERVER_BUSY: -1008,
  INVALID_MESSAGE: -1013,
  TOO_MANY_ORDERS: -1015,
  SERVICE_SHUTTING_DOWN: -1016,
  INVALID_TIMESTAMP: -1021,
  INVALID_SIGNATURE: -1022,
  NEW_ORDER_REJECTED: -2010,
  CANCEL_REJECTED: -2011,
  NO_SUCH_ORDER: -2013,
  BAD_API_KEY_FMT: -2014,
  REJECTED_MBX_KEY: -2015,
} as const;

/** Codes that say "the backend may or may not have executed it" (errors.md -1006/-1007, and the
 *  two internal-error texts Binance sends with -1000/-1001). */
const OUTCOME_UNKNOWN_CODES = new Set<number>([
  BinanceCode.UNKNOWN,
  BinanceCode.DISCONNECTED,
  BinanceCode.UNEXPECTED_RESP,
  BinanceCode.TIMEOUT,
  BinanceCode.SERVER_BUSY,
]);
const OUTCOME_UNKNOWN_MESSAGES = [
  'Unknown error, please check your request or try again later.',
  'Internal error; unable to process your request. Please try again.',
];

const RATE_LIMIT_CODES = new Set<number>([BinanceCode.TOO_MANY_REQUESTS, BinanceCode.TOO_MANY_ORDERS]);

export interface HttpFailure {
  httpStatus: number;
  code: number | null;
  msg: string | null;
  /** From Retry-After on 418/429, already in ms. */
  retryAfterMs: number | null;
}

const describe = (
  ctx: FailureContext,
  f: { httpStatus: number | null; code: number | null; msg: string | null },
) => `${ctx.endpoint} failed: HTTP ${f.httpStatus ?? '-'} code ${f.code ?? '-'} ${f.msg ?? ''}`.trim();

/**
 * One answer from Binance that was not a success → one of the three families. The order of the
 * checks matters: an outcome-unknown signal wins over everything for order-changing requests,
 * because resending an order that may exist is the one mistake that costs money twice.
 */
export const classifyHttpFailure = (f: HttpFailure, ctx: FailureContext): ExchangeError => {
  const message = describe(ctx, f);
  const unknownOutcome =
    f.httpStatus >= 500 ||
    (f.code !== null && OUTCOME_UNKNOWN_CODES.has(f.code)) ||
    (f.msg !== null && OUTCOME_UNKNOWN_MESSAGES.includes(f.msg));
  if (unknownOutcome) {
    return ctx.mutating
      ? new BinanceUnknownStatus(message, f.code, f.httpStatus, ctx.endpoint, f.msg)
      : new BinanceRetryable(
          message,
          f.code,
          f.httpStatus,
          'after-backoff',
          f.retryAfterMs,
          ctx.endpoint,
          f.msg,
        );
  }
  // 418 (banned), 429 (limit broken) and 403 (WAF, which Binance says can be a rate limit) were
  // refused before any processing: safe to resend once the wait is over.
  if (
    f.httpStatus === 418 ||
    f.httpStatus === 429 ||
    f.httpStatus === 403 ||
    (f.code !== null && RATE_LIMIT_CODES.has(f.code))
  ) {
    return new BinanceRetryable(
      message,
      f.code,
      f.httpStatus,
      'after-backoff',
      f.retryAfterMs,
      ctx.endpoint,
      f.msg,
    );
  }
  if (f.code === BinanceCode.INVALID_TIMESTAMP) {
    return new BinanceRetryable(message, f.code, f.httpStatus, 'after-resync', null, ctx.endpoint, f.msg);
  }
  if (f.code === BinanceCode.SERVICE_SHUTTING_DOWN) {
    return new BinanceRetryable(message, f.code, f.httpStatus, 'after-backoff', null, ctx.endpoint, f.msg);
  }
  // Everything else is our request's fault (4XX): -2010 (incl. insufficient balance and duplicate
  // clientOrderId), -1013 filters, -2011, -2013, -11xx, -1022, -2014, -2015 … Never retried.
  return new BinanceRejected(message, f.code, f.httpStatus, ctx.endpoint, f.msg);
};

/** Network error codes that prove the request never left this process. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Walks `cause` chains (undici wraps the socket error in a TypeError 'fetch failed'). */
export const networkErrorCode = (err: unknown): string | null => {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e !== null && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
};

const isTimeout = (err: unknown): boolean =>
  err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');

/**
 * A transport failure (no HTTP answer). Only errors that prove nothing was sent are plainly
 * retryable; a timeout or a reset after sending leaves an order's fate unknown.
 */
export const classifyTransportFailure = (err: unknown, ctx: FailureContext): ExchangeError => {
  const code = networkErrorCode(err);
  const detail = isTimeout(err) ? 'timed out' : (code ?? (err instanceof Error ? err.message : String(err)));
  const message = `${ctx.endpoint} failed: ${detail}`;
  if (code !== null && NOT_SENT_CODES.has(code)) {
    return new BinanceRetryable(message, null, null, 'after-backoff', null, ctx.endpoint, null);
  }
  return ctx.mutating
    ? new BinanceUnknownStatus(message, null, null, ctx.endpoint, null)
    : new BinanceRetryable(message, null, null, 'after-backoff', null, ctx.endpoint, null);
};

/**
 * A 2XX whose body does not match the documented shape. For an order-changing request the
 * change happened (Binance said OK), we just cannot read it: settle by querying the order.
 */
export const classifyMalformedResponse = (
  ctx: FailureContext,
  httpStatus: number,
  why: string,
): ExchangeError => {
  const message = `${ctx.endpoint} returned an unreadable response: ${why}`;
  return ctx.mutating
    ? new BinanceUnknownStatus(message, null, httpStatus, ctx.endpoint, null)
    : new BinanceRetryable(message, null, httpStatus, 'after-backoff', null, ctx.endpoint, null);
};

/** The pino-like logger every component takes. */
export interface Logger {
  warn(obj: Record<string, unknown>, msg: string): void;
  info?(obj: Record<string, unknown>, msg: string): void;
  debug?(obj: Record<string, unknown>, msg: string): void;
}

export const silentLogger: Logger = { warn: () => undefined };
