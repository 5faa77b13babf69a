/**
 * The three families of venue failure. Callers branch on the class, never on message text.
 */
export abstract class ExchangeError extends Error {
  abstract readonly family: 'rejected' | 'retryable' | 'unknown';
  constructor(
    message: string,
    readonly code: number | null,
    readonly httpStatus: number | null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The venue refused the request and nothing happened: never retry the same request. */
export class ExchangeRejected extends ExchangeError {
  readonly family = 'rejected' as const;
}

/** The request did not take effect and may be retried (after resync or backoff). */
export class ExchangeRetryable extends ExchangeError {
  readonly family = 'retryable' as const;
  constructor(
    message: string,
    code: number | null,
    httpStatus: number | null,
    readonly retry: 'now' | 'after-resync' | 'after-backoff',
    readonly retryAfterMs: number | null = null,
  ) {
    super(message, code, httpStatus);
  }
}

/**
 * We do not know whether the order exists (timeout, 5xx, -1007). Never resend: look the order
 * up by its clientOrderId until it is found or the recovery window ends.
 */
export class UnknownExecutionStatus extends ExchangeError {
  readonly family = 'unknown' as const;
}

export const isExchangeError = (e: unknown): e is ExchangeError => e instanceof ExchangeError;
