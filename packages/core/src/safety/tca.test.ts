import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { dec } from '../money/decimal';
import { TcaInputError } from './safety-errors';
import { TcaTracker } from './tca';
import type { TcaOrderSent } from './tca-types';

const T0 = 1_700_000_000_000;
const config = { window_trades: 20, switch_to_limit_bps: 5, halve_size_bps: 15, impact_delay_s: 5 };

const sent = (overrides: Partial<TcaOrderSent> = {}): TcaOrderSent => ({
  symbol: 'BTCUSDT',
  side: 'BUY',
  signalPrice: dec('100'),
  bid: dec('99.95'),
  ask: dec('100.05'),
  ...overrides,
});

function tracker(overrides: Partial<typeof config> = {}) {
  const clock = new ManualClock(T0);
  return { clock, tca: new TcaTracker({ ...config, ...overrides }, clock) };
}

/** A BUY entry with arrival mid 100 filled at `fill`: slippage = (fill − 100) × 100 bps. */
function fillAt(tca: TcaTracker, id: string, fill: string, at = T0): void {
  expect(tca.onOrderSent(id, sent())).toBeNull();
  expect(tca.onFill(id, { avgPrice: dec(fill), filledQty: dec('1'), at })).toBeNull();
}

describe('TcaTracker', () => {
  it('records signal, arrival, fill, slippage, shortfall and spread per position', () => {
    const { tca } = tracker();
    tca.onOrderSent('p1', sent());
    expect(tca.dto('p1')).toEqual({
      signal_price: '100',
      arrival_price: '100',
      fill_price: null,
      slippage_bps: null,
      implementation_shortfall_bps: null,
      market_impact_bps: null,
      spread_at_entry_bps: 10,
    });
    tca.onFill('p1', { avgPrice: dec('100.05'), filledQty: dec('2'), feesQuote: dec('0.2'), at: T0 + 50 });
    expect(tca.dto('p1')).toEqual({
      signal_price: '100',
      arrival_price: '100',
      fill_price: '100.05',
      slippage_bps: 5,
      implementation_shortfall_bps: 15,
      market_impact_bps: null,
      spread_at_entry_bps: 10,
    });
  });

  it('signs SELL slippage positive when the fill is below arrival', () => {
    const { tca } = tracker();
    tca.onOrderSent('s1', sent({ side: 'SELL' }));
    tca.onFill('s1', { avgPrice: dec('99.9'), filledQty: dec('1'), at: T0 });
    expect(tca.dto('s1')).toMatchObject({ slippage_bps: 10, implementation_shortfall_bps: 10 });
  });

  it('leaves slippage and spread null without a book, and shortfall null without a signal price', () => {
    const { tca } = tracker();
    tca.onOrderSent('m1', sent({ bid: null, ask: null, signalPrice: null }));
    tca.onFill('m1', { avgPrice: dec('100'), filledQty: dec('1'), at: T0 });
    expect(tca.dto('m1')).toMatchObject({
      arrival_price: null,
      slippage_bps: null,
      spread_at_entry_bps: null,
      implementation_shortfall_bps: null,
    });
    expect(tca.summary()).toMatchObject({ trades: 1, avg_slippage_bps: null });
  });

  it('updates the average price on later fills and ignores repeated or older updates', () => {
    const { tca } = tracker();
    tca.onOrderSent('p1', sent());
    tca.onFill('p1', { avgPrice: dec('100.1'), filledQty: dec('1'), at: T0 });
    tca.onFill('p1', { avgPrice: dec('100.05'), filledQty: dec('2'), at: T0 + 10 });
    expect(tca.onFill('p1', { avgPrice: dec('100.1'), filledQty: dec('1'), at: T0 + 20 })).toBeNull();
    expect(tca.dto('p1')).toMatchObject({ fill_price: '100.05', slippage_bps: 5 });
    expect(tca.summary().trades).toBe(1);
  });

  it('lists an impact as due exactly impact_delay_s after the latest fill, and records it signed', () => {
    const { clock, tca } = tracker();
    tca.onOrderSent('b1', sent({ bid: dec('99.9'), ask: dec('100.1') }));
    tca.onFill('b1', { avgPrice: dec('100'), filledQty: dec('1'), at: T0 + 1_000 });
    tca.onOrderSent('s1', sent({ side: 'SELL', bid: dec('99.9'), ask: dec('100.1') }));
    tca.onFill('s1', { avgPrice: dec('100'), filledQty: dec('1'), at: T0 });
    expect(tca.dueImpacts(T0 + 4_999)).toEqual([]);
    expect(tca.dueImpacts(T0 + 5_000)).toEqual([{ positionId: 's1', symbol: 'BTCUSDT', dueAt: T0 + 5_000 }]);
    clock.set(T0 + 5_999);
    const early = tca.recordImpact('b1', dec('100.2'));
    expect(early).toBeInstanceOf(TcaInputError);
    expect(early?.code).toBe('IMPACT_NOT_DUE');
    clock.set(T0 + 6_000);
    expect(tca.dueImpacts().map((d) => d.positionId)).toEqual(['s1', 'b1']);
    expect(tca.recordImpact('b1', dec('100.2'))).toBeNull();
    expect(tca.recordImpact('s1', dec('99.7'))).toBeNull();
    expect(tca.dto('b1')?.market_impact_bps).toBe(20);
    expect(tca.dto('s1')?.market_impact_bps).toBe(30);
    expect(tca.dueImpacts()).toEqual([]);
    expect(tca.recordImpact('b1', dec('100.3'))?.code).toBe('IMPACT_NOT_PENDING');
    expect(tca.summary().avg_impact_bps).toBe(25);
  });

  it('re-schedules the impact when a later fill changes the average price', () => {
    const { tca } = tracker();
    tca.onOrderSent('p1', sent());
    tca.onFill('p1', { avgPrice: dec('100'), filledQty: dec('1'), at: T0 });
    expect(tca.recordImpact('p1', dec('100.1'), T0 + 5_000)).toBeNull();
    tca.onFill('p1', { avgPrice: dec('100.05'), filledQty: dec('2'), at: T0 + 8_000 });
    expect(tca.dto('p1')?.market_impact_bps).toBeNull();
    expect(tca.dueImpacts(T0 + 12_999)).toEqual([]);
    expect(tca.dueImpacts(T0 + 13_000).map((d) => d.positionId)).toEqual(['p1']);
  });

  it('gives up an impact nobody recorded within the grace period', () => {
    const { tca } = tracker();
    fillAt(tca, 'p1', '100');
    expect(tca.dueImpacts(T0 + 65_000)).toHaveLength(1);
    expect(tca.dueImpacts(T0 + 65_001)).toEqual([]);
    expect(tca.missedImpacts).toBe(1);
    expect(tca.recordImpact('p1', dec('100'), T0 + 65_002)?.code).toBe('IMPACT_NOT_PENDING');
  });

  it('gives no advice with an average slippage exactly at 5 bps', () => {
    const { tca } = tracker();
    fillAt(tca, 'a', '100.05');
    expect(tca.advice()).toEqual({ forceLimit: false, sizeFactor: 1 });
    expect(tca.summary()).toMatchObject({ avg_slippage_bps: 5, entry_type_override: null, size_factor: 1 });
  });

  it('forces LIMIT entries just above 5 bps', () => {
    const { tca } = tracker();
    fillAt(tca, 'a', '100.050001');
    expect(tca.advice()).toEqual({ forceLimit: true, sizeFactor: 1 });
    expect(tca.summary()).toMatchObject({
      avg_slippage_bps: 5.0001,
      entry_type_override: 'LIMIT',
      size_factor: 1,
    });
  });

  it('keeps full size exactly at 15 bps and halves it just above', () => {
    const at = tracker();
    fillAt(at.tca, 'a', '100.15');
    expect(at.tca.advice()).toEqual({ forceLimit: true, sizeFactor: 1 });
    const above = tracker();
    fillAt(above.tca, 'a', '100.150001');
    expect(above.tca.advice()).toEqual({ forceLimit: true, sizeFactor: 0.5 });
    expect(above.tca.summary()).toMatchObject({ entry_type_override: 'LIMIT', size_factor: 0.5 });
  });

  it('averages exactly: slippages 0.3, 8.3 and 6.4 bps average 5, which is not above 5', () => {
    // Summed as binary floats these average 5.000000000000001.
    const { tca } = tracker();
    fillAt(tca, 'a', '100.003');
    fillAt(tca, 'b', '100.083');
    fillAt(tca, 'c', '100.064');
    expect(tca.summary().avg_slippage_bps).toBe(5);
    expect(tca.advice().forceLimit).toBe(false);
  });

  it('averages only the last window_trades filled entries', () => {
    const { tca } = tracker({ window_trades: 2 });
    fillAt(tca, 'a', '100.3');
    expect(tca.advice()).toEqual({ forceLimit: true, sizeFactor: 0.5 });
    fillAt(tca, 'b', '100');
    fillAt(tca, 'c', '100.02');
    expect(tca.summary()).toMatchObject({ trades: 2, avg_slippage_bps: 1 });
    expect(tca.advice()).toEqual({ forceLimit: false, sizeFactor: 1 });
    tca.updateConfig({ ...config, window_trades: 1 });
    expect(tca.summary()).toMatchObject({ trades: 1, avg_slippage_bps: 2 });
  });

  it('refuses bad input with a typed error, counts it and changes nothing', () => {
    const { tca } = tracker();
    expect(tca.onFill('ghost', { avgPrice: dec('1'), filledQty: dec('1'), at: T0 })?.code).toBe(
      'UNKNOWN_TRADE',
    );
    expect(tca.onOrderSent('p1', sent({ bid: dec('101'), ask: dec('100') }))?.code).toBe('INVALID_PRICE');
    expect(tca.onOrderSent('p1', sent({ signalPrice: dec('0') }))?.code).toBe('INVALID_PRICE');
    expect(tca.onOrderSent('p1', sent())).toBeNull();
    expect(tca.onOrderSent('p1', sent())?.code).toBe('DUPLICATE_TRADE');
    expect(tca.onFill('p1', { avgPrice: dec('-1'), filledQty: dec('1'), at: T0 })?.code).toBe(
      'INVALID_PRICE',
    );
    expect(tca.onFill('p1', { avgPrice: dec('1'), filledQty: dec('0'), at: T0 })?.code).toBe(
      'INVALID_QUANTITY',
    );
    expect(
      tca.onFill('p1', { avgPrice: dec('1'), filledQty: dec('1'), feesQuote: dec('-0.1'), at: T0 })?.code,
    ).toBe('INVALID_FEE');
    expect(tca.recordImpact('p1', dec('100'))?.code).toBe('NO_FILL_YET');
    expect(tca.rejectedInputs).toBe(8);
    expect(tca.dto('p1')?.fill_price).toBeNull();
    expect(tca.summary().trades).toBe(0);
  });

  it('keeps at most maxTrades per-position records, dropping the oldest', () => {
    const clock = new ManualClock(T0);
    const tca = new TcaTracker(config, clock, { maxTrades: 2 });
    for (const id of ['a', 'b', 'c']) tca.onOrderSent(id, sent());
    expect(tca.dto('a')).toBeNull();
    expect(tca.dto('b')).not.toBeNull();
    expect(tca.dto('c')).not.toBeNull();
  });
});
