import { createHmac } from 'node:crypto';
import WebSocket from 'ws';

/** Minimal Binance-style clients for the server tests: signed REST and a message-queue WebSocket. */

export const sign = (secret: string, payload: string): string =>
  createHmac('sha256', secret).update(payload).digest('hex');

export interface RestReply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RestCall {
  method?: string;
  params?: Record<string, string>;
  /** Signed with `secret`, adding timestamp (unless given) and signature to the query string. */
  secret?: string;
  apiKey?: string;
  timestamp?: number;
  /** Put the params in an x-www-form-urlencoded body instead of the query string. */
  inBody?: boolean;
  signal?: AbortSignal;
}

export async function rest<T = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  call: RestCall = {},
): Promise<RestReply<T>> {
  const params = new URLSearchParams(call.params ?? {});
  if (call.secret !== undefined && !params.has('timestamp'))
    params.set('timestamp', String(call.timestamp ?? Date.now()));
  let payload = params.toString();
  if (call.secret !== undefined) payload += `${payload ? '&' : ''}signature=${sign(call.secret, payload)}`;
  const headers: Record<string, string> = {};
  if (call.apiKey !== undefined) headers['X-MBX-APIKEY'] = call.apiKey;
  let url = `${baseUrl}${path}`;
  let body: string | undefined;
  if (call.inBody) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = payload;
  } else if (payload) {
    url += `?${payload}`;
  }
  const res = await fetch(url, { method: call.method ?? 'GET', headers, body, signal: call.signal });
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

/** A WebSocket whose messages queue up, to await the next one matching a predicate. */
export class TestSocket {
  readonly messages: Record<string, unknown>[] = [];
  private waiters: {
    match: (m: Record<string, unknown>) => boolean;
    resolve: (m: Record<string, unknown>) => void;
  }[] = [];
  closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as Record<string, unknown>;
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(m)) return true;
        w.resolve(m);
        return false;
      });
    });
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  }

  static open(url: string): Promise<TestSocket> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new TestSocket(ws)));
      ws.once('error', reject);
    });
  }

  /** Resolves with the first queued or future message matching `match`. */
  next(
    match: (m: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Record<string, unknown>> {
    const seen = this.messages.find(match);
    if (seen) {
      this.messages.splice(this.messages.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching message within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          this.messages.splice(this.messages.indexOf(m), 1);
          resolve(m);
        },
      });
    });
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  /** Sends a WS API request and waits for the response with its id. */
  request(
    id: number | string,
    method: string,
    params?: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    this.send(params ? { id, method, params } : { id, method });
    return this.next((m) => m.id === id);
  }

  close(): void {
    this.ws.terminate();
  }
}

/** WS API signed params: every param but signature, sorted by name, key=value&… */
export function signWsParams(
  secret: string,
  params: Record<string, string | number>,
): Record<string, string | number> {
  const payload = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
  return { ...params, signature: sign(secret, payload) };
}

/** Weight counters reset on the minute: tests that compare them start well inside one. */
export async function awayFromMinuteBoundary(marginMs = 3000): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 60_000 - marginMs) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 50));
}
