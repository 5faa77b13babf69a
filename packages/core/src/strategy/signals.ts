import type { EnsembleParams, Signal } from '@aurora/contracts';
import type { MarketFeatures } from './indicator-set';

/*
 * Each signal reads one candle's features and says LONG, SHORT or FLAT with a strength (how far
 * the evidence goes, 0..1) and a confidence (how clean it is, 0..1). Distances are measured in
 * ATRs so one rule fits BTC at 60 000 and a coin at 0.5.
 */

export type SignalDirection = Signal['direction'];

const clamp01 = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : x);
/** Inputs are for people reading the decision log: 6 decimals, and null rather than NaN. */
const round = (x: number): number | null => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : null);
const flat = (name: string, inputs: Signal['inputs']): Signal => ({
  name,
  direction: 'FLAT',
  strength: 0,
  confidence: 0,
  inputs,
});

/** Fast EMA above a slow one and rising (LONG), or below and falling (SHORT). */
export function trendSignal(f: MarketFeatures): Signal {
  const gap = (f.emaFast - f.emaSlow) / f.atr;
  const fastSlope = f.emaFast - f.emaFastPrev;
  const slowSlope = f.emaSlow - f.emaSlowPrev;
  const inputs = {
    ema_fast: round(f.emaFast),
    ema_slow: round(f.emaSlow),
    gap_atr: round(gap),
    fast_slope: round(fastSlope),
  };
  const direction: SignalDirection =
    gap > 0 && fastSlope > 0 ? 'LONG' : gap < 0 && fastSlope < 0 ? 'SHORT' : 'FLAT';
  if (direction === 'FLAT') return flat('trend', inputs);
  // A slow average turning the same way says the trend is more than a blip.
  const slowAgrees = direction === 'LONG' ? slowSlope > 0 : slowSlope < 0;
  return {
    name: 'trend',
    direction,
    strength: clamp01(Math.abs(gap)),
    confidence: slowAgrees ? 0.9 : 0.6,
    inputs,
  };
}

/**
 * RSI in the direction of the regime (close against the slow EMA): between 50 and overbought in
 * an up-regime is LONG momentum; beyond overbought is exhaustion, not an entry.
 */
export function momentumSignal(f: MarketFeatures, c: EnsembleParams): Signal {
  const bull = f.close > f.emaSlow;
  const inputs = {
    rsi: round(f.rsi),
    regime: bull ? 'UP' : 'DOWN',
    overbought: c.rsi_overbought,
    oversold: c.rsi_oversold,
  };
  const clarity = clamp01(Math.abs(f.close - f.emaSlow) / f.atr);
  if (bull && f.rsi > 50 && f.rsi < c.rsi_overbought) {
    return {
      name: 'momentum',
      direction: 'LONG',
      strength: clamp01((f.rsi - 50) / (c.rsi_overbought - 50)),
      confidence: clarity,
      inputs,
    };
  }
  if (!bull && f.rsi < 50 && f.rsi > c.rsi_oversold) {
    return {
      name: 'momentum',
      direction: 'SHORT',
      strength: clamp01((50 - f.rsi) / (50 - c.rsi_oversold)),
      confidence: clarity,
      inputs,
    };
  }
  return flat('momentum', inputs);
}

/** A close beyond the previous Bollinger band; expanding bands make it more believable. */
export function volatilityBreakoutSignal(f: MarketFeatures): Signal {
  const inputs = {
    close: round(f.close),
    bb_upper: round(f.bbUpperPrev),
    bb_lower: round(f.bbLowerPrev),
    bb_width: round(f.bbWidth),
    atr: round(f.atr),
  };
  const expanding = f.bbWidth > f.bbWidthPrev;
  if (f.close > f.bbUpperPrev) {
    const beyond = (f.close - f.bbUpperPrev) / f.atr;
    return {
      name: 'volatility',
      direction: 'LONG',
      strength: clamp01(0.5 + beyond),
      confidence: expanding ? 0.8 : 0.5,
      inputs,
    };
  }
  if (f.close < f.bbLowerPrev) {
    const beyond = (f.bbLowerPrev - f.close) / f.atr;
    return {
      name: 'volatility',
      direction: 'SHORT',
      strength: clamp01(0.5 + beyond),
      confidence: expanding ? 0.8 : 0.5,
      inputs,
    };
  }
  return flat('volatility', inputs);
}

/**
 * Volume at least `volume_factor` × its average confirms the candle's own direction. Strength is
 * 0.5 at the factor and 1 at twice it; a candle closing near its extreme is the cleaner signal.
 */
export function volumeSignal(f: MarketFeatures, c: EnsembleParams): Signal {
  const ratio = f.volumeSmaPrev > 0 ? f.volume / f.volumeSmaPrev : 0;
  const inputs = {
    volume: round(f.volume),
    volume_sma: round(f.volumeSmaPrev),
    ratio: round(ratio),
    factor: c.volume_factor,
  };
  const body = f.close - f.open;
  if (ratio < c.volume_factor || body === 0) return flat('volume', inputs);
  const range = f.high - f.low;
  return {
    name: 'volume',
    direction: body > 0 ? 'LONG' : 'SHORT',
    strength: clamp01(ratio / (2 * c.volume_factor)),
    confidence: range > 0 ? clamp01(Math.abs(body) / range) : 0,
    inputs,
  };
}
