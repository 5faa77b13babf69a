import { describe, expect, it } from 'vitest';
import { defaultRuntimeConfig, Signal } from '@aurora/contracts';
import type { MarketFeatures } from './indicator-set';
import { momentumSignal, trendSignal, volatilityBreakoutSignal, volumeSignal } from './signals';

const cfg = defaultRuntimeConfig().strategy;

/** A quiet candle: every signal FLAT. ATR 2 so distances read easily in ATRs. */
const quiet = (over: Partial<MarketFeatures> = {}): MarketFeatures => ({
  open: 100,
  high: 101,
  low: 99,
  close: 100,
  volume: 10,
  emaFast: 100,
  emaSlow: 100,
  emaFastPrev: 100,
  emaSlowPrev: 100,
  rsi: 50,
  bbUpperPrev: 104,
  bbMiddlePrev: 100,
  bbLowerPrev: 96,
  bbWidth: 0.08,
  bbWidthPrev: 0.08,
  atr: 2,
  volumeSmaPrev: 10,
  ...over,
});

const brief = (s: Signal) => [s.direction, +s.strength.toFixed(4), +s.confidence.toFixed(4)];

describe('signals', () => {
  it('are all FLAT on a quiet candle and match the Signal contract', () => {
    const f = quiet();
    for (const s of [
      trendSignal(f),
      momentumSignal(f, cfg),
      volatilityBreakoutSignal(f),
      volumeSignal(f, cfg),
    ]) {
      expect(s.direction).toBe('FLAT');
      expect(Signal.safeParse(s).success).toBe(true);
    }
  });

  it('trend: fast EMA above the slow one and rising is LONG, stronger with the gap in ATRs', () => {
    expect(brief(trendSignal(quiet({ emaFast: 101, emaFastPrev: 100.5, emaSlowPrev: 99.9 })))).toEqual([
      'LONG',
      0.5,
      0.9,
    ]);
    expect(brief(trendSignal(quiet({ emaFast: 103, emaFastPrev: 102, emaSlowPrev: 100.1 })))).toEqual([
      'LONG',
      1,
      0.6,
    ]);
    expect(brief(trendSignal(quiet({ emaFast: 99, emaFastPrev: 99.5, emaSlowPrev: 100.2 })))).toEqual([
      'SHORT',
      0.5,
      0.9,
    ]);
    // Above but falling back: no trend signal.
    expect(trendSignal(quiet({ emaFast: 101, emaFastPrev: 101.5 })).direction).toBe('FLAT');
  });

  it('momentum: RSI between 50 and overbought in an up-regime is LONG; overbought is not an entry', () => {
    expect(brief(momentumSignal(quiet({ close: 101, rsi: 60 }), cfg))).toEqual(['LONG', 0.5, 0.5]);
    expect(momentumSignal(quiet({ close: 101, rsi: 75 }), cfg).direction).toBe('FLAT');
    expect(momentumSignal(quiet({ close: 99, rsi: 60 }), cfg).direction).toBe('FLAT');
    expect(brief(momentumSignal(quiet({ close: 96, rsi: 40 }), cfg))).toEqual(['SHORT', 0.5, 1]);
  });

  it('volatility: a close beyond the previous band is a breakout, more believable as bands widen', () => {
    expect(brief(volatilityBreakoutSignal(quiet({ close: 105, bbWidth: 0.1 })))).toEqual(['LONG', 1, 0.8]);
    expect(brief(volatilityBreakoutSignal(quiet({ close: 104.2 })))).toEqual(['LONG', 0.6, 0.5]);
    expect(volatilityBreakoutSignal(quiet({ close: 95 })).direction).toBe('SHORT');
    expect(volatilityBreakoutSignal(quiet({ close: 104 })).direction).toBe('FLAT');
  });

  it('volume: a spike of at least volume_factor confirms the candle direction', () => {
    // ratio 2.6 = 2 × 1.3 → strength 1; body 1.5 of range 2 → confidence 0.75.
    expect(brief(volumeSignal(quiet({ volume: 26, close: 100.5, open: 99 }), cfg))).toEqual([
      'LONG',
      1,
      0.75,
    ]);
    expect(brief(volumeSignal(quiet({ volume: 13, close: 99, open: 100 }), cfg))).toEqual([
      'SHORT',
      0.5,
      0.5,
    ]);
    expect(volumeSignal(quiet({ volume: 12.9, close: 101 }), cfg).direction).toBe('FLAT');
  });

  it('reports null instead of NaN inputs when the ATR is zero', () => {
    const s = trendSignal(quiet({ atr: 0 }));
    expect(s.direction).toBe('FLAT');
    expect(s.inputs.gap_atr).toBeNull();
    expect(Signal.safeParse(s).success).toBe(true);
  });
});
