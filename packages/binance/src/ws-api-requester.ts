import { classifyHttpFailure, type FailureContext } from './errors';
import type { ExchangeError } from '@aurora/core';

/** A WS-API error response ({id, status, error: {code, msg}}). */
export class WsApiError extends Error {
  constructor(
    readonly method: string,
    readonly status: number,
    readonly code: number | null,
    readonly binanceMsg: string | null,
  ) {
    super(`${method} failed: status ${status} code ${code ?? '-'} ${binanceMsg ?? ''}`.trim());
    this.name = 'WsApiError';
  }

  /** The same three-family classification as REST (status codes mean the same on the WS API). */
  toExchangeError(mutating = false): ExchangeError {
    const ctx: FailureContext = { endpoint: `WS ${this.method}`, mutating };
    return classifyHttpFailure(
      { httpStatus: this.status, code: this.code, msg: this.binanceMsg, retryAfterMs: null },
      ctx,
    );
  }
}

interface Pending {
  method: string;
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Request/response correlation for the WebSocket API: each request gets a fresh id, the
 * matching response settles it, and a request without an answer fails after `timeoutMs`.
 * At most one request per id is ever in flight, so the map is bounded by our own requests.
 */
export class WsApiRequester {
  private seq = 0;
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly timeoutMs: number) {}

  request(send: (text: string) => void, method: string, params?: Record<string, unknown>): Promise<unknown> {
    const id = `aurora-${++this.seq}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no response within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      timer.unref();
      this.pending.set(id, { method, resolve, reject, timer });
      send(JSON.stringify(params === undefined ? { id, method } : { id, method, params }));
    });
  }

  /** A frame with `id` and `status`. Unknown ids (e.g. after a timeout) are ignored. */
  settle(frame: object): void {
    const { id, status, result, error } = frame as {
      id?: unknown;
      status?: unknown;
      result?: unknown;
      error?: unknown;
    };
    if (typeof id !== 'string') return;
    const p = this.pending.get(id);
    if (p === undefined) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (status === 200) {
      p.resolve(result);
      return;
    }
    const e = (error ?? {}) as { code?: unknown; msg?: unknown };
    p.reject(
      new WsApiError(
        p.method,
        typeof status === 'number' ? status : 0,
        typeof e.code === 'number' ? e.code : null,
        typeof e.msg === 'string' ? e.msg : null,
      ),
    );
  }

  failAll(err: Error): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(err);
      this.pending.delete(id);
    }
  }

  get inFlight(): number {
    return this.pending.size;
  }
}
