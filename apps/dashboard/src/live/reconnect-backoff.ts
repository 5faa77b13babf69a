/*
 * Reconnect delay: exponential with "equal jitter" (half fixed, half random), so a restarted
 * bot is not hit by every open dashboard at the same instant yet nobody waits longer than the cap.
 */

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 15_000 };

/** `attempt` counts from 0; `random` returns a value in [0, 1). */
export function reconnectDelayMs(attempt: number, random: () => number, policy = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(0, attempt), 20);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const half = ceiling / 2;
  return Math.round(half + half * Math.min(Math.max(random(), 0), 1));
}
