import type { Decimal } from 'decimal.js';
import type { Side } from '@aurora/contracts';
import { dec } from '../money/decimal';
import type { BookTicker, Kline } from '../market/types';
import type { ProposalCandidate } from './ensemble';
import { CandleWindow } from './candle-window';
import { checkExitOverrides } from './exits';
import { WilderAtr } from './indicators';
import { paramsId } from './params-id';
import type { AnyStrategy, ProposalDraft, StrategyContext, StrategyFill, StrategyInstance } from './strategy';

/** Turns a float into a Decimal without float noise (12 significant digits is far finer than any tick). */
const priceOf = (x: number): Decimal => dec(x.toPrecision(12));

/** A proposal the runner refused (its exit rules break the config's bounds): nothing is traded. */
export class ProposalRefused extends Error {
  override readonly name = 'ProposalRefused';
}

export interface StrategyRunnerOptions {
  /** Period of the runner's own ATR (strategy.atr_period). */
  atrPeriod: number;
  /** Closed candles kept for the context and to replay after a rebuild. Default 600. */
  historyLimit?: number;
  /** The strategy threw: the candle yields no proposal, the runner goes on with the next one. */
  onError?: (err: Error) => void;
}

/**
 * Runs one strategy for one symbol: keeps the closed candles, the latest book and an ATR, hands
 * the strategy a context of the past only, and stamps its proposals with its name. It is what the
 * runtime holds per symbol, whatever the strategy.
 */
export class StrategyRunner {
  private instance: StrategyInstance;
  private book: BookTicker | null = null;
  private atrIndicator: WilderAtr;
  private warmup_: number;
  private paramsId_: string;
  private readonly window: CandleWindow;

  constructor(
    readonly symbol: string,
    private strategy: AnyStrategy,
    private params: unknown,
    private options: StrategyRunnerOptions,
  ) {
    this.instance = strategy.create(symbol, params);
    this.warmup_ = strategy.warmupCandles(params);
    this.paramsId_ = paramsId(params);
    this.atrIndicator = new WilderAtr(options.atrPeriod);
    this.window = new CandleWindow(symbol, Math.max(options.historyLimit ?? 600, this.warmup_));
  }

  get strategyName(): string {
    return this.strategy.name;
  }

  /** Short hash of the params in force (params-id.ts): decisions and positions carry it. */
  get paramsId(): string {
    return this.paramsId_;
  }

  get warmupCandles(): number {
    return this.warmup_;
  }

  /** Close time of the last candle taken in (ms), or null. */
  get lastKlineAt(): number | null {
    return this.window.lastKlineAt;
  }

  get ready(): boolean {
    return this.window.length >= this.warmup_;
  }

  /** The strategy's ATR when it keeps one, else the runner's; null while warming up. */
  get atr(): number | null {
    if (this.instance.atr !== undefined) return this.instance.atr;
    return this.atrIndicator.value;
  }

  /** Missing candles detected within the strategy's look-back; a gap distorts every indicator. */
  gapsInWindow(): number {
    return this.window.gapsWithin(this.warmup_);
  }

  /** Feed history (oldest first): the strategy sees each candle, its proposals are dropped. */
  warmup(klines: ReadonlyArray<Kline>): void {
    for (const k of klines) if (this.ingest(k)) this.call();
  }

  onBookTicker(t: BookTicker): void {
    if (t.symbol !== this.symbol) return;
    this.book = t;
    this.guard(() => this.instance.onBookTicker?.(t));
  }

  onFill(fill: StrategyFill): void {
    if (fill.symbol === this.symbol) this.guard(() => this.instance.onFill?.(fill));
  }

  /** A kline event; only a closed candle newer than the last one is used. */
  onKline(k: Kline): ProposalCandidate | null {
    if (!this.ingest(k)) return null;
    const candidate = this.call();
    if (candidate === null || !this.ready) return null;
    return { ...candidate, strategy: this.strategy.name, paramsId: this.paramsId_ };
  }

  /**
   * Another strategy or other params. The same strategy may take the params in place; otherwise
   * it is rebuilt and replayed over the kept history, so it is warm at once.
   */
  reconfigure(strategy: AnyStrategy, params: unknown, atrPeriod: number): void {
    if (atrPeriod !== this.options.atrPeriod) {
      this.options = { ...this.options, atrPeriod };
      this.atrIndicator = new WilderAtr(atrPeriod);
      for (const k of this.window.candles) this.atrIndicator.update(...hlc(k));
    }
    const same = strategy === this.strategy;
    if (same && JSON.stringify(params) === JSON.stringify(this.params)) return;
    this.strategy = strategy;
    this.params = params;
    this.warmup_ = strategy.warmupCandles(params);
    this.paramsId_ = paramsId(params);
    if (same && this.instance.reconfigure?.(params) === true) return;
    this.instance = strategy.create(this.symbol, params);
    this.window.replay(() => this.call());
  }

  /** A user strategy may throw: that candle proposes nothing, and the bot goes on. */
  private call(): ProposalCandidate | null {
    return this.guard(() => this.instance.onCandle(this.context())) ?? null;
  }

  private guard<T>(f: () => T): T | undefined {
    try {
      return f();
    } catch (err) {
      this.options.onError?.(err instanceof Error ? err : new Error(String(err)));
      return undefined;
    }
  }

  private ingest(k: Kline): boolean {
    if (!this.window.accept(k)) return false;
    this.atrIndicator.update(...hlc(k));
    return true;
  }

  private context(): StrategyContext {
    return {
      symbol: this.symbol,
      candles: this.window.candles,
      book: this.book,
      atr: this.atrIndicator.value,
      propose: (draft) => this.propose(draft),
    };
  }

  private propose(d: ProposalDraft): ProposalCandidate | null {
    const last = this.window.candles[this.window.length - 1];
    if (last === undefined) return null;
    if (!(d.stopDistance > 0) || !(d.targetDistance > 0) || !Number.isFinite(d.confidence)) return null;
    const entry = this.entryPrice(d.side, last);
    const stop = priceOf(d.stopDistance);
    const target = priceOf(d.targetDistance);
    const stopPrice = d.side === 'BUY' ? entry.minus(stop) : entry.plus(stop);
    const takeProfitPrice = d.side === 'BUY' ? entry.plus(target) : entry.minus(target);
    if (stopPrice.lte(0) || takeProfitPrice.lte(0)) return null;
    const exits = checkExitOverrides(d);
    if (typeof exits === 'string') {
      // A proposal whose exit rules are out of bounds is not traded with other rules instead.
      this.options.onError?.(new ProposalRefused(`proposal refused: ${exits}`));
      return null;
    }
    const confidence = Math.min(1, Math.max(0, d.confidence));
    return {
      symbol: this.symbol,
      side: d.side,
      entryPrice: entry,
      stopPrice,
      takeProfitPrice,
      confidence,
      score: d.score ?? (d.side === 'BUY' ? confidence : -confidence),
      signals: d.signals ?? [],
      atr: this.atr ?? d.stopDistance,
      signalPrice: last.close,
      signalAt: last.closeTime,
      ...(exits !== null ? { exitOverrides: exits } : {}),
    };
  }

  private entryPrice(side: Side, k: Kline): Decimal {
    const b = this.book;
    if (b === null) return k.close;
    const quote = side === 'BUY' ? b.askPrice : b.bidPrice;
    return quote.gt(0) ? quote : k.close;
  }
}

function hlc(k: Kline): [number, number, number] {
  return [k.high.toNumber(), k.low.toNumber(), k.close.toNumber()];
}
