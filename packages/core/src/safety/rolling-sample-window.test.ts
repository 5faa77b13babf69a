import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingSampleWindow } from './rolling-sample-window';

describe('RollingSampleWindow', () => {
  it('keeps only the newest `capacity` samples, oldest first', () => {
    const window = new RollingSampleWindow(3);
    for (const v of [1, 2, 3, 4, 5]) window.push(v);
    expect(window.size).toBe(3);
    expect(window.values()).toEqual([3, 4, 5]);
  });

  it('sorts numerically, not as strings', () => {
    const window = new RollingSampleWindow(4);
    for (const v of [100, 9, 25, 3]) window.push(v);
    expect([...window.sorted()]).toEqual([3, 9, 25, 100]);
    expect(window.values()).toEqual([100, 9, 25, 3]);
  });

  it('averages only the samples held', () => {
    const window = new RollingSampleWindow(2);
    expect(window.mean()).toBeNull();
    for (const v of [1000, 10, 20]) window.push(v);
    expect(window.mean()).toBe(15);
  });

  it('keeps the newest samples when shrunk and accepts more after growing', () => {
    const window = new RollingSampleWindow(5);
    for (const v of [1, 2, 3, 4, 5, 6]) window.push(v);
    window.resize(2);
    expect(window.values()).toEqual([5, 6]);
    window.push(7);
    expect(window.values()).toEqual([6, 7]);
    window.resize(4);
    window.push(8);
    window.push(9);
    expect(window.values()).toEqual([6, 7, 8, 9]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RollingSampleWindow(0)).toThrow(RangeError);
    expect(() => new RollingSampleWindow(2.5)).toThrow(RangeError);
  });

  it('property: never holds more than its capacity and always holds the newest samples', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 50 }),
        (capacity, samples, resizedTo) => {
          const window = new RollingSampleWindow(capacity);
          for (const v of samples) {
            window.push(v);
            expect(window.size).toBeLessThanOrEqual(capacity);
          }
          expect(window.values()).toEqual(samples.slice(-capacity));
          window.resize(resizedTo);
          expect(window.size).toBeLessThanOrEqual(resizedTo);
          expect(window.values()).toEqual(samples.slice(-Math.min(capacity, resizedTo)));
        },
      ),
    );
  });
});
