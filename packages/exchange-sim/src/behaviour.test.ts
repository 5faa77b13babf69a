import { describe, expect, it } from 'vitest';
import { VenueBehaviour } from './behaviour';

const draws = (b: VenueBehaviour, n: number) =>
  Array.from({ length: n }, () => [
    b.drawUserDataDelay(),
    b.drawAnswerDelay(),
    b.drawDuplicate(),
    b.drawReorder(),
  ]);

describe('VenueBehaviour', () => {
  it('the same seed draws the same delays, duplicates and reorders; another seed does not', () => {
    const a = new VenueBehaviour(11);
    const b = new VenueBehaviour(11);
    const c = new VenueBehaviour(12);
    for (const x of [a, b, c])
      x.set({ profile: 'realistic', duplicateUserEvents: 0.5, reorderUserEvents: 0.5 });
    const da = draws(a, 50);
    expect(draws(b, 50)).toEqual(da);
    expect(draws(c, 50)).not.toEqual(da);
  });

  it('realistic delays stay inside their documented ranges', () => {
    const b = new VenueBehaviour(3);
    b.set({ profile: 'realistic' });
    for (let i = 0; i < 500; i++) {
      const u = b.drawUserDataDelay();
      const r = b.drawAnswerDelay();
      expect(u).toBeGreaterThanOrEqual(50);
      expect(u).toBeLessThan(400);
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThan(150);
    }
  });

  it('the query lag of an order depends on the seed and the order only, inside [min, max)', () => {
    const a = new VenueBehaviour(5);
    a.set({ queryLagMinMs: 500, queryLagMaxMs: 1500 });
    const lagOf = (b: VenueBehaviour, id: number) => {
      let t = 0;
      while (b.hidesOrder('BTCUSDT', id, 0, t)) t += 1;
      return t;
    };
    const lags = [1, 2, 3, 4, 5].map((id) => lagOf(a, id));
    for (const l of lags) {
      expect(l).toBeGreaterThanOrEqual(500);
      expect(l).toBeLessThan(1500);
    }
    expect(new Set(lags).size).toBeGreaterThan(1);
    expect([1, 2, 3, 4, 5].map((id) => lagOf(a, id))).toEqual(lags);
    expect(a.hidesOrder('ETHUSDT', 1, 0, 499)).toBe(true);
  });

  it('polite hides nothing and races nothing', () => {
    const b = new VenueBehaviour(1);
    expect(b.racesUserData).toBe(false);
    expect(b.hidesOrder('BTCUSDT', 1, 1000, 1000)).toBe(false);
    expect(b.drawAnswerDelay()).toBe(0);
    expect(b.get().profile).toBe('polite');
  });
});
