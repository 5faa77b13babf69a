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
