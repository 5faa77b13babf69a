import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StateVersion, type VersionPersistence } from './state-version';

const memory = (): VersionPersistence & { mark: number; writes: number } => {
  const p = {
    mark: 0,
    writes: 0,
    loadHighWaterMark: () => p.mark,
    saveHighWaterMark: (m: number) => {
      p.mark = m;
      p.writes += 1;
    },
  };
  return p;
};

describe('StateVersion', () => {
  it('increments by one on every change', () => {
    const v = new StateVersion(memory(), 10);
    expect([v.next(), v.next(), v.next()]).toEqual([1, 2, 3]);
  });

  it('never goes backwards across restarts, whenever the crash happens', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 20 }), (runs, block) => {
        const store = memory();
        let lastSeen = 0;
        for (const changes of runs) {
          const v = new StateVersion(store, block); // a restart: only the persisted mark survives
          expect(v.current).toBeGreaterThanOrEqual(lastSeen);
          for (let i = 0; i < changes; i++) {
            const n = v.next();
            expect(n).toBeGreaterThan(lastSeen);
            lastSeen = n;
          }
        }
      }),
    );
  });

  it('writes the high-water mark once per block, not once per change', () => {
    const store = memory();
    const v = new StateVersion(store, 100);
    for (let i = 0; i < 250; i++) v.next();
    expect(store.writes).toBe(3);
  });
});
