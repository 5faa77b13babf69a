import type { Side, TcaConfig, TcaDto, TcaSummary } from '@aurora/contracts';
import type { Clock } from '../clock';
import { dec, decString, ZERO, type Dec } from '../money/decimal';
import { TcaInputError } from './safety-errors';
import type { DueImpact, TcaAdvice, TcaFill, TcaOrderSent, TcaTrackerOptions } from './tca-types';
import {
  implementationShortfallBps,
  marketImpactBps,
  midPrice,
  slippageBps,
  spreadBps,
  toBpsNumber,
} from './tca-math';

interface TradeCost {
  readonly positionId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly signalPrice: Dec | null;
  readonly arrivalPrice: Dec | null;
  readonly spreadBps: number | null;
  fillPrice: Dec | null;
  filledQty: Dec;
  slippageBps: number | null;
  shortfallBps: number | null;
  impactBps: number | null;
  impactDueAt: number | null;
}

const NO_ADVICE: TcaAdvice = Object.freeze({ forceLimit: false, sizeFactor: 1 });

/**
 * Transaction-cost analysis of entry orders, one record per position, and the execution
 * advice derived from the rolling average slippage of the last `window_trades` filled entries:
 * average > switch_to_limit_bps → entries go LIMIT; > halve_size_bps → entry size × 0.5
 * (strictly above; exactly at the threshold changes nothing). Market impact is measured
 * `impact_delay_s` after the latest fill: the app polls `dueImpacts(now)` and answers each
 * with `recordImpact(positionId, mid)`. All storage is bounded.
 */
export class TcaTracker {
  private config: TcaConfig;
  private readonly trades = new Map<string, TradeCost>();
  /** Filled trades, oldest first, at most window_trades: the basis of advice and summary. */
  private window: TradeCost[] = [];
  private readonly pendingImpacts = new Set<string>();
  private readonly maxTrades: number;
  private readonly impactGraceMs: number;
  private cachedSummary: TcaSummary | null = null;
  private cachedAdvice: TcaAdvice = NO_ADVICE;
  private rejected = 0;
  private missed = 0;

  constructor(
    config: TcaConfig,
    private readonly clock: Clock,
    options: TcaTrackerOptions = {},
  ) {
    this.config = config;
    this.maxTrades = options.maxTrades ?? 1000;
    this.impactGraceMs = options.impactGraceMs ?? 60_000;
    if (!Number.isInteger(this.maxTrades) || this.maxTrades < 1) {
      throw new RangeError('maxTrades must be ≥ 1');
    }
  }

  onOrderSent(positionId: string, sent: TcaOrderSent): TcaInputError | null {
    if (this.trades.has(positionId)) {
      return this.refuse('DUPLICATE_TRADE', positionId, 'entry already recorded');
    }
    if (sent.signalPrice !== null && !sent.signalPrice.gt(ZERO)) {
      return this.refuse(
        'INVALID_PRICE',
        positionId,
        `signal price ${decString(sent.signalPrice)} is not positive`,
      );
    }
    const book = sent.bid !== null && sent.ask !== null ? { bid: sent.bid, ask: sent.ask } : null;
    if (book !== null && !(book.bid.gt(ZERO) && book.ask.gte(book.bid))) {
      return this.refuse(
        'INVALID_PRICE',
        positionId,
        `book ${decString(book.bid)}/${decString(book.ask)} is not usable`,
      );
    }
    if (this.trades.size >= this.maxTrades) this.evictOldest();
    this.trades.set(positionId, {
      positionId,
      symbol: sent.symbol,
      side: sent.side,
      signalPrice: sent.signalPrice,
      arrivalPrice: book === null ? null : midPrice(book.bid, book.ask),
      spreadBps: book === null ? null : spreadBps(book.bid, book.ask),
      fillPrice: null,
      filledQty: ZERO,
      slippageBps: null,
      shortfallBps: null,
      impactBps: null,
      impactDueAt: null,
    });
    return null;
  }

  /**
   * Cumulative fill update (call on every fill of the entry order). A repeated or out-of-order
   * update (quantity not above the last one) changes nothing. A new fill after the impact was
   * measured invalidates it and schedules a new measurement.
   */
  onFill(positionId: string, fill: TcaFill): TcaInputError | null {
    const trade = this.trades.get(positionId);
    if (trade === undefined) return this.refuse('UNKNOWN_TRADE', positionId, 'no entry order recorded');
    if (!fill.avgPrice.gt(ZERO)) {
      return this.refuse(
        'INVALID_PRICE',
        positionId,
        `fill price ${decString(fill.avgPrice)} is not positive`,
      );
    }
    if (!fill.filledQty.gt(ZERO)) {
      return this.refuse(
        'INVALID_QUANTITY',
        positionId,
        `filled quantity ${decString(fill.filledQty)} is not positive`,
      );
    }
    const fees = fill.feesQuote ?? ZERO;
    if (fees.isNeg()) return this.refuse('INVALID_FEE', positionId, `fee ${decString(fees)} is negative`);
    if (fill.filledQty.lte(trade.filledQty)) return null;

    const firstFill = trade.fillPrice === null;
    trade.fillPrice = fill.avgPrice;
    trade.filledQty = fill.filledQty;
    trade.slippageBps =
      trade.arrivalPrice === null ? null : slippageBps(trade.side, trade.arrivalPrice, fill.avgPrice);
    trade.shortfallBps =
      trade.signalPrice === null
        ? null
        : implementationShortfallBps(trade.side, trade.signalPrice, fill.avgPrice, fill.filledQty, fees);
    trade.impactBps = null;
    trade.impactDueAt = fill.at + this.config.impact_delay_s * 1000;
    this.pendingImpacts.add(positionId);
    if (firstFill) {
      this.window.push(trade);
      if (this.window.length > this.config.window_trades) this.window.shift();
    }
    this.invalidate();
    return null;
  }

  /** Trades whose impact measurement is due at `now`, earliest first; long-overdue ones are given up. */
  dueImpacts(now: number = this.clock.now()): DueImpact[] {
    const due: DueImpact[] = [];
    for (const positionId of this.pendingImpacts) {
      const trade = this.trades.get(positionId);
      const dueAt = trade?.impactDueAt ?? null;
      if (trade === undefined || dueAt === null) {
        this.pendingImpacts.delete(positionId);
      } else if (now > dueAt + this.impactGraceMs) {
        // A mid read minutes late measures the market, not our impact: better no figure.
        this.pendingImpacts.delete(positionId);
        this.missed += 1;
      } else if (now >= dueAt) {
        due.push({ positionId, symbol: trade.symbol, dueAt });
      }
    }
    return due.sort((a, b) => a.dueAt - b.dueAt);
  }

  recordImpact(positionId: string, midLater: Dec, now: number = this.clock.now()): TcaInputError | null {
    const trade = this.trades.get(positionId);
    if (trade === undefined) return this.refuse('UNKNOWN_TRADE', positionId, 'no entry order recorded');
    if (trade.fillPrice === null || trade.impactDueAt === null) {
      return this.refuse('NO_FILL_YET', positionId, 'impact needs a fill first');
    }
    if (!this.pendingImpacts.has(positionId)) {
      return this.refuse('IMPACT_NOT_PENDING', positionId, 'impact already recorded or given up');
    }
    if (now < trade.impactDueAt) {
      return this.refuse('IMPACT_NOT_DUE', positionId, `due at ${trade.impactDueAt}, now ${now}`);
    }
    if (!midLater.gt(ZERO)) {
      return this.refuse('INVALID_PRICE', positionId, `mid ${decString(midLater)} is not positive`);
    }
    trade.impactBps = marketImpactBps(trade.side, trade.fillPrice, midLater);
    this.pendingImpacts.delete(positionId);
    this.invalidate();
    return null;
  }

  /** O(1) after the first call following a change: read on every proposal. */
  advice(): TcaAdvice {
    this.summary();
    return this.cachedAdvice;
  }

  summary(): TcaSummary {
    if (this.cachedSummary !== null) return this.cachedSummary;
    const avgSlippage = average(this.window, (t) => t.slippageBps);
    const forceLimit = avgSlippage !== null && avgSlippage > this.config.switch_to_limit_bps;
    const sizeFactor = avgSlippage !== null && avgSlippage > this.config.halve_size_bps ? 0.5 : 1;
    this.cachedAdvice = forceLimit || sizeFactor !== 1 ? { forceLimit, sizeFactor } : NO_ADVICE;
    this.cachedSummary = {
      trades: this.window.length,
      avg_slippage_bps: avgSlippage,
      avg_shortfall_bps: average(this.window, (t) => t.shortfallBps),
      avg_impact_bps: average(this.window, (t) => t.impactBps),
      entry_type_override: forceLimit ? 'LIMIT' : null,
      size_factor: sizeFactor,
    };
    return this.cachedSummary;
  }

  dto(positionId: string): TcaDto | null {
    const trade = this.trades.get(positionId);
    if (trade === undefined) return null;
    return {
      signal_price: trade.signalPrice === null ? null : decString(trade.signalPrice),
      arrival_price: trade.arrivalPrice === null ? null : decString(trade.arrivalPrice),
      fill_price: trade.fillPrice === null ? null : decString(trade.fillPrice),
      slippage_bps: trade.slippageBps,
      implementation_shortfall_bps: trade.shortfallBps,
      market_impact_bps: trade.impactBps,
      spread_at_entry_bps: trade.spreadBps,
    };
  }

  /** Forget a position's record (e.g. its entry was cancelled unfilled). Window entries stay. */
  forget(positionId: string): void {
    this.trades.delete(positionId);
    this.pendingImpacts.delete(positionId);
  }

  updateConfig(config: TcaConfig): void {
    this.config = config;
    if (this.window.length > config.window_trades) this.window = this.window.slice(-config.window_trades);
    this.invalidate();
  }

  /** Inputs refused so far (each returned a TcaInputError). */
  get rejectedInputs(): number {
    return this.rejected;
  }

  /** Impacts given up because nobody recorded them within the grace period. */
  get missedImpacts(): number {
    return this.missed;
  }

  private evictOldest(): void {
    // Map iteration is insertion order, so the first key is the oldest entry.
    const oldest = this.trades.keys().next();
    if (oldest.done === true) return;
    this.trades.delete(oldest.value);
    this.pendingImpacts.delete(oldest.value);
  }

  private invalidate(): void {
    this.cachedSummary = null;
  }

  private refuse(code: TcaInputError['code'], positionId: string, detail: string): TcaInputError {
    this.rejected += 1;
    return new TcaInputError(code, positionId, detail);
  }
}

/**
 * Mean of the non-null figures, summed in Decimal so that "exactly at the threshold" really is
 * exactly at it (binary floats would turn 4.9 + 5.1 into 10.000000000000002 in other cases).
 */
function average(trades: readonly TradeCost[], pick: (t: TradeCost) => number | null): number | null {
  let sum = ZERO;
  let n = 0;
  for (const trade of trades) {
    const value = pick(trade);
    if (value === null) continue;
    sum = sum.plus(dec(value));
    n += 1;
  }
  return n === 0 ? null : toBpsNumber(sum.div(n));
}
