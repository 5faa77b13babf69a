import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time token check: both sides are hashed first so the comparison always runs over two
 * equal-length digests, whatever the presented token's length; nothing about the real token
 * leaks through timing.
 */
export function tokenMatches(presented: string | undefined | null, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** Wrong or missing tokens one address may present per window before it is answered 429. */
export const AUTH_FAILURES_PER_MINUTE = 100;
const AUTH_WINDOW_MS = 60_000;

/**
 * Counts failed authentications per client address in fixed one-minute windows, so guessing the
 * token costs a minute per hundred tries. A client that presents the right token is never held
 * back by this: only failures are counted and only failures are refused.
 */
export class AuthFailureLimiter {
  private windowStart = 0;
  private readonly failures = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** Record one failure; true when this address is over its allowance for the window. */
  fail(address: string): boolean {
    const t = this.now();
    if (t - this.windowStart >= AUTH_WINDOW_MS) {
      this.windowStart = t;
      this.failures.clear();
    }
    const n = (this.failures.get(address) ?? 0) + 1;
    this.failures.set(address, n);
    return n > AUTH_FAILURES_PER_MINUTE;
  }
}
