import { describe, expect, it } from 'vitest';
import { defaultRuntimeConfig } from '@aurora/contracts';
import { ManualClock } from '../clock';
import { dec } from '../money/decimal';
import { btcusdtFilters } from '../money/filters.fixture';
import { TradeInsurance, type InsuranceInput } from './insurance';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

const setup = () => {
  const clock = new ManualClock(T0);
  return { clock, insurance: new TradeInsurance(clock, defaultRuntimeConfig().insurance) };
};

const input = (over: Partial<InsuranceInput> = {}): InsuranceInput => ({
  symbol: 'BTCUSDT',
  side: 'BUY',
  confidence: 0.7,
  signalPrice: dec('50000'),
  book: {
    symbol: 'BTCUSDT',
    updateId: 9,
    bidPrice: dec('50000'),
    bidQty: dec('2'),
    askPrice: dec('50010'),
    askQty: dec('2'),
    receivedAt: T0 - 200,
  },
  klineUpdatedAt: T0 - 1_000,
  atr: 100,
  filters: btcusdtFilters(),
  hasOpenPosition: false,
  hasPendingIntent: false,
  ...over,
});

const codeOf = (insurance: TradeInsurance, x: InsuranceInput) => {
  const v = insurance.check(x);
  return v.ok ? 'OK' : v.code;
};

describe('TradeInsurance', () => {
  it('passes a fresh, confident proposal on a trading symbol and records what it measured', () => {
    const { insurance } = setup();
    const v = insurance.check(input());
    expect(v).toEqual({
      ok: true,
      inputs: {
        confidence: 0.7,
        min_confidence: 0.5,
        symbol_status: 'TRADING',
        cooldown_until: null,
        book_age_ms: 200,
        kline_age_ms: 1_000,
        max_data_age_ms: 5_000,
        spread: 10,
        atr: 100,
        price_move_bps: 2,
      },
    });
  });

  it('blocks a symbol the exchange is not trading, or one without rules', () => {
    const { insurance } = setup();
    expect(codeOf(insurance, input({ filters: btcusdtFilters({ status: 'BREAK' }) }))).toBe(
      'SYMBOL_NOT_TRADING',
    );
    expect(codeOf(insurance, input({ filters: null }))).toBe('SYMBOL_UNKNOWN');
  });

  it('blocks below the minimum confidence', () => {
    const { insurance } = setup();
    expect(codeOf(insurance, input({ confidence: 0.49 }))).toBe('LOW_CONFIDENCE');
    expect(codeOf(insurance, input({ confidence: 0.5 }))).toBe('OK');
  });

  it('blocks a second proposal for a symbol with an open position or a pending intent', () => {
    const { insurance } = setup();
    expect(codeOf(insurance, input({ hasOpenPosition: true }))).toBe('POSITION_OPEN');
    expect(codeOf(insurance, input({ hasPendingIntent: true }))).toBe('INTENT_PENDING');
  });

  it('cools a symbol down for loss_cooldown_min after a losing trade, and only that symbol', () => {
    const { clock, insurance } = setup();
    insurance.onTradeClosed('BTCUSDT', dec('-3.2'));
    insurance.onTradeClosed('ETHUSDT', dec('4'));
    expect(codeOf(insurance, input())).toBe('LOSS_COOLDOWN');
    expect(insurance.cooldownUntil('BTCUSDT')).toBe(T0 + 15 * MIN);
    expect(insurance.cooldownUntil('ETHUSDT')).toBeNull();
    clock.advance(15 * MIN);
    const fresh = input({ book: { ...input().book!, receivedAt: clock.now() }, klineUpdatedAt: clock.now() });
    expect(codeOf(insurance, fresh)).toBe('OK');
  });

  it('keeps a running cool-down across a restart', () => {
    const { clock, insurance } = setup();
    insurance.onTradeClosed('BTCUSDT', dec('-1'));
    const saved = JSON.parse(JSON.stringify(insurance));
    const reborn = new TradeInsurance(clock, defaultRuntimeConfig().insurance);
    reborn.restore(saved);
    expect(codeOf(reborn, input())).toBe('LOSS_COOLDOWN');
    reborn.restore({ lastLossAt: { ETHUSDT: 'yesterday' } });
    expect(reborn.cooldownUntil('ETHUSDT')).toBeNull();
  });

  it('blocks on a missing or stale book and on a stale kline stream', () => {
    const { insurance } = setup();
    expect(codeOf(insurance, input({ book: null }))).toBe('NO_BOOK');
    const stale = { ...input().book!, receivedAt: T0 - 5_001 };
    expect(codeOf(insurance, input({ book: stale }))).toBe('STALE_BOOK');
    expect(codeOf(insurance, input({ klineUpdatedAt: T0 - 5_001 }))).toBe('STALE_KLINES');
    expect(codeOf(insurance, input({ klineUpdatedAt: null }))).toBe('STALE_KLINES');
  });

  it('blocks a spread wider than max_spread_atr_ratio × ATR', () => {
    const { insurance } = setup();
    // 0.5 × ATR 100 = 50: a 51 spread is too wide.
    const wide = { ...input().book!, askPrice: dec('50051') };
    expect(codeOf(insurance, input({ book: wide, signalPrice: dec('50040') }))).toBe('SPREAD_TOO_WIDE');
    expect(codeOf(insurance, input({ book: wide, atr: null, signalPrice: dec('50040') }))).toBe('OK');
  });

  it('blocks when the price ran more than max_price_move_bps from the signal', () => {
    const { insurance } = setup();
    // Ask 50 010 vs signal 49 880: 26.06 bps > 25.
    expect(codeOf(insurance, input({ signalPrice: dec('49880') }))).toBe('PRICE_MOVED');
    expect(codeOf(insurance, input({ signalPrice: dec('49890') }))).toBe('OK');
    // A sell compares the bid.
    expect(codeOf(insurance, input({ side: 'SELL', signalPrice: dec('50126') }))).toBe('PRICE_MOVED');
    expect(codeOf(insurance, input({ signalPrice: null }))).toBe('OK');
  });
});
