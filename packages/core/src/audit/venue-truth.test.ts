import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import { createHarness } from '../execution/testing/engine-harness';
import { agreeingInput } from './audit.fixture';
import type { AuditBooks } from './audit-input';
import { readVenueTruth } from './venue-truth';

describe('readVenueTruth', () => {
  it('asks only about the symbols the books name, bounds its lookups, and reads the account last', async () => {
    const h = createHarness();
    h.exchange.setBalance('BTC', '1');
    const calls: string[] = [];
    const ex = h.exchange;
    const port = Object.assign(Object.create(Object.getPrototypeOf(ex) as object) as typeof ex, ex, {
      getOpenOrders: async (symbol?: string) => (calls.push(`open ${symbol}`), ex.getOpenOrders(symbol)),
      getAllOrders: async (symbol: string, o?: { limit?: number }) => (
        calls.push(`history ${symbol} ${o?.limit}`), ex.getAllOrders(symbol)
      ),
      getOrder: async (ref: Parameters<typeof ex.getOrder>[0]) => (calls.push('lookup'), ex.getOrder(ref)),
      getAccount: async () => (calls.push('account'), ex.getAccount()),
    });
    const base = agreeingInput([{ symbol: 'BTCUSDT', entry: [[1, '100']], exit: [] }]).books;
    const books: AuditBooks = {
      ...base,
      symbols: [{ symbol: 'BTCUSDT', baseAsset: 'BTC', stepSize: dec('0.001') }],
      // Three positions whose orders the history does not show: only two lookups are allowed.
      positions: ['a', 'b', 'c'].map((n) => ({ ...base.positions[0]!, id: n, entryClientOrderId: `old-${n}` })),
    };
    const truth = await readVenueTruth(port, books, { historyLimit: 50, maxLookups: 2 });
    expect(calls).toEqual(['open BTCUSDT', 'history BTCUSDT 50', 'lookup', 'lookup', 'account']);
    expect(truth.openOrdersComplete).toEqual(['BTCUSDT']);
    expect(truth.ordersComplete).toEqual([]);
    expect(truth.balances?.map((b) => `${b.asset} ${b.free.toFixed()}`)).toContain('BTC 1');
  });
});
