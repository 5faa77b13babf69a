import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_BACKOFF, reconnectDelayMs } from './reconnect-backoff';

describe('reconnect backoff', () => {
  it('doubles per attempt between half and all of the ceiling', () => {
    expect(reconnectDelayMs(0, () => 0)).toBe(250);
    expect(reconnectDelayMs(0, () => 0.999999)).toBe(500);
    expect(reconnectDelayMs(3, () => 0)).toBe(2000);
  });

  it('never exceeds the cap nor drops below half of it once reached, whatever the jitter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, r) => {
          const delay = reconnectDelayMs(attempt, () => r);
          const ceiling = Math.min(
            DEFAULT_BACKOFF.capMs,
            DEFAULT_BACKOFF.baseMs * 2 ** Math.min(attempt, 20),
          );
          expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
          expect(delay).toBeLessThanOrEqual(ceiling);
        },
      ),
    );
  });
});
