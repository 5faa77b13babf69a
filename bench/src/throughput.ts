import { performance } from 'node:perf_hooks';

/**
 * Runs `fn` over `items` (repeatedly) until at least `minMs` has passed; returns items per second.
 * Only for stateless work: a function whose second call on the same item is cheaper (a
 * duplicate report) must be measured over fresh items instead.
 */
export function repeatRate(items: readonly string[], fn: (s: string) => unknown, minMs = 400): number {
  let sink = 0;
  // Warm-up so the JIT has seen the shapes.
  for (let i = 0; i < Math.min(items.length, 5_000); i++) if (fn(items[i] as string) !== undefined) sink++;
  let done = 0;
  const start = performance.now();
  let elapsed: number;
  do {
    for (const s of items) if (fn(s) !== undefined) sink++;
    done += items.length;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  // Keeps the results observable so the loop body cannot be optimised away.
  if (sink < 0) throw new Error('unreachable');
  return (done / elapsed) * 1_000;
}

/** Items per second from a count and a duration in nanoseconds. */
export const perSecond = (count: number, ns: bigint | number): number =>
  Number(ns) > 0 ? (count * 1e9) / Number(ns) : 0;
