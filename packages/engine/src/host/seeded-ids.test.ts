import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientOrderIdFromUuid } from '@aurora/core';
import { SeededIds } from './seeded-ids';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('SeededIds', () => {
  it('repeats for a seed, differs across seeds, never repeats within a run, and is UUID v4 shaped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const a = new SeededIds(seed);
        const b = new SeededIds(seed);
        const run = Array.from({ length: 200 }, () => a.uuid());
        expect(Array.from({ length: 200 }, () => b.uuid())).toEqual(run);
        expect(new Set(run).size).toBe(run.length);
        for (const id of run) expect(id).toMatch(UUID_V4);
        expect(new SeededIds(seed ^ 1).uuid()).not.toBe(run[0]);
      }),
      { numRuns: 50 },
    );
  });

  it('makes clientOrderIds Binance accepts (36 characters)', () => {
    expect(clientOrderIdFromUuid(new SeededIds(7).uuid())).toHaveLength(36);
  });
});
