import { describe, expect, it } from 'vitest';
import { defaultRuntimeConfig, Signal, type StrategyConfig } from '@aurora/contracts';
import { dec } from '../money/decimal';
import { SignalEnsemble } from './ensemble';
import {
  barsToKlines,
  downtrendBreakdownBars,
  flatBars,
  MINUTE,
  SERIES_START,
  uptrendBreakoutBars,
} from './strategy.fixture';

const strategy = (over: Partial<StrategyConfig> = {}): StrategyConfig => ({
  ...defaultRuntimeConfig().strategy,
  ...over,
});

const run = (ensemble: SignalEnsemble, klines: ReturnType<typeof barsToKlines>) =>
  klines.map((k) => ensemble.onKline(k));

describe('SignalEnsemble', () => {
  it('proposes a LONG with ATR-based stop and target on an uptrend breakout', () => {
    const e = new SignalEnsemble('BTCUSDT', strategy());
    const klines = barsToKlines('BTCUSDT', uptrendBreakoutBars());
    const out = run(e, klines);
    const last = out.at(-1);
    expect(last).not.toBeNull();
    if (!last) return;
    expect(last.side).toBe('BUY');
    expect(last.score).toBeGreaterThanOrEqual(0.25);
    expect(last.confidence).toBeGreaterThanOrEqual(0.5);
    expect(last.entryPrice.toFixed()).toBe('102.75');
    const atr = e.atr as number;
    expect(last.stopPrice.toNumber()).toBeCloseTo(102.75 - 2 * atr, 9);
    expect(last.takeProfitPrice.toNumber()).toBeCloseTo(102.75 + 3 * atr, 9);
    expect(last.signals.map((s) => s.name)).toEqual(['trend', 'momentum', 'volatility', 'volume']);
    for (const s of last.signals) Signal.parse(s);
    expect(last.signals.find((s) => s.name === 'volatility')?.direction).toBe('LONG');
    expect(last.signals.find((s) => s.name === 'volume')?.direction).toBe('LONG');
    expect(last.signalAt).toBe(klines.at(-1)?.closeTime);
  });

  it('proposes nothing on flat data, noisy or perfectly constant', () => {
    const noisy = new SignalEnsemble('BTCUSDT', strategy());
    expect(run(noisy, barsToKlines('BTCUSDT', flatBars(200))).every((p) => p === null)).toBe(true);
    expect(noisy.ready).toBe(true);
    const constant = new SignalEnsemble('BTCUSDT', strategy());
    const bars = Array.from({ length: 100 }, () => ({ o: 100, h: 100, l: 100, c: 100, v: 5 }));
    expect(run(constant, barsToKlines('BTCUSDT', bars)).every((p) => p === null)).toBe(true);
    for (const s of constant.lastSignals) expect(Signal.safeParse(s).success).toBe(true);
  });

  it('stays long-only by default and proposes a SELL on a breakdown only when allowed', () => {
    const longOnly = new SignalEnsemble('BTCUSDT', strategy());
    expect(run(longOnly, barsToKlines('BTCUSDT', downtrendBreakdownBars())).every((p) => p === null)).toBe(
      true,
    );
    expect(longOnly.lastScore).toBeLessThanOrEqual(-0.25);
    const both = new SignalEnsemble('BTCUSDT', strategy({ long_only: false }));
    const last = run(both, barsToKlines('BTCUSDT', downtrendBreakdownBars())).at(-1);
    expect(last?.side).toBe('SELL');
    expect(last && last.stopPrice.gt(last.entryPrice)).toBe(true);
    expect(last && last.takeProfitPrice.lt(last.entryPrice)).toBe(true);
  });

  it('is not ready, and proposes nothing, before its warm-up is complete', () => {
    const e = new SignalEnsemble('BTCUSDT', strategy());
    expect(e.warmupCandles).toBe(22);
    const klines = barsToKlines('BTCUSDT', flatBars(21));
    run(e, klines);
    expect(e.ready).toBe(false);
    expect(e.atr).toBeNull();
  });

  it('warms up from history without proposing, then evaluates the next live candle', () => {
    const e = new SignalEnsemble('BTCUSDT', strategy());
    const klines = barsToKlines('BTCUSDT', uptrendBreakoutBars());
    e.warmup(klines.slice(0, -1));
    expect(e.ready).toBe(true);
    expect(e.onKline(klines.at(-1) as (typeof klines)[number])?.side).toBe('BUY');
  });

  it('enters at the best ask when a book ticker is known', () => {
    const e = new SignalEnsemble('BTCUSDT', strategy());
    const klines = barsToKlines('BTCUSDT', uptrendBreakoutBars());
    e.warmup(klines.slice(0, -1));
    e.onBookTicker({
      symbol: 'BTCUSDT',
      updateId: 1,
      bidPrice: dec('102.74'),
      bidQty: dec('3'),
      askPrice: dec('102.76'),
      askQty: dec('2'),
      receivedAt: SERIES_START,
    });
    const p = e.onKline(klines.at(-1) as (typeof klines)[number]);
    expect(p?.entryPrice.toFixed()).toBe('102.76');
    expect(p?.signalPrice.toFixed()).toBe('102.75');
  });

  it('ignores unclosed, repeated, older and foreign candles', () => {
    const e = new SignalEnsemble('BTCUSDT', strategy());
    const [k0, k1] = barsToKlines('BTCUSDT', flatBars(2));
    if (!k0 || !k1) throw new Error('fixture');
    e.onKline(k1);
    expect(e.lastKlineAt).toBe(k1.closeTime);
    e.onKline(k0);
    e.onKline({ ...k1, closed: false, openTime: k1.openTime + MINUTE });
    e.onKline({ ...k1, symbol: 'ETHUSDT', openTime: k1.openTime + MINUTE });
    expect(e.lastKlineAt).toBe(k1.closeTime);
  });

  it('counts missing candles within its look-back', () => {
    const e = new SignalEnsemble('BTCUSDT', strategy());
    const klines = barsToKlines('BTCUSDT', flatBars(40));
    e.warmup([...klines.slice(0, 30), ...klines.slice(32)]);
    expect(e.gapsInWindow()).toBe(1);
    e.warmup(barsToKlines('BTCUSDT', flatBars(30), 40));
    expect(e.gapsInWindow()).toBe(0);
  });

  it('re-warms from its kept history when indicator periods change', () => {
    const e = new SignalEnsemble('BTCUSDT', strategy());
    const klines = barsToKlines('BTCUSDT', uptrendBreakoutBars());
    e.warmup(klines.slice(0, -1));
    e.updateConfig(strategy({ ema_slow: 30, bb_period: 25 }));
    expect(e.ready).toBe(true);
    expect(e.warmupCandles).toBe(31);
    expect(e.onKline(klines.at(-1) as (typeof klines)[number])).not.toBeNull();
  });
});
