import { z } from 'zod';
import type { OrderIdScope } from './engine/order-engine';
import { SeededRandom } from './engine/rng';

/**
 * How the venue behaves where Binance is not polite: channel races between the user-data stream
 * and the answers, duplicated and reordered events, order queries that lag behind placements,
 * order ids counted per symbol, retired listenKey endpoints. Unlike faults these are not
 * failures but the venue's normal manners; the `realistic` profile switches them on together.
 */
export interface BehaviourSettings {
  /** The profile last applied (`custom` once a setting was changed after it). */
  profile: BehaviourProfile | 'custom';
  /** User-data events reach subscribers this long after the operation that caused them… */
  userDataDelayMs: number;
  /** …plus a uniform extra in [0, jitter). Per account the order of events is kept. */
  userDataJitterMs: number;
  /** Answers of order placements and cancels (REST and WS API) wait this long after executing… */
  answerDelayMs: number;
  /** …plus a uniform extra in [0, jitter): with a large enough value the stream wins the race. */
  answerJitterMs: number;
  /** Probability that a user-data event is delivered twice. */
  duplicateUserEvents: number;
  /** Probability that an operation's executionReport NEW is delivered after its first TRADE. */
  reorderUserEvents: number;
  /**
   * GET /api/v3/order and order.status answer -2013, and allOrders omits the order, for a time
   * drawn per order in [min, max] after its placement (Binance reads memory, then a lagging DB).
   */
  queryLagMinMs: number;
  queryLagMaxMs: number;
  /** Order ids per symbol (as on Binance: two symbols share ids) or one venue-wide counter. */
  orderIdScope: OrderIdScope;
  /**
   * listenKey endpoints answer as Binance's have since 2026-02-20 (gone); user data only through
   * the WebSocket API's userDataStream.subscribe[.signature].
   */
  listenKeyRetired: boolean;
}

export type BehaviourProfile = 'polite' | 'realistic';

const POLITE: Omit<BehaviourSettings, 'profile'> = {
  userDataDelayMs: 0,
  userDataJitterMs: 0,
  answerDelayMs: 0,
  answerJitterMs: 0,
  duplicateUserEvents: 0,
  reorderUserEvents: 0,
  queryLagMinMs: 0,
  queryLagMaxMs: 0,
  orderIdScope: 'global',
  listenKeyRetired: false,
};

/**
 * Binance as observed: the stream report of a MARKET order trails its REST answer by tens to
 * hundreds of milliseconds (about one answer in ten still loses the race), a lookup right after
 * a placement may not find the order for up to a second and a half, ids are per symbol, and
 * now and then an event comes twice or a NEW after its TRADE.
 */
const REALISTIC: Omit<BehaviourSettings, 'profile'> = {
  userDataDelayMs: 50,
  userDataJitterMs: 350,
  answerDelayMs: 0,
  answerJitterMs: 150,
  duplicateUserEvents: 0.01,
  reorderUserEvents: 0.02,
  queryLagMinMs: 500,
  queryLagMaxMs: 1500,
  orderIdScope: 'per-symbol',
  listenKeyRetired: false,
};

export const BEHAVIOUR_PROFILES: Record<BehaviourProfile, Omit<BehaviourSettings, 'profile'>> = {
  polite: POLITE,
  realistic: REALISTIC,
};

const Ms = z.number().int().min(0).max(600_000);
const Probability = z.number().min(0).max(1);

const BehaviourUpdateSchema = z.strictObject({
  /** Applied first; the other fields then override it. */
  profile: z.enum(['polite', 'realistic']).optional(),
  userDataDelayMs: Ms.optional(),
  userDataJitterMs: Ms.optional(),
  answerDelayMs: Ms.optional(),
  answerJitterMs: Ms.optional(),
  duplicateUserEvents: Probability.optional(),
  reorderUserEvents: Probability.optional(),
  queryLagMinMs: Ms.optional(),
  queryLagMaxMs: Ms.optional(),
  orderIdScope: z.enum(['global', 'per-symbol']).optional(),
  listenKeyRetired: z.boolean().optional(),
});
export type BehaviourUpdate = z.input<typeof BehaviourUpdateSchema>;

export class BehaviourValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BehaviourValidationError';
  }
}

/**
 * The venue's behaviour settings, shared by SimServerOptions, the admin API (/sim/v1/behaviour)
 * and in-process callers. Every random draw comes from streams of the server's seed, so a run
 * with the same seed and the same requests draws the same delays, duplicates and lags.
 */
export class VenueBehaviour {
  private settings: BehaviourSettings = { profile: 'polite', ...POLITE };
  private readonly userDataRng: SeededRandom;
  private readonly answerRng: SeededRandom;
  private readonly duplicateRng: SeededRandom;
  private readonly reorderRng: SeededRandom;
  private readonly listeners = new Set<(s: BehaviourSettings) => void>();

  constructor(private readonly seed: number) {
    const root = new SeededRandom(seed, 'behaviour');
    this.userDataRng = root.fork('user-data');
    this.answerRng = root.fork('answers');
    this.duplicateRng = root.fork('duplicates');
    this.reorderRng = root.fork('reorder');
  }

  get(): BehaviourSettings {
    return { ...this.settings };
  }

  /** Applies a partial update (validated): the profile first, then the fields given. */
  set(update: BehaviourUpdate): BehaviourSettings {
    const parsed = BehaviourUpdateSchema.safeParse(update);
    if (!parsed.success)
      throw new BehaviourValidationError(
        parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      );
    const { profile, ...fields } = parsed.data;
    const next: BehaviourSettings = profile
      ? { profile, ...BEHAVIOUR_PROFILES[profile] }
      : { ...this.settings };
    const overrides = Object.entries(fields).filter(([, v]) => v !== undefined);
    Object.assign(next, Object.fromEntries(overrides));
    if (overrides.length > 0) next.profile = 'custom';
    if (next.queryLagMaxMs < next.queryLagMinMs)
      throw new BehaviourValidationError('queryLagMaxMs: must be at least queryLagMinMs');
    this.settings = next;
    for (const l of this.listeners) l(this.get());
    return this.get();
  }

  /** Back to the polite profile (everything synchronous and at once, as before). */
  clear(): BehaviourSettings {
    return this.set({ profile: 'polite' });
  }

  /** Called with the settings after every change (the server applies the id scope to the engine). */
  onChange(listener: (s: BehaviourSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether user-data events leave the synchronous path (delayed, duplicated or reordered). */
  get racesUserData(): boolean {
    const s = this.settings;
    return (
      s.userDataDelayMs > 0 || s.userDataJitterMs > 0 || s.duplicateUserEvents > 0 || s.reorderUserEvents > 0
    );
  }

  get listenKeyRetired(): boolean {
    return this.settings.listenKeyRetired;
  }

  drawUserDataDelay(): number {
    const s = this.settings;
    return s.userDataDelayMs + Math.floor(this.userDataRng.next() * s.userDataJitterMs);
  }

  drawAnswerDelay(): number {
    const s = this.settings;
    if (s.answerDelayMs === 0 && s.answerJitterMs === 0) return 0;
    return s.answerDelayMs + Math.floor(this.answerRng.next() * s.answerJitterMs);
  }

  drawDuplicate(): boolean {
    const p = this.settings.duplicateUserEvents;
    return p > 0 && this.duplicateRng.next() < p;
  }

  drawReorder(): boolean {
    const p = this.settings.reorderUserEvents;
    return p > 0 && this.reorderRng.next() < p;
  }

  /**
   * Whether an order placed at `placedAt` is still invisible to queries at `now`. The lag is a
   * function of the seed and the order (not of how often it was asked), so it is deterministic.
   */
  hidesOrder(symbol: string, orderId: number, placedAt: number, now: number): boolean {
    const { queryLagMinMs: min, queryLagMaxMs: max } = this.settings;
    if (max === 0) return false;
    const lag =
      min + Math.floor(new SeededRandom(this.seed, `lag:${symbol}:${orderId}`).next() * (max - min));
    return now - placedAt < lag;
  }
}
