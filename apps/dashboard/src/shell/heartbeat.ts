import { useEffect, useRef } from 'react';
import { useHeartbeatMutation } from '../api/mutations';

export const HEARTBEAT_EVERY_MS = 5 * 60_000;

/**
 * Tells the bot's dead-man switch an operator is watching: once on load, then every five
 * minutes while the tab is visible (a hidden tab is not a watching operator).
 */
export function useHeartbeat(): void {
  const { mutate } = useHeartbeatMutation();
  const lastSent = useRef(0);

  useEffect(() => {
    const beat = () => {
      lastSent.current = Date.now();
      mutate();
    };
    const beatIfDue = () => {
      if (document.visibilityState === 'visible' && Date.now() - lastSent.current >= HEARTBEAT_EVERY_MS)
        beat();
    };
    beat();
    const timer = setInterval(beatIfDue, 15_000);
    document.addEventListener('visibilitychange', beatIfDue);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', beatIfDue);
    };
  }, [mutate]);
}
