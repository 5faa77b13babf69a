import type { Decimal } from 'decimal.js';
import type { EnsembleParams, Side, Signal } from '@aurora/contracts';
import { dec } from '../money/decimal';
import type { BookTicker, Kline } from '../market/types';
import { CandleWindow } from './candle-window';
import type { ExitOverrides } from './exits';
import { IndicatorSet } from './indicator-set';
import { momentumSignal, trendSignal, volatilityBreakoutSignal, volumeSignal } from './signals';

/** What the strategy would like to trade; the decision pipeline turns it into a decision. */
export interface ProposalCandidate {
  symbol: string;
  side: Side;
  /** Best ask for a BUY (best bid for a SELL) when a book is known, else the candle close. */
  entryPrice: Decimal;
  stopPrice: Decimal;
  takeProfitPrice: Decimal;
  /** Share of the ensemble's weight, times each signal's confidence, that backs this side (0..1). */
  confidence: number;
  /** Weighted ensemble score, −1 (all SHORT) .. 1 (all LONG). */
  score: number;
  signals: Signal[];
  atr: number;
  /** The closing price the signals saw, and when that candle closed. */
  signalPrice: Decimal;
  signalAt: number;
  /** The strategy that proposed it (tags on the decision and the position); the runner sets it. */
  strategy?: string;
  /** The identity of that strategy's params (paramsId); the runner sets it. */
  paramsId?: string;
  /** The trade's own trailing stop and holding time, when the strategy set them (checked). */
  exitOverrides?: ExitOverrides;
}

export interface SignalEnsembleOptions {
  /** Closed candles kept to re-warm the indicators after a config change. Default 600. */
  historyLimit?: number;
}


/** Turns a float into a Decimal without float noise (12 significant digits is far finer than any tick). */
const priceOf = (x: number): Decimal => dec(x.toPrecision(12));

/**
 * One symbol's strategy: closed 1m candles in, at most one proposal candidate per candle out.
 * Long-only unless EnsembleParams.long_only is false: a Spot SELL entry needs inventory.
 */
export class SignalEnsemble {
  private config: EnsembleParams;
  private indicators: IndicatorSet;
  private readonly window: CandleWindow;
  private book: BookTicker | null = null;
  lastSignals: Signal[] = [];
  lastScore = 0;

  constructor(
    readonly symbol: string,
    config: EnsembleParams,
    options: SignalEnsembleOptions = {},
  ) {
    this.config = config;
    this.indicators = new IndicatorSet(config);
    this.window = new CandleWindow(symbol, Math.max(options.historyLimit ?? 600, this.indicators.warmupCandles));
  }

  /** Close time of the last candle taken in (ms), or null. */
  get lastKlineAt(): number | null {
    return this.window.lastKlineAt;
  }

  get ready(): boolean {
    return this.indicators.ready;
  }

  /** Candles needed before the first proposal. */
  get warmupCandles(): number {
    return this.indicators.warmupCandles;
  }

  /** Latest ATR (float), or null while warming up. */
  get atr(): number | null {
    return this.indicators.ready ? this.indicators.features.atr : null;
  }

  /** Missing candles detected within the indicators' look-back; a gap distorts every indicator. */
  gapsInWindow(): number {
    return this.window.gapsWithin(this.indicators.warmupCandles);
  }

  /** Feed history (oldest first) without evaluating: REST klines at start-up. */
  warmup(klines: ReadonlyArray<Kline>): void {
    for (const k of klines) this.ingest(k);
  }

  onBookTicker(t: BookTicker): void {
    if (t.symbol === this.symbol) this.book = t;
  }

  /** A kline event; only a closed candle newer than the last one is used. */
  onKline(k: Kline): ProposalCandidate | null {
    if (!this.ingest(k)) return null;
    return this.evaluate(k);
  }

  /** Rebuilds the indicators from the kept history when any period changed. */
  updateConfig(config: EnsembleParams): void {
    const old = this.config;
    this.config = config;
    const periodsChanged =
      old.ema_fast !== config.ema_fast ||
      old.ema_slow !== config.ema_slow ||
      old.rsi_period !== config.rsi_period ||
      old.bb_period !== config.bb_period ||
      old.bb_stddev !== config.bb_stddev ||
      old.atr_period !== config.atr_period ||
      old.volume_period !== config.volume_period;
    if (!periodsChanged) return;
    this.indicators = new IndicatorSet(config);
    for (const k of this.window.candles) this.indicators.update(...ohlcv(k));
  }

  private ingest(k: Kline): boolean {
    if (!this.window.accept(k)) return false;
    this.indicators.update(...ohlcv(k));
    return true;
  }

  private evaluate(k: Kline): ProposalCandidate | null {
    if (!this.indicators.ready) {
      this.lastSignals = [];
      this.lastScore = 0;
      return null;
    }
    const f = this.indicators.features;
    const c = this.config;
    const signals = [trendSignal(f), momentumSignal(f, c), volatilityBreakoutSignal(f), volumeSignal(f, c)];
    const weights = [c.weight_trend, c.weight_momentum, c.weight_volatility, c.weight_volume];
    let totalWeight = 0;
    let score = 0;
    for (let i = 0; i < signals.length; i++) {
      const s = signals[i] as Signal;
      const w = weights[i] as number;
      totalWeight += w;
      score += w * s.strength * (s.direction === 'LONG' ? 1 : s.direction === 'SHORT' ? -1 : 0);
    }
    score = totalWeight > 0 ? score / totalWeight : 0;
    this.lastSignals = signals;
    this.lastScore = score;

    // Without volatility there is no stop distance to size against: no trade.
    if (!(f.atr > 0)) return null;
    const side: Side | null =
      score >= c.min_score && score > 0
        ? 'BUY'
        : score <= -c.min_score && score < 0 && !c.long_only
          ? 'SELL'
          : null;
    if (side === null) return null;
    const backing = side === 'BUY' ? 'LONG' : 'SHORT';
    let agreeing = 0;
    for (let i = 0; i < signals.length; i++) {
      const s = signals[i] as Signal;
      if (s.direction === backing) agreeing += (weights[i] as number) * s.confidence;
    }
    const confidence = totalWeight > 0 ? agreeing / totalWeight : 0;

    const entry = this.entryPrice(side, k);
    const stopDistance = priceOf(f.atr * c.stop_atr_mult);
    const targetDistance = priceOf(f.atr * c.take_profit_atr_mult);
    const stopPrice = side === 'BUY' ? entry.minus(stopDistance) : entry.plus(stopDistance);
    const takeProfitPrice = side === 'BUY' ? entry.plus(targetDistance) : entry.minus(targetDistance);
    if (stopPrice.lte(0) || takeProfitPrice.lte(0)) return null;
    return {
      symbol: this.symbol,
      side,
      entryPrice: entry,
      stopPrice,
      takeProfitPrice,
      confidence,
      score,
      signals,
      atr: f.atr,
      signalPrice: k.close,
      signalAt: k.closeTime,
    };
  }

  private entryPrice(side: Side, k: Kline): Decimal {
    const b = this.book;
    if (b === null) return k.close;
    const quote = side === 'BUY' ? b.askPrice : b.bidPrice;
    return quote.gt(0) ? quote : k.close;
  }
}

function ohlcv(k: Kline): [number, number, number, number, number] {
  return [k.open.toNumber(), k.high.toNumber(), k.low.toNumber(), k.close.toNumber(), k.volume.toNumber()];
}
