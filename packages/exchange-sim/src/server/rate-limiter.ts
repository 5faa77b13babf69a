import { ApiErrors, SimApiError } from '../errors';
import type { RateLimitSpec } from '../engine/exchange-info';

export interface RateLimitConfig {
  /** REQUEST_WEIGHT per minute, declared in exchangeInfo (Binance: 6000). */
  requestWeightPerMinute: number;
  /** ORDERS per 10 s and per day, per account. */
  ordersPer10s: number;
  ordersPerDay: number;
  /** Requests sent while rate limited (after a 429) before the IP is banned with 418. */
  banAfterViolations: number;
  /** How long a ban lasts (Binance: from 2 minutes). */
  banMs: number;
}

export const DEFAULT_RATE_LIMIT_CONFIG: RateLimitConfig = {
  requestWeightPerMinute: 6000,
  ordersPer10s: 100,
  ordersPerDay: 200_000,
  banAfterViolations: 5,
  banMs: 120_000,
};

interface IpState {
  minute: number;
  weight: number;
  violations: number;
  bannedUntil: number;
}

interface OrderCounts {
  tenSecond: number;
  count10s: number;
  day: number;
  count1d: number;
}

const MINUTE = 60_000;
const TEN_SECONDS = 10_000;
const DAY = 86_400_000;

/**
 * Binance's limits as the simulator enforces them: request weight per IP in calendar-aligned
 * minutes (a 1 MINUTE window resets at hh:mm:00), 429 with Retry-After when exceeded, and a
 * 418 ban for IPs that keep sending while limited. Order counts are per account.
 */
export class RateLimiter {
  private readonly ips = new Map<string, IpState>();
  private readonly orders = new Map<number, OrderCounts>();

  constructor(public config: RateLimitConfig) {}

  /** Throws 418 while the IP is banned. */
  checkBan(ip: string, now: number): void {
    const s = this.ipState(ip, now);
    if (s.bannedUntil > now)
      throw withRetryAfter(ApiErrors.banned(s.bannedUntil), s.bannedUntil - now, s.bannedUntil);
  }

  /** Adds request weight; returns the minute's total. */
  charge(ip: string, weight: number, now: number): number {
    const s = this.ipState(ip, now);
    s.weight += weight;
    return s.weight;
  }

  /** Throws 429 when the minute's weight is over the limit, escalating to a 418 ban. */
  enforce(ip: string, now: number): void {
    const s = this.ipState(ip, now);
    if (s.weight <= this.config.requestWeightPerMinute) return;
    s.violations += 1;
    if (s.violations > this.config.banAfterViolations) {
      s.bannedUntil = now + this.config.banMs;
      s.violations = 0;
      throw withRetryAfter(ApiErrors.banned(s.bannedUntil), this.config.banMs, s.bannedUntil);
    }
    const minuteEnd = s.minute + MINUTE;
    throw withRetryAfter(
      ApiErrors.tooMuchWeight(this.config.requestWeightPerMinute),
      minuteEnd - now,
      minuteEnd,
    );
  }

  /**
   * A refusal the fault injector forces: 429 with Retry-After, or a 418 that bans the IP for
   * `retryAfterMs` (every later request refused by checkBan until then, as a real ban).
   */
  refuse(ip: string, now: number, status: 429 | 418, retryAfterMs: number): never {
    if (status === 418) {
      const s = this.ipState(ip, now);
      s.bannedUntil = now + retryAfterMs;
      throw withRetryAfter(ApiErrors.banned(s.bannedUntil), retryAfterMs, s.bannedUntil);
    }
    throw withRetryAfter(
      ApiErrors.tooMuchWeight(this.config.requestWeightPerMinute),
      retryAfterMs,
      now + retryAfterMs,
    );
  }

  usedWeight(ip: string, now: number): number {
    return this.ipState(ip, now).weight;
  }

  /** Throws -1015 (429) when one more order would break an ORDERS limit. */
  checkOrderRate(uid: number, now: number): void {
    const c = this.orderCounts(uid, now);
    if (c.count10s >= this.config.ordersPer10s) {
      const end = c.tenSecond + TEN_SECONDS;
      throw withRetryAfter(ApiErrors.tooManyOrders(this.config.ordersPer10s, '10 SECOND'), end - now, end);
    }
    if (c.count1d >= this.config.ordersPerDay) {
      const end = c.day + DAY;
      throw withRetryAfter(ApiErrors.tooManyOrders(this.config.ordersPerDay, '1 DAY'), end - now, end);
    }
  }

  countOrder(uid: number, now: number): OrderCounts {
    const c = this.orderCounts(uid, now);
    c.count10s += 1;
    c.count1d += 1;
    return c;
  }

  orderCountsOf(uid: number, now: number): { count10s: number; count1d: number } {
    const c = this.orderCounts(uid, now);
    return { count10s: c.count10s, count1d: c.count1d };
  }

  private ipState(ip: string, now: number): IpState {
    const minute = Math.floor(now / MINUTE) * MINUTE;
    let s = this.ips.get(ip);
    if (!s) {
      s = { minute, weight: 0, violations: 0, bannedUntil: 0 };
      if (this.ips.size > 10_000) this.ips.clear();
      this.ips.set(ip, s);
    }
    if (s.minute !== minute) {
      s.minute = minute;
      s.weight = 0;
      s.violations = 0;
    }
    return s;
  }

  private orderCounts(uid: number, now: number): OrderCounts {
    const tenSecond = Math.floor(now / TEN_SECONDS) * TEN_SECONDS;
    const day = Math.floor(now / DAY) * DAY;
    let c = this.orders.get(uid);
    if (!c) {
      c = { tenSecond, count10s: 0, day, count1d: 0 };
      if (this.orders.size > 10_000) this.orders.clear();
      this.orders.set(uid, c);
    }
    if (c.tenSecond !== tenSecond) {
      c.tenSecond = tenSecond;
      c.count10s = 0;
    }
    if (c.day !== day) {
      c.day = day;
      c.count1d = 0;
    }
    return c;
  }
}

/** A rate-limit error that knows when the client may retry (Retry-After / retryAfter). */
export class RateLimitedError extends SimApiError {
  constructor(
    base: SimApiError,
    readonly retryAfterMs: number,
    readonly retryAt: number,
  ) {
    super(base.code, base.message, base.httpStatus);
  }
}

function withRetryAfter(base: SimApiError, retryAfterMs: number, retryAt: number): RateLimitedError {
  return new RateLimitedError(base, Math.max(0, retryAfterMs), retryAt);
}

/** The limits as exchangeInfo.rateLimits declares them. */
export function declaredRateLimits(c: RateLimitConfig): RateLimitSpec[] {
  return [
    { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: c.requestWeightPerMinute },
    { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: c.ordersPer10s },
    { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: c.ordersPerDay },
    { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 300_000 },
  ];
}
