import type { ManualClock } from '../../clock';

/**
 * A sleep for tests: advances the manual clock by the requested time and resolves on the next
 * microtask, so a 30 s recovery window runs in microseconds and stays exact. Records each wait.
 */
export function instantSleep(clock: ManualClock): ((ms: number) => Promise<void>) & { waits: number[] } {
  const waits: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    waits.push(ms);
    clock.advance(ms);
  };
  return Object.assign(sleep, { waits });
}

/** Deterministic ids: intent-1, intent-2 … */
export function sequentialIds(prefix = 'intent'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}
