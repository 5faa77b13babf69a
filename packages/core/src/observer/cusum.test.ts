import { describe, expect, it } from 'vitest';
import { TwoSidedCusum } from './cusum';

describe('two-sided CUSUM', () => {
  it('accumulates z − k and fires above h, then restarts from zero', () => {
    const c = new TwoSidedCusum({ k: 0.5, h: 5, clip: 4 });
    const sums = [2, 2, 2].map((z) => c.update(z));
    expect(sums.map((s) => s.up)).toEqual([1.5, 3, 4.5]);
    expect(sums.every((s) => s.fired === null)).toBe(true);
    const fired = c.update(2);
    expect(fired).toMatchObject({ fired: 'UP', statistic: 6 });
    expect(c.sums).toEqual({ up: 0, down: 0 });
  });

  it('one wild value cannot fire it alone: z is clipped at ±clip', () => {
    const c = new TwoSidedCusum({ k: 0.5, h: 5, clip: 4 });
    expect(c.update(1000)).toMatchObject({ fired: null, up: 3.5 });
    expect(c.update(-1000).fired).toBeNull();
  });

  it('finds a downward shift on its own side', () => {
    const c = new TwoSidedCusum({ k: 0.5, h: 5, clip: 4 });
    const steps = [-3, -3, -3].map((z) => c.update(z));
    expect(steps[1]?.fired).toBeNull();
    expect(steps[2]).toMatchObject({ fired: 'DOWN', statistic: 7.5 });
  });

  it('in-control values around zero keep both sums small', () => {
    const c = new TwoSidedCusum({ k: 0.5, h: 5, clip: 4 });
    for (let i = 0; i < 1000; i++) expect(c.update(i % 2 === 0 ? 0.4 : -0.4).fired).toBeNull();
    expect(c.sums).toEqual({ up: 0, down: 0 });
  });

  it('refuses settings that cannot work', () => {
    expect(() => new TwoSidedCusum({ k: 0.5, h: 0, clip: 4 })).toThrow(RangeError);
    expect(() => new TwoSidedCusum({ k: 5, h: 5, clip: 4 })).toThrow(RangeError);
  });
});
