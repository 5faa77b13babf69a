import { useEffect, useState } from 'react';
import { useLiveState } from './live-context';

/** A 1 s display tick (ages, countdowns); it redraws, it never fetches. */
export function useTick(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * The server's clock now: the last snapshot's server_time advanced by the local time elapsed
 * since it arrived. Ages are measured against the server's clock, not the browser's.
 */
export function useServerNow(): number | null {
  const live = useLiveState();
  const now = useTick();
  if (!live.snapshot || live.receivedAt === null) return null;
  return live.snapshot.truth.server_time + Math.max(0, now - live.receivedAt);
}
