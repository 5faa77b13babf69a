import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BacktestTrade } from '../run-data';
import { canonicalTrades, tradeHash } from './trade-hash';

const base: BacktestTrade = {
  id: 'bt-00001',
  symbol: 'BTCUSDT',
  strategy: 'ema-cross',
  entryTime: 1704067200000,
  exitTime: 1704070800000,
  entryPrice: '42000.10',
  exitPrice: '42500',
  qty: '0.01000',
  pnl: '4.15',
  fees: '0.84500',
  exitReason: 'TAKE_PROFIT',
};

describe('tradeHash', () => {
  it('hashes a documented text: header, then one JSON line per trade, Decimals canonical', () => {
    expect(canonicalTrades([base])).toBe(
      'aurora-trades-v2\n' +
        '["BTCUSDT","ema-cross",1704067200000,1704070800000,"42000.1","42500","0.01","4.15","0.845","TAKE_PROFIT"]\n',
    );
  });

  it('is pinned: the same trades give the same hash on every run and platform', () => {
    // Both computed independently: printf '<the canonical text>' | sha256sum
    expect(tradeHash([])).toBe('09b356ab202ca35b32e35f559d6bc99080aa7570a5437740e06306f7e198f7c6');
    expect(tradeHash([base])).toBe('89fb56e4d6c3043b7004889a28d69f82938893943b75323f75335543e0648b66');
  });

  it('equal trades give equal hashes, whatever the spelling of a Decimal', () => {
    const respelled = { ...base, entryPrice: '42000.1000', qty: '0.01', fees: '0.845', pnl: '4.150' };
    expect(tradeHash([respelled])).toBe(tradeHash([base]));
    expect(tradeHash([{ ...base, pnl: '-0.00' }])).toBe(tradeHash([{ ...base, pnl: '0' }]));
  });

  it('changing any traded field changes the hash; the id, a label, does not', () => {
    const h = tradeHash([base]);
    expect(tradeHash([{ ...base, id: 'pos-aur-something-else' }])).toBe(h);
    const changed: Array<Partial<BacktestTrade>> = [
      { symbol: 'ETHUSDT' },
      { strategy: 'rsi-revert' },
      { entryTime: base.entryTime + 1 },
      { exitTime: base.exitTime + 1 },
      { entryPrice: '42000.11' },
      { exitPrice: '42500.00000001' },
      { qty: '0.011' },
      { pnl: '-4.15' },
      { fees: '0.846' },
      { exitReason: 'STOP_LOSS' },
    ];
    for (const c of changed) expect(tradeHash([{ ...base, ...c }]), JSON.stringify(c)).not.toBe(h);
    expect(Object.keys(base)).toHaveLength(changed.length + 1); // every field but the id
  });

  it('a separator inside a string cannot merge two fields', () => {
    const a = { ...base, symbol: 'a","b', strategy: 'X' };
    const b = { ...base, symbol: 'a', strategy: 'b","X' };
    expect(tradeHash([a])).not.toBe(tradeHash([b]));
  });

  it('order matters, and so does every trade (property)', () => {
    const tradeArb = fc.record({
      entryTime: fc.integer({ min: 0, max: 1e12 }),
      pnl: fc.integer({ min: -1e6, max: 1e6 }).map((c) => (c / 100).toFixed(2)),
    });
    fc.assert(
      fc.property(fc.uniqueArray(tradeArb, { minLength: 2, maxLength: 6, selector: (t) => t.entryTime }), (specs) => {
        const trades = specs.map((s) => ({ ...base, ...s }));
        expect(tradeHash(trades)).toBe(tradeHash(structuredClone(trades)));
        const swapped = [trades[1]!, trades[0]!, ...trades.slice(2)];
        expect(tradeHash(swapped)).not.toBe(tradeHash(trades));
        expect(tradeHash(trades.slice(1))).not.toBe(tradeHash(trades));
      }),
    );
  });
});
