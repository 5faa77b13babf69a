import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { IdempotencyStore, type IdempotencyPersistence, type IdempotencyRecord } from './idempotency';

const DAY = 24 * 3600_000;

class MemoryPersistence implements IdempotencyPersistence {
  rows = new Map<string, IdempotencyRecord>();
  load(): IdempotencyRecord[] {
    return [...this.rows.values()];
  }
  save(r: IdempotencyRecord): void {
    this.rows.set(r.key, r);
  }
  remove(keys: readonly string[]): void {
    for (const k of keys) this.rows.delete(k);
  }
}

describe('IdempotencyStore', () => {
  it('a second claim of the same key returns the first intent', () => {
    const store = new IdempotencyStore({ clock: new ManualClock(0) });
    expect(store.claim('proposal:p1', 'i1')).toEqual({ claimed: true });
    expect(store.claim('proposal:p1', 'i2')).toEqual({ claimed: false, intentId: 'i1' });
    expect(store.claim('proposal:p1', 'i1')).toEqual({ claimed: true });
  });

  it('forgets a claim 24 h after it was made', () => {
    const clock = new ManualClock(0);
    const store = new IdempotencyStore({ clock });
    store.claim('k', 'i1');
    clock.set(DAY - 1);
    expect(store.get('k')).toBe('i1');
    clock.set(DAY);
    expect(store.get('k')).toBeUndefined();
    expect(store.claim('k', 'i2')).toEqual({ claimed: true });
  });

  it('keeps at most maxEntries claims, dropping the oldest', () => {
    const store = new IdempotencyStore({ clock: new ManualClock(0), maxEntries: 2 });
    store.claim('a', '1');
    store.claim('b', '2');
    store.claim('c', '3');
    expect(store.size).toBe(2);
    expect(store.get('a')).toBeUndefined();
    expect(store.get('c')).toBe('3');
  });

  it('survives a restart through its persistence port, without the expired rows', () => {
    const clock = new ManualClock(0);
    const persistence = new MemoryPersistence();
    const first = new IdempotencyStore({ clock, persistence });
    first.claim('old', 'i0');
    clock.set(DAY / 2);
    first.claim('new', 'i1');
    clock.set(DAY + 1);
    const second = new IdempotencyStore({ clock, persistence });
    expect(second.get('new')).toBe('i1');
    expect(second.get('old')).toBeUndefined();
    expect([...persistence.rows.keys()]).toEqual(['new']);
  });
});
