import { describe, expect, it } from 'vitest';
import { SeededRng } from './seeded-rng';

describe('SeededRng', () => {
  it('repeats for a seed, differs across seeds and forks', () => {
    const a = new SeededRng(42);
    const b = new SeededRng(42);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(xs).toEqual(Array.from({ length: 5 }, () => b.nextUint32()));
    expect(new SeededRng(43).nextUint32()).not.toBe(xs[0]);
    const base = new SeededRng(1);
    expect(base.fork('x').next()).not.toBe(new SeededRng(1).fork('y').next());
  });

  it('draws uniforms in [0, 1) and standard normals with the right moments', () => {
    const r = new SeededRng(7);
    const n = 100_000;
    let sum = 0;
    let min = 1;
    let max = 0;
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < n; i++) {
      const u = r.next();
      sum += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
      buckets[Math.floor(u * 10)]!++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2);
    for (const b of buckets) expect(Math.abs(b - n / 10)).toBeLessThan(500);
    let m = 0;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      m += z;
      v += z * z;
    }
    expect(m / n).toBeCloseTo(0, 1);
    expect(v / n).toBeCloseTo(1, 1);
    for (let i = 0; i < 1000; i++) expect(r.int(3)).toBeLessThan(3);
  });
});
