import type { RateLimitDto } from '@aurora/contracts';
import { BinanceRetryable, silentLogger, type Logger } from './errors';

/** One entry of exchangeInfo.rateLimits (enums.md, Rate limiters). */
export interface RateLimitRule {
  rateLimitType: 'REQUEST_WEIGHT' | 'ORDERS' | 'RAW_REQUESTS';
  interval: 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY';
  intervalNum: number;
  limit: number;
}

export interface RateLimiterOptions {
  now?: () => number;
  logger?: Logger;
  /** Warn when used weight crosses this share of the declared per-minute limit. */
  warnFraction?: number;
  /** Above this share, hold requests until the minute window rolls. */
  delayFraction?: number;
  /**
   * Share of the 10 s order budget only exits may use (default 0.2): entries are held once the
   * rest is spent, so a burst of entries (or a runaway) never leaves a stop-loss waiting.
   */
  exitReserveFraction?: number;
  /**
   * The fraction of the declared REQUEST_WEIGHT limit this bot may use (0 < share <= 1; default
   * 1). Binance counts weight per IP, and X-MBX-USED-WEIGHT-1M is that IP-wide counter, so a
   * bot with share 0.5 holds once the whole IP has used half the limit: the rest stays for the
   * other processes on the IP. The warn and delay fractions apply to this smaller limit.
   */
  weightShare?: number;
}

/** What the caller must do before sending: wait `delayMs` (0 = send now). */
export interface Admission {
  delayMs: number;
}

const MINUTE_MS = 60_000;
const TEN_S_MS = 10_000;
/** Binance bans start at 2 minutes; used when a 418 arrives without Retry-After. */
const DEFAULT_BAN_MS = 120_000;
/** Used when a 429 arrives without Retry-After: wait out the current minute window. */
const DEFAULT_BACKOFF_MS = MINUTE_MS;
/** Until exchangeInfo tells us the real limits: today's documented values (enums.md, ws-api). */
const FALLBACK = { weight1m: 6_000, orders10s: 50, orders1d: 160_000 };

const headerInt = (headers: Headers, name: string): number | null => {
  const raw = headers.get(name);
  if (raw === null) return null;
  const n = Number.parseInt(raw, 10);
  return Number.isFinite(n) && n >= 0 ? n : null;
};

/** Retry-After is in seconds (rest-api.md, IP Limits). */
export const retryAfterMs = (headers: Headers): number | null => {
  const s = headerInt(headers, 'retry-after');
  return s === null ? null : s * 1_000;
};

function checkWeightShare(share: number): number {
  if (!Number.isFinite(share) || share <= 0 || share > 1) {
    throw new RangeError(`weightShare must be in (0, 1], got ${share}`);
  }
  return share;
}

/**
 * Tracks Binance's weight and order counters for one host from the headers of every response.
 * Binance counts in fixed windows, so a counter read in an earlier window no longer applies.
 */
export class RateLimiter {
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly warnFraction: number;
  private readonly delayFraction: number;
  private readonly exitReserveFraction: number;
  private readonly weightShare: number;

  /** The limit Binance declares for the IP; the bot budgets `weightShare` of it. */
  private declaredWeightLimit1m = FALLBACK.weight1m;
  private orderLimit10s = FALLBACK.orders10s;
  private orderLimit1d = FALLBACK.orders1d;

  private usedWeight1m = 0;
  private weightWindow = -1;
  private orderCount10s = 0;
  private orderWindow10s = -1;
  private orderCount1d = 0;
  private orderWindow1d = -1;

  private retryAfterUntil: number | null = null;
  private bannedUntil: number | null = null;
  private delayedRequests = 0;
  private warnedWindow = -1;
  private updatedAt: number | null = null;

  constructor(opts: RateLimiterOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.log = opts.logger ?? silentLogger;
    this.warnFraction = opts.warnFraction ?? 800 / 1200;
    this.delayFraction = opts.delayFraction ?? 1000 / 1200;
    this.exitReserveFraction = opts.exitReserveFraction ?? 0.2;
    this.weightShare = checkWeightShare(opts.weightShare ?? 1);
  }

  /** The per-minute weight this bot budgets: its share of the IP's declared limit. */
  private get weightLimit1m(): number {
    return Math.floor(this.declaredWeightLimit1m * this.weightShare);
  }

  /** Adopt the limits Binance declares in exchangeInfo.rateLimits; unknown shapes are ignored. */
  setLimits(rules: readonly RateLimitRule[]): void {
    for (const r of rules) {
      if (r.rateLimitType === 'REQUEST_WEIGHT' && r.interval === 'MINUTE' && r.intervalNum === 1) {
        this.declaredWeightLimit1m = r.limit;
      } else if (r.rateLimitType === 'ORDERS' && r.interval === 'SECOND' && r.intervalNum === 10) {
        this.orderLimit10s = r.limit;
      } else if (r.rateLimitType === 'ORDERS' && r.interval === 'DAY' && r.intervalNum === 1) {
        this.orderLimit1d = r.limit;
      }
    }
  }

  /**
   * Called before every request. Throws a retryable error, without sending, while banned (418)
   * or inside a Retry-After (429); otherwise says how long to hold the request.
   */
  admit(endpoint: string, isOrder: boolean, lane: 'ENTRY' | 'EXIT' = 'ENTRY'): Admission {
    const now = this.now();
    if (this.bannedUntil !== null && now < this.bannedUntil) {
      throw new BinanceRetryable(
        `${endpoint} not sent: IP banned by Binance (418) until ${new Date(this.bannedUntil).toISOString()}`,
        null,
        418,
        'after-backoff',
        this.bannedUntil - now,
        endpoint,
        null,
      );
    }
    if (this.retryAfterUntil !== null && now < this.retryAfterUntil) {
      throw new BinanceRetryable(
        `${endpoint} not sent: rate limited (429), retry after ${this.retryAfterUntil - now} ms`,
        null,
        429,
        'after-backoff',
        this.retryAfterUntil - now,
        endpoint,
        null,
      );
    }
    let delayMs = 0;
    if (this.currentWeight(now) >= this.delayFraction * this.weightLimit1m) {
      delayMs = MINUTE_MS - (now % MINUTE_MS);
    }
    const orderBudget =
      lane === 'EXIT'
        ? this.orderLimit10s
        : this.orderLimit10s - Math.ceil(this.orderLimit10s * this.exitReserveFraction);
    if (isOrder && this.currentOrders10s(now) >= orderBudget) {
      delayMs = Math.max(delayMs, TEN_S_MS - (now % TEN_S_MS));
    }
    if (delayMs > 0) this.delayedRequests++;
    return { delayMs };
  }

  /** Read the counters and limit signals of one HTTP response (any status). */
  onResponse(status: number, headers: Headers): void {
    const now = this.now();
    this.updatedAt = now;
    const weight = headerInt(headers, 'x-mbx-used-weight-1m');
    if (weight !== null) {
      this.usedWeight1m = weight;
      this.weightWindow = Math.floor(now / MINUTE_MS);
      this.maybeWarn(now);
    }
    const c10 = headerInt(headers, 'x-mbx-order-count-10s');
    if (c10 !== null) {
      this.orderCount10s = c10;
      this.orderWindow10s = Math.floor(now / TEN_S_MS);
    }
    const c1d = headerInt(headers, 'x-mbx-order-count-1d');
    if (c1d !== null) {
      this.orderCount1d = c1d;
      this.orderWindow1d = Math.floor(now / 86_400_000);
    }
    if (status === 418) {
      this.bannedUntil = now + (retryAfterMs(headers) ?? DEFAULT_BAN_MS);
      this.log.warn(
        { http_status: 418, banned_until: this.bannedUntil },
        'binance: IP banned, sending nothing until the ban ends',
      );
    } else if (status === 429) {
      this.retryAfterUntil = now + (retryAfterMs(headers) ?? DEFAULT_BACKOFF_MS);
      this.log.warn(
        { http_status: 429, retry_after_until: this.retryAfterUntil },
        'binance: rate limit hit, backing off',
      );
    }
  }

  /** True while Binance has told us to stop (429 Retry-After or a 418 ban). */
  isRateLimited(): boolean {
    const now = this.now();
    return (
      (this.retryAfterUntil !== null && now < this.retryAfterUntil) ||
      (this.bannedUntil !== null && now < this.bannedUntil)
    );
  }

  snapshot(): RateLimitDto {
    const now = this.now();
    return {
      used_weight_1m: this.currentWeight(now),
      weight_limit_1m: this.weightLimit1m,
      order_count_10s: this.currentOrders10s(now),
      order_limit_10s: this.orderLimit10s,
      order_count_1d: this.orderWindow1d === Math.floor(now / 86_400_000) ? this.orderCount1d : 0,
      order_limit_1d: this.orderLimit1d,
      rate_limited: this.isRateLimited(),
      banned_until: this.bannedUntil !== null && now < this.bannedUntil ? this.bannedUntil : null,
      retry_after_until:
        this.retryAfterUntil !== null && now < this.retryAfterUntil ? this.retryAfterUntil : null,
      delayed_requests: this.delayedRequests,
      updated_at: this.updatedAt,
    };
  }

  private currentWeight(now: number): number {
    return this.weightWindow === Math.floor(now / MINUTE_MS) ? this.usedWeight1m : 0;
  }

  private currentOrders10s(now: number): number {
    return this.orderWindow10s === Math.floor(now / TEN_S_MS) ? this.orderCount10s : 0;
  }

  private maybeWarn(now: number): void {
    if (this.usedWeight1m < this.warnFraction * this.weightLimit1m) return;
    if (this.warnedWindow === this.weightWindow) return;
    this.warnedWindow = this.weightWindow;
    this.log.warn(
      { used_weight_1m: this.usedWeight1m, weight_limit_1m: this.weightLimit1m, at: now },
      'binance: request weight above warn threshold',
    );
  }
}
