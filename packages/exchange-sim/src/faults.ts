import { z } from 'zod';
import { SimApiError } from './errors';

/** Failure modes the simulator can inject; all off by default. */
export interface FaultSettings {
  /** Delay added before every REST and WebSocket API response. */
  latencyMs: number;
  /** The next N order placements are executed but never answered (held `timeoutHoldMs`, then the socket drops). */
  timeoutNextOrders: number;
  timeoutHoldMs: number;
  /** The next N order placements answer 503 / -1007 (execution status unknown)… */
  unknownStatusNext: number;
  /** …after placing the order (true, default) or without placing it (false). */
  placeBeforeUnknown: boolean;
  /** Offset of the server clock: serverTime, timestamp checks and event times all shift. */
  clockSkewMs: number;
  /** The next `count` REST / WebSocket API requests fail with this error. */
  forceError: { code: number; msg: string; httpStatus: number; count: number } | null;
  /**
   * The user-data stream stalls: sockets stay open and answer pings, but every user event is
   * lost (not delayed) until the stall ends, as a stream that silently stopped delivering.
   */
  stallUserStream: boolean;
  /** Order lookups (GET /api/v3/order, WS order.status) answer 503 / -1008 (overloaded) while on. */
  failOrderLookups: boolean;
  /**
   * The next `count` REST / WebSocket API requests are refused by the rate limiter: 429 (-1003,
   * Retry-After retryAfterS), or 418 (-1003, the IP banned for retryAfterS, every request refused
   * until then, as a real ban).
   */
  rateLimitNext: { status: 429 | 418; retryAfterS: number; count: number } | null;
  /**
   * The market streams are down: every market-stream socket is closed and new ones are refused
   * (HTTP 503 on the upgrade) until set back to false. The user stream and the APIs stay up.
   */
  marketStreamsDown: boolean;
  /** The next N REST requests are blocked by the WAF: 403 with an HTML page, no JSON, no Binance code. */
  wafBlockNext: number;
}

const FaultUpdateSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  timeoutNextOrders: z.number().int().min(0).max(10_000).optional(),
  timeoutHoldMs: z.number().int().min(0).max(600_000).optional(),
  unknownStatusNext: z.number().int().min(0).max(10_000).optional(),
  placeBeforeUnknown: z.boolean().optional(),
  clockSkewMs: z.number().int().min(-86_400_000).max(86_400_000).optional(),
  forceError: z
    .strictObject({
      code: z.number().int(),
      msg: z.string().min(1).max(500),
      httpStatus: z.number().int().min(400).max(599).prefault(400),
      count: z.number().int().min(1).max(10_000).prefault(1),
    })
    .nullable()
    .optional(),
  stallUserStream: z.boolean().optional(),
  failOrderLookups: z.boolean().optional(),
  rateLimitNext: z
    .strictObject({
      status: z.union([z.literal(429), z.literal(418)]),
      retryAfterS: z.number().int().min(1).max(86_400),
      count: z.number().int().min(1).max(10_000).prefault(1),
    })
    .nullable()
    .optional(),
  wafBlockNext: z.number().int().min(0).max(10_000).optional(),
  marketStreamsDown: z.boolean().optional(),
  /** An action, not a setting: close every market and user stream socket now. */
  dropStreams: z.boolean().optional(),
});
export type FaultUpdate = z.input<typeof FaultUpdateSchema>;

export class FaultValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultValidationError';
  }
}

const DEFAULTS: FaultSettings = {
  latencyMs: 0,
  timeoutNextOrders: 0,
  timeoutHoldMs: 30_000,
  unknownStatusNext: 0,
  placeBeforeUnknown: true,
  clockSkewMs: 0,
  forceError: null,
  stallUserStream: false,
  failOrderLookups: false,
  rateLimitNext: null,
  wafBlockNext: 0,
  marketStreamsDown: false,
};

/**
 * Fault injection shared by the admin API and in-process callers. The server consumes the
 * counted faults (`takeForcedError`, `takeOrderFault`) as requests arrive.
 */
export class FaultInjector {
  private settings: FaultSettings = { ...DEFAULTS };
  private readonly dropHandlers = new Set<() => void>();
  private readonly marketDownHandlers = new Set<() => void>();

  get(): FaultSettings {
    return {
      ...this.settings,
      forceError: this.settings.forceError ? { ...this.settings.forceError } : null,
      rateLimitNext: this.settings.rateLimitNext ? { ...this.settings.rateLimitNext } : null,
    };
  }

  /** Applies a partial update (validated); `dropStreams: true` closes stream sockets at once. */
  set(update: FaultUpdate): FaultSettings {
    const parsed = FaultUpdateSchema.safeParse(update);
    if (!parsed.success)
      throw new FaultValidationError(
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    const u = parsed.data;
    const s = this.settings;
    if (u.latencyMs !== undefined) s.latencyMs = u.latencyMs;
    if (u.timeoutNextOrders !== undefined) s.timeoutNextOrders = u.timeoutNextOrders;
    if (u.timeoutHoldMs !== undefined) s.timeoutHoldMs = u.timeoutHoldMs;
    if (u.unknownStatusNext !== undefined) s.unknownStatusNext = u.unknownStatusNext;
    if (u.placeBeforeUnknown !== undefined) s.placeBeforeUnknown = u.placeBeforeUnknown;
    if (u.clockSkewMs !== undefined) s.clockSkewMs = u.clockSkewMs;
    if (u.forceError !== undefined) s.forceError = u.forceError;
    if (u.stallUserStream !== undefined) s.stallUserStream = u.stallUserStream;
    if (u.failOrderLookups !== undefined) s.failOrderLookups = u.failOrderLookups;
    if (u.rateLimitNext !== undefined) s.rateLimitNext = u.rateLimitNext;
    if (u.wafBlockNext !== undefined) s.wafBlockNext = u.wafBlockNext;
    if (u.marketStreamsDown !== undefined) s.marketStreamsDown = u.marketStreamsDown;
    if (u.marketStreamsDown) for (const h of this.marketDownHandlers) h();
    if (u.dropStreams) this.dropStreams();
    return this.get();
  }

  clear(): void {
    this.settings = { ...DEFAULTS };
  }

  dropStreams(): void {
    for (const h of this.dropHandlers) h();
  }

  onDropStreams(handler: () => void): () => void {
    this.dropHandlers.add(handler);
    return () => this.dropHandlers.delete(handler);
  }

  /** Called when the market streams go down (the server closes their sockets). */
  onMarketStreamsDown(handler: () => void): () => void {
    this.marketDownHandlers.add(handler);
    return () => this.marketDownHandlers.delete(handler);
  }

  get marketStreamsDown(): boolean {
    return this.settings.marketStreamsDown;
  }

  get clockSkewMs(): number {
    return this.settings.clockSkewMs;
  }

  get latencyMs(): number {
    return this.settings.latencyMs;
  }

  get timeoutHoldMs(): number {
    return this.settings.timeoutHoldMs;
  }

  /** The forced error for this request, if one is armed (counts down). */
  takeForcedError(): SimApiError | null {
    const f = this.settings.forceError;
    if (!f) return null;
    f.count -= 1;
    if (f.count <= 0) this.settings.forceError = null;
    return new SimApiError(f.code, f.msg, f.httpStatus);
  }

  get stallUserStream(): boolean {
    return this.settings.stallUserStream;
  }

  get failOrderLookups(): boolean {
    return this.settings.failOrderLookups;
  }

  /** The armed rate-limit refusal for this request, if any (counts down). */
  takeRateLimit(): { status: 429 | 418; retryAfterMs: number } | null {
    const r = this.settings.rateLimitNext;
    if (!r) return null;
    r.count -= 1;
    if (r.count <= 0) this.settings.rateLimitNext = null;
    return { status: r.status, retryAfterMs: r.retryAfterS * 1000 };
  }

  /** Whether the WAF blocks this REST request (counts down). */
  takeWafBlock(): boolean {
    if (this.settings.wafBlockNext <= 0) return false;
    this.settings.wafBlockNext -= 1;
    return true;
  }

  /** What happens to this order placement: answered normally, never answered, or 503-unknown. */
  takeOrderFault(): { kind: 'timeout' } | { kind: 'unknown'; place: boolean } | null {
    if (this.settings.timeoutNextOrders > 0) {
      this.settings.timeoutNextOrders -= 1;
      return { kind: 'timeout' };
    }
    if (this.settings.unknownStatusNext > 0) {
      this.settings.unknownStatusNext -= 1;
      return { kind: 'unknown', place: this.settings.placeBeforeUnknown };
    }
    return null;
  }
}
