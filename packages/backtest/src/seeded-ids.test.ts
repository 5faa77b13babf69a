import { describe, expect, it } from 'vitest';
import { seededUuids } from './seeded-ids';

describe('seededUuids', () => {
  it('gives the same UUID-shaped ids for the same seed, others for another', () => {
    const take = (seed: number) => {
      const ids = seededUuids(seed);
      return Array.from({ length: 200 }, () => ids.uuid());
    };
    const a = take(7);
    expect(take(7)).toEqual(a);
    expect(take(8)[0]).not.toBe(a[0]);
    expect(new Set(a).size).toBe(200);
    for (const id of a) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
