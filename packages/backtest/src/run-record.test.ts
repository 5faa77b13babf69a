import { describe, expect, it } from 'vitest';
import type { DecisionEnvelope } from '@aurora/contracts';
import type { PositionRecord } from '@aurora/core';
import { chartPrices, sortTrades, tallyDecisions, tradeFromRecord } from './run-record';
import { syntheticSeries } from './synthetic-candles';

const record = (over: Partial<PositionRecord> = {}): PositionRecord =>
  ({
    id: 'pos-1',
    symbol: 'BTCUSDT',
    filledQty: '0.02',
    exitedQty: '0.02',
    entryNotional: '800',
    exitNotional: '820.5',
    realizedPnl: '19.68',
    commissionTotalQuote: '0.82',
    tags: { strategy: 'ema-cross' },
    createdAt: 1,
    updatedAt: 9,
    openedAt: 2,
    closedAt: 8,
    ...over,
  }) as PositionRecord;

describe('tradeFromRecord', () => {
  it('takes average fill prices from notional / quantity, exactly', () => {
    expect(tradeFromRecord(record(), () => 'STOP_LOSS_LIMIT')).toEqual({
      id: 'pos-1',
      symbol: 'BTCUSDT',
      strategy: 'ema-cross',
      entryTime: 2,
      exitTime: 8,
      entryPrice: '40000',
      exitPrice: '41025',
      qty: '0.02',
      pnl: '19.68',
      fees: '0.82',
      exitReason: 'STOP_LOSS_LIMIT',
    });
    expect(tradeFromRecord(record({ tags: {} }), () => null)).toMatchObject({ strategy: 'unknown', exitReason: 'UNKNOWN' });
  });

  it('orders trades by exit time, then id', () => {
    const t = (id: string, exitTime: number) => ({ ...tradeFromRecord(record({ id }), () => null), exitTime });
    expect(sortTrades([t('b', 5), t('a', 5), t('c', 1)]).map((x) => x.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('tallyDecisions', () => {
  it('counts blocks by the blocking layer', () => {
    const d = (final: 'ALLOW' | 'BLOCK', layer: string | null) =>
      ({ final_decision: final, blocking_layer: layer }) as unknown as DecisionEnvelope;
    expect(tallyDecisions([d('ALLOW', null), d('BLOCK', 'risk'), d('BLOCK', 'risk'), d('BLOCK', 'insurance')])).toEqual({
      gateBlocks: { risk: 2, insurance: 1 },
      decisions: { total: 4, allowed: 1 },
    });
  });
});

describe('chartPrices', () => {
  it('keeps at most 2,000 points of the replayed range, the last close included', () => {
    const start = Date.UTC(2024, 0, 1);
    const [s] = syntheticSeries(['BTCUSDT'], start, 5_000, 3);
    const pts = chartPrices(s!, start + 100 * 60_000, Infinity);
    expect(pts.length).toBeLessThanOrEqual(2_000);
    expect(pts[0]!.t).toBe(start + 101 * 60_000);
    expect(pts[pts.length - 1]).toEqual({ t: start + 5_000 * 60_000, close: s!.numbers('close')[4_999] });
    expect(chartPrices(s!, start, start + 10 * 60_000)).toHaveLength(10);
  });
});
