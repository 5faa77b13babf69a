import type { Decimal } from 'decimal.js';
import { SignalEnsemble, type Kline, type ProposalCandidate } from '@aurora/core';

/** The entry the next closed candle will propose. */
export interface ForcedEntry {
  entryPrice: Decimal;
  stopPrice: Decimal;
  takeProfitPrice: Decimal;
  /** The price the signal saw (insurance compares the book with it). */
  signalPrice: Decimal;
}

/**
 * The bot's real strategy with its verdict overridden: every closed candle is evaluated in full
 * (indicators, signals, score — that cost stays on the measured path), then the bench's entry is
 * proposed instead of whatever the signals said, so every sample takes the order path. Candles
 * with no forced entry propose nothing: the bench, not the market, decides when orders go out.
 */
export class ForcedEntryEnsemble extends SignalEnsemble {
  private next: ForcedEntry | null = null;

  force(entry: ForcedEntry): void {
    this.next = entry;
  }

  override onKline(k: Kline): ProposalCandidate | null {
    const evaluated = super.onKline(k);
    const entry = this.next;
    this.next = null;
    if (entry === null) return null;
    return {
      symbol: this.symbol,
      side: 'BUY',
      entryPrice: entry.entryPrice,
      stopPrice: entry.stopPrice,
      takeProfitPrice: entry.takeProfitPrice,
      confidence: 0.9,
      score: evaluated?.score ?? this.lastScore,
      signals: this.lastSignals,
      atr: this.atr ?? 0,
      signalPrice: entry.signalPrice,
      signalAt: k.closeTime,
    };
  }
}
