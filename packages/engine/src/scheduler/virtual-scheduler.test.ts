import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualScheduler } from './virtual-scheduler';

type Op =
  | { kind: 'after'; ms: number }
  | { kind: 'every'; ms: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'advance'; ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('after' as const), ms: fc.integer({ min: 0, max: 5_000 }) }),
  fc.record({ kind: fc.constant('every' as const), ms: fc.integer({ min: 1, max: 3_000 }) }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 4_000 }) }),
);

describe('VirtualScheduler', () => {
  it('fires timers in time order, each one-shot once, none early, none late, none after cancel', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const s = new VirtualScheduler(1_000);
        interface Armed {
          id: number;
          due: number;
          period: number | null;
          cancel: () => void;
          cancelledAt: number | null;
        }
        const armed: Armed[] = [];
        const fired: { id: number; at: number }[] = [];
        for (const o of ops) {
          if (o.kind === 'after' || o.kind === 'every') {
            const id = armed.length;
            const fn = () => fired.push({ id, at: s.now() });
            const cancel = o.kind === 'after' ? s.after(o.ms, fn) : s.every(o.ms, fn);
            armed.push({ id, due: s.now() + o.ms, period: o.kind === 'every' ? o.ms : null, cancel, cancelledAt: null });
          } else if (o.kind === 'cancel' && armed.length > 0) {
            const a = armed[o.pick % armed.length]!;
            a.cancel();
            a.cancelledAt ??= s.now();
          } else if (o.kind === 'advance') s.advanceBy(o.ms);
        }
        // What is due at the last instant runs on an advance to it.
        s.advanceBy(0);
        const end = s.now();
        // Time order, never beyond the clock.
        for (let i = 1; i < fired.length; i++) expect(fired[i]!.at).toBeGreaterThanOrEqual(fired[i - 1]!.at);
        for (const a of armed) {
          const times = fired.filter((f) => f.id === a.id).map((f) => f.at);
          const until = a.cancelledAt ?? end;
          // Exactly the instants due, up to the cancel (a cancel at the due instant may come first).
          const expected: number[] = [];
          if (a.period === null) {
            if (a.due <= until) expected.push(a.due);
          } else for (let t = a.due; t <= until; t += a.period) expected.push(t);
          if (a.cancelledAt !== null && expected.at(-1) === a.cancelledAt && times.at(-1) !== a.cancelledAt) expected.pop();
          expect(times).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('runs same-instant timers in the order they were set, deferred work before the next timer', () => {
    const s = new VirtualScheduler(0);
    const log: string[] = [];
    s.after(10, () => {
      log.push('a');
      s.defer(() => log.push('a-deferred'));
    });
    s.after(10, () => log.push('b'));
    s.after(5, () => log.push('first'));
    s.advanceTo(10);
    expect(log).toEqual(['first', 'a', 'a-deferred', 'b']);
    expect(s.pending()).toBe(0);
  });

  it('timers set while running fire in the same advance when due', () => {
    const s = new VirtualScheduler(0);
    const at: number[] = [];
    s.after(10, () => s.after(5, () => at.push(s.now())));
    s.advanceTo(20);
    expect(at).toEqual([15]);
    expect(s.now()).toBe(20);
  });

  it('resolves a sleep at its instant and refuses to go back', async () => {
    const s = new VirtualScheduler(100);
    let woke = -1;
    const p = s.sleep(50).then(() => (woke = s.now()));
    s.advanceTo(149);
    await Promise.resolve();
    expect(woke).toBe(-1);
    s.advanceTo(150);
    await p;
    expect(woke).toBe(150);
    expect(() => s.advanceTo(10)).toThrow(RangeError);
  });

  it('an interval that cancels itself stops', () => {
    const s = new VirtualScheduler(0);
    let n = 0;
    const cancel = s.every(100, () => {
      n += 1;
      if (n === 3) cancel();
    });
    s.advanceTo(1_000);
    expect(n).toBe(3);
    expect(s.nextAt()).toBeNull();
  });
});
