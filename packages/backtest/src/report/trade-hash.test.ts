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
      'aurora-trades-v1\n' +
        '["bt-00001","BTCUSDT","ema-cross",1704067200000,1704070800000,"42000.1","42500","0.01","4.15","0.845","TAKE_PROFIT"]\n',
    );
  });

  it('is pinned: the same trades give the same hash on every run and platform', () => {
    // Both computed independently: printf '<the canonical text>' | sha256sum
    expect(tradeHash([])).toBe('50c2d1edd47efcec9732c70bdb96f01973514e16388c62813aee72e47ce194e4');
    expect(tradeHash([base])).toBe('fcaee66c1cfce319ca76c90a37549662eaba95d61e424171070f3eb1651986f6');
  });

  it('equal trades give equal hashes, whatever the spelling of a Decimal', () => {
    const respelled = { ...base, entryPrice: '42000.1000', qty: '0.01', fees: '0.845', pnl: '4.150' };
    expect(tradeHash([respelled])).toBe(tradeHash([base]));
    expect(tradeHash([{ ...base, pnl: '-0.00' }])).toBe(tradeHash([{ ...base, pnl: '0' }]));
  });

  it('changing any field changes the hash', () => {
    const h = tradeHash([base]);
    const changed: Array<Partial<BacktestTrade>> = [
      { id: 'bt-00002' },
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
    expect(Object.keys(base)).toHaveLength(changed.length);
  });

  it('a separator inside a string cannot merge two fields', () => {
    const a = { ...base, id: 'a","b', symbol: 'X' };
    const b = { ...base, id: 'a', symbol: 'b","X' };
    expect(tradeHash([a])).not.toBe(tradeHash([b]));
  });

  it('order matters, and so does every trade (property)', () => {
    const tradeArb = fc.record({
      id: fc.string({ minLength: 1, maxLength: 8 }),
      pnl: fc.integer({ min: -1e6, max: 1e6 }).map((c) => (c / 100).toFixed(2)),
    });
    fc.assert(
      fc.property(fc.uniqueArray(tradeArb, { minLength: 2, maxLength: 6, selector: (t) => t.id }), (specs) => {
        const trades = specs.map((s) => ({ ...base, ...s }));
        expect(tradeHash(trades)).toBe(tradeHash(structuredClone(trades)));
        const swapped = [trades[1]!, trades[0]!, ...trades.slice(2)];
        expect(tradeHash(swapped)).not.toBe(tradeHash(trades));
        expect(tradeHash(trades.slice(1))).not.toBe(tradeHash(trades));
      }),
    );
  });
});
