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
