import diagnostics from 'node:diagnostics_channel';

/** Which outgoing request a sample waits for: method and path with its query string. */
export type RequestMatcher = (method: string, pathAndQuery: string) => boolean;

/** What one armed sample saw, in process.hrtime.bigint() nanoseconds. */
export interface WireStamps {
  /** Our code called fetch() for the matching request: the order leaves our hands. */
  fetchCalledAt: bigint | null;
  /** undici wrote the request's headers to the socket (`undici:client:sendHeaders`). */
  headersWrittenAt: bigint | null;
  /** Time inside the timed store's methods between arming and fetchCalledAt. */
  storeNs: bigint;
  /** Names of the store methods called in that window, in order. */
  storeCalls: string[];
}

/** A matching request seen by the probe, kept so a baseline can replay its shape (never logged). */
export interface SeenRequest {
  url: string;
  init: RequestInit | undefined;
}

// undici publishes this right after writing a request's headers to the socket.
const SEND_HEADERS = 'undici:client:sendHeaders';

const requestOf = (message: unknown): { method: string; path: string } | null => {
  const req = (message as { request?: { method?: unknown; path?: unknown } } | null)?.request;
  return typeof req?.method === 'string' && typeof req.path === 'string'
    ? { method: req.method, path: req.path }
    : null;
};

const pathOf = (url: string): string => {
  const at = url.indexOf('/', url.indexOf('//') + 2);
  return at < 0 ? '/' : url.slice(at);
};

/**
 * Timestamps an order request on its way out of the process, without touching product code:
 * globalThis.fetch is wrapped (the bot's HTTP transport picks fetch up when it is built, so
 * install() must run first) and undici's diagnostics channel reports the socket write. Store
 * methods can be timed too, to split SQLite's share out of a sample.
 */
export class OrderWireProbe {
  private matcher: RequestMatcher | null = null;
  private stamps: WireStamps = { fetchCalledAt: null, headersWrittenAt: null, storeNs: 0n, storeCalls: [] };
  private originalFetch: typeof fetch | null = null;
  private readonly onSendHeaders = (message: unknown): void => {
    const at = process.hrtime.bigint();
    if (this.matcher === null || this.stamps.headersWrittenAt !== null) return;
    const req = requestOf(message);
    if (req !== null && this.matcher(req.method, req.path)) this.stamps.headersWrittenAt = at;
  };
  /** The last matching request (URL and init), for a baseline that sends the same bytes. */
  lastRequest: SeenRequest | null = null;

  install(): void {
    if (this.originalFetch !== null) return;
    const original = globalThis.fetch;
    this.originalFetch = original;
    globalThis.fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const at = process.hrtime.bigint();
      if (this.matcher !== null && this.stamps.fetchCalledAt === null && typeof input === 'string') {
        if (this.matcher(init?.method ?? 'GET', pathOf(input))) {
          this.stamps.fetchCalledAt = at;
          this.lastRequest = { url: input, init };
        }
      }
      return original(input, init);
    };
    diagnostics.subscribe(SEND_HEADERS, this.onSendHeaders);
  }

  uninstall(): void {
    if (this.originalFetch === null) return;
    globalThis.fetch = this.originalFetch;
    this.originalFetch = null;
    diagnostics.unsubscribe(SEND_HEADERS, this.onSendHeaders);
  }

  /** The untouched fetch (for baselines that must not be stamped twice). */
  get fetch(): typeof fetch {
    return this.originalFetch ?? globalThis.fetch;
  }

  /** Start a sample: the next request matching `matcher` is the one stamped. */
  arm(matcher: RequestMatcher): void {
    this.stamps = { fetchCalledAt: null, headersWrittenAt: null, storeNs: 0n, storeCalls: [] };
    this.matcher = matcher;
  }

  disarm(): WireStamps {
    this.matcher = null;
    return this.stamps;
  }

  /**
   * Wrap every method of a store object (the bot's TradingRepo) to add the time spent in it to
   * the armed sample, up to the moment fetch is called. The object's own methods are replaced
   * in place: everything holding the object sees the timed versions.
   */
  timeStore(store: object): void {
    const target = store as Record<string, unknown>;
    for (const [name, value] of Object.entries(target)) {
      if (typeof value !== 'function') continue;
      const method = value as (...args: unknown[]) => unknown;
      target[name] = (...args: unknown[]): unknown => {
        if (this.matcher === null || this.stamps.fetchCalledAt !== null) return method.apply(store, args);
        const start = process.hrtime.bigint();
        try {
          return method.apply(store, args);
        } finally {
          this.stamps.storeNs += process.hrtime.bigint() - start;
          this.stamps.storeCalls.push(name);
        }
      };
    }
  }
}

/** POST /api/v3/order with its query: a new order (not /order/test, not a cancel). */
export const isOrderPlacement: RequestMatcher = (method, path) =>
  method === 'POST' && path.startsWith('/api/v3/order?');

/** POST /api/v3/order/test: what the noise-floor baseline sends. */
export const isTestOrder: RequestMatcher = (method, path) =>
  method === 'POST' && path.startsWith('/api/v3/order/test');
