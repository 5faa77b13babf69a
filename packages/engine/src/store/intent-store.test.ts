import { createIntent, Dec, type TradeIntent } from '@aurora/core';
import { describe, expect, it } from 'vitest';
import { StoreIntentStore } from './intent-store';
import { MemoryStore } from './memory-store';

const filled = (): TradeIntent => ({
  ...createIntent(
    { id: 'i-1', purpose: 'ENTRY', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: new Dec('0.01'), price: new Dec('60000') },
    1_000,
  ),
  status: 'ACKED',
  exchangeStatus: 'FILLED',
  filledQty: new Dec('0.01'),
  updatedAt: 2_000,
});

describe('StoreIntentStore read-back', () => {
  it('answers a finished intent as stored, a fresh copy each time, and re-reads a changed row', () => {
    const store = new StoreIntentStore(new MemoryStore());
    store.insert(filled());
    const first = store.get('i-1')!;
    expect(first.exchangeStatus).toBe('FILLED');
    expect(first.filledQty.toFixed()).toBe('0.01');
    first.reason = 'changed by a caller';
    expect(store.get('i-1')!.reason).toBeNull();
    store.update({ ...filled(), cumQuote: new Dec('600'), updatedAt: 3_000 });
    const again = store.get('i-1')!;
    expect(again.updatedAt).toBe(3_000);
    expect(again.cumQuote.toFixed()).toBe('600');
    expect(store.byPosition('none')).toEqual([]);
    expect(store.listByStatus(['ACKED']).map((i) => i.updatedAt)).toEqual([3_000]);
  });
});

describe('StoreIntentStore.atomically', () => {
  it('one commit when the database takes it; the change still applies when no transaction can open', () => {
    const repo = new MemoryStore();
    const store = new StoreIntentStore(repo);
    let applied = 0;
    expect(store.atomically(() => ++applied)).toBe(1);
    // A read-only or full disk: BEGIN itself fails. The books must still follow the venue.
    repo.transaction = () => {
      throw Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' });
    };
    expect(store.atomically(() => ++applied)).toBe(2);
  });

  it('a failure inside the change itself propagates (and is not applied twice)', () => {
    const store = new StoreIntentStore(new MemoryStore());
    let calls = 0;
    expect(() =>
      store.atomically(() => {
        calls += 1;
        throw new Error('write failed');
      }),
    ).toThrow('write failed');
    expect(calls).toBe(1);
  });
});
