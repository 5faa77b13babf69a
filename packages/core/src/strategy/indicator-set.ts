import type { EnsembleParams } from '@aurora/contracts';
import { BollingerBands, Ema, Sma, WilderAtr, WilderRsi } from './indicators';

/**
 * What the signals read after one closed candle. Bands and the volume average are the values
 * from BEFORE this candle: a breakout is a close beyond the bands the market had, and a volume
 * spike must not inflate the average it is compared with.
 */
export interface MarketFeatures {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  emaFast: number;
  emaSlow: number;
  emaFastPrev: number;
  emaSlowPrev: number;
  rsi: number;
  bbUpperPrev: number;
  bbMiddlePrev: number;
  bbLowerPrev: number;
  bbWidth: number;
  bbWidthPrev: number;
  atr: number;
  volumeSmaPrev: number;
}

/** One symbol's indicators, fed closed candles; `features` is rewritten in place (no allocation). */
export class IndicatorSet {
  private readonly emaFast: Ema;
  private readonly emaSlow: Ema;
  private readonly rsi: WilderRsi;
  private readonly bands: BollingerBands;
  private readonly atr: WilderAtr;
  private readonly volume: Sma;
  private fed = 0;
  readonly features: MarketFeatures = {
    open: 0,
    high: 0,
    low: 0,
    close: 0,
    volume: 0,
    emaFast: 0,
    emaSlow: 0,
    emaFastPrev: 0,
    emaSlowPrev: 0,
    rsi: 0,
    bbUpperPrev: 0,
    bbMiddlePrev: 0,
    bbLowerPrev: 0,
    bbWidth: 0,
    bbWidthPrev: 0,
    atr: 0,
    volumeSmaPrev: 0,
  };
  /** Candles needed before every feature is defined. */
  readonly warmupCandles: number;
  ready = false;

  constructor(c: EnsembleParams) {
    this.emaFast = new Ema(c.ema_fast);
    this.emaSlow = new Ema(c.ema_slow);
    this.rsi = new WilderRsi(c.rsi_period);
    this.bands = new BollingerBands(c.bb_period, c.bb_stddev);
    this.atr = new WilderAtr(c.atr_period);
    this.volume = new Sma(c.volume_period);
    // +1 where a value from the previous candle is read as well.
    this.warmupCandles = Math.max(
      c.ema_fast + 1,
      c.ema_slow + 1,
      c.rsi_period + 1,
      c.bb_period + 1,
      c.atr_period,
      c.volume_period + 1,
    );
  }

  update(open: number, high: number, low: number, close: number, volume: number): void {
    const f = this.features;
    f.emaFastPrev = this.emaFast.value ?? Number.NaN;
    f.emaSlowPrev = this.emaSlow.value ?? Number.NaN;
    f.bbUpperPrev = this.bands.upper ?? Number.NaN;
    f.bbMiddlePrev = this.bands.middle ?? Number.NaN;
    f.bbLowerPrev = this.bands.lower ?? Number.NaN;
    f.bbWidthPrev = this.bands.width ?? Number.NaN;
    f.volumeSmaPrev = this.volume.value ?? Number.NaN;

    f.emaFast = this.emaFast.update(close) ?? Number.NaN;
    f.emaSlow = this.emaSlow.update(close) ?? Number.NaN;
    f.rsi = this.rsi.update(close) ?? Number.NaN;
    this.bands.update(close);
    f.bbWidth = this.bands.width ?? Number.NaN;
    f.atr = this.atr.update(high, low, close) ?? Number.NaN;
    this.volume.update(volume);

    f.open = open;
    f.high = high;
    f.low = low;
    f.close = close;
    f.volume = volume;
    this.fed++;
    this.ready = this.fed >= this.warmupCandles && allFinite(f);
  }
}

function allFinite(f: MarketFeatures): boolean {
  return (
    Number.isFinite(f.emaFast) &&
    Number.isFinite(f.emaSlow) &&
    Number.isFinite(f.emaFastPrev) &&
    Number.isFinite(f.emaSlowPrev) &&
    Number.isFinite(f.rsi) &&
    Number.isFinite(f.bbUpperPrev) &&
    Number.isFinite(f.bbLowerPrev) &&
    Number.isFinite(f.bbWidth) &&
    Number.isFinite(f.bbWidthPrev) &&
    Number.isFinite(f.atr) &&
    Number.isFinite(f.volumeSmaPrev)
  );
}
