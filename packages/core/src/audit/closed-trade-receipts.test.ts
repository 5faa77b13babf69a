import { describe, expect, it } from 'vitest';
import { ClosedTradeReceipts, parseClosedTradeReceipts } from './closed-trade-receipts';

describe('ClosedTradeReceipts', () => {
  it('counts each telling per position and survives a snapshot round trip', () => {
    const r = new ClosedTradeReceipts(100);
    r.record('p1', 200);
    r.record('p2', 300);
    r.record('p1', 400);
    const back = ClosedTradeReceipts.restore(parseClosedTradeReceipts(JSON.parse(JSON.stringify(r))), 999);
    expect(back.counts()).toEqual({ p1: 2, p2: 1 });
    expect(back.horizon).toBe(100);
  });

  it('a record restored from a snapshot without receipts begins now', () => {
    expect(ClosedTradeReceipts.restore(parseClosedTradeReceipts(undefined), 5_000).horizon).toBe(5_000);
  });

  it('stays bounded, and the horizon moves past what it forgot', () => {
    const r = new ClosedTradeReceipts(0, 2);
    r.record('a', 10);
    r.record('b', 20);
    r.record('c', 30);
    expect(r.counts()).toEqual({ b: 1, c: 1 });
    expect(r.horizon).toBe(11);
  });

  it('refuses a malformed snapshot with a clear error', () => {
    expect(() => parseClosedTradeReceipts({ horizon: -1, receipts: [] })).toThrow(/horizon/);
    expect(() => parseClosedTradeReceipts({ horizon: 0, receipts: [['p', 0, 1]] })).toThrow(/malformed/);
  });
});
