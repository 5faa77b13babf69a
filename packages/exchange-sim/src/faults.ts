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
};

/**
 * Fault injection shared by the admin API and in-process callers. The server consumes the
 * counted faults (`takeForcedError`, `takeOrderFault`) as requests arrive.
 */
export class FaultInjector {
  private settings: FaultSettings = { ...DEFAULTS };
  private readonly dropHandlers = new Set<() => void>();

  get(): FaultSettings {
    return {
      ...this.settings,
      forceError: this.settings.forceError ? { ...this.settings.forceError } : null,
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
