import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import { createIntent, intentToOrderDto, isOpenIntent, type TradeIntent } from './intent';
import { DuplicateIntentError, InMemoryIntentStore, UnknownIntentError } from './intent-store';

const T = 1_700_000_000_000;
const make = (id: string, proposalId: string | null = null): TradeIntent =>
  createIntent(
    {
      id,
      proposalId,
      purpose: 'ENTRY',
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: dec('0.01'),
      price: dec('50000'),
    },
    T,
  );
const settle = (i: TradeIntent): TradeIntent => ({ ...i, status: 'ACKED', exchangeStatus: 'FILLED' });

describe('InMemoryIntentStore', () => {
  it('stores copies: mutating the caller object changes nothing until update()', () => {
    const store = new InMemoryIntentStore();
    const i = make('a');
    store.insert(i);
    i.status = 'ACKED';
    expect(store.get('a')?.status).toBe('CREATED');
    store.update(i);
    expect(store.get('a')?.status).toBe('ACKED');
  });

  it('refuses a second insert of the same id and an update of an unknown one', () => {
    const store = new InMemoryIntentStore();
    store.insert(make('a'));
    expect(() => store.insert(make('a'))).toThrow(DuplicateIntentError);
    expect(() => store.update(make('b'))).toThrow(UnknownIntentError);
  });

  it('finds by proposal id and lists by status and open-ness', () => {
    const store = new InMemoryIntentStore();
    store.insert(make('a', 'p1'));
    store.insert(make('b', 'p2'));
    store.update(settle(make('b', 'p2')));
    expect(store.findByProposalId('p2')?.id).toBe('b');
    expect(store.listByStatus(['ACKED']).map((i) => i.id)).toEqual(['b']);
    expect(store.listOpen().map((i) => i.id)).toEqual(['a']);
  });

  it('forgets the oldest settled intents beyond maxSettled and never an open one', () => {
    const store = new InMemoryIntentStore({ maxSettled: 2 });
    store.insert(make('open-1'));
    for (const id of ['s1', 's2', 's3']) {
      store.insert(make(id, `p-${id}`));
      store.update(settle(make(id, `p-${id}`)));
    }
    expect(store.size).toBe(3);
    expect(store.get('s1')).toBeUndefined();
    expect(store.findByProposalId('p-s1')).toBeUndefined();
    expect(store.get('open-1')?.status).toBe('CREATED');
  });
});

describe('intent helpers', () => {
  it('an acknowledged intent is open until its exchange status is terminal', () => {
    expect(isOpenIntent({ ...make('a'), status: 'ACKED', exchangeStatus: 'PARTIALLY_FILLED' })).toBe(true);
    expect(isOpenIntent({ ...make('a'), status: 'ACKED', exchangeStatus: 'CANCELED' })).toBe(false);
    expect(isOpenIntent({ ...make('a'), status: 'UNKNOWN' })).toBe(true);
    expect(isOpenIntent({ ...make('a'), status: 'NOT_FOUND' })).toBe(false);
  });

  it('maps to the OrderDto shape with decimals as strings and the average price', () => {
    const i: TradeIntent = {
      ...make('a'),
      status: 'ACKED',
      orderId: '7',
      exchangeStatus: 'FILLED',
      filledQty: dec('0.01'),
      cumQuote: dec('500.1'),
    };
    expect(intentToOrderDto(i)).toMatchObject({
      intent_id: 'a',
      client_order_id: 'a',
      order_id: '7',
      quantity: '0.01',
      filled_qty: '0.01',
      cum_quote: '500.1',
      avg_price: '50010',
      price: '50000',
      status: 'FILLED',
    });
  });
});
