import type { Decimal } from 'decimal.js';
import type { CorrelationConfig, RiskConfig, RiskMode, RiskStateDto } from '@aurora/contracts';
import type { Clock } from '../clock';
import { dec, ZERO } from '../money/decimal';
import { CircuitBreaker, type CircuitBreakerSettings } from './circuit-breaker';
import { ExposureBook, type ExposureEntry } from './exposure-book';
import {
  checkExposure,
  checkStopRisk,
  EXIT_ALLOWED,
  mostCorrelated,
  notionalLimits,
  riskBlock,
  type NotionalLimits,
  type PreTradeCheckInput,
  type PreTradeVerdict,
} from './pre-trade-check';
import { parseRiskEngineSnapshot, type RiskEngineSnapshot } from './risk-snapshot';
import { tradingDayIndex, tradingDayLabel } from '../trading-day';
import { ClosedTradeReceipts } from '../audit/closed-trade-receipts';

export interface RiskEngineConfig {
  risk: RiskConfig;
  correlation: CorrelationConfig;
}

const HUNDRED = dec(100);

const breakerSettings = (r: RiskConfig): CircuitBreakerSettings => ({
  cooldownMin: r.breaker_cooldown_min,
  reopenMin: r.breaker_reopen_min,
  halfOpenSizeFactor: r.half_open_size_factor,
});

/**
 * Pre-trade limits and the daily counters behind them. Trade results arrive through
 * onTradeOpened / onTradeClosed keyed by a trade id (the decision id is a good one: the app has
 * it at ALLOW time and on the position); the same id lets the breaker recognise its trial trade.
 * Call onTradeOpened synchronously when an ALLOW turns into an intent, so a second proposal
 * evaluated right after sees the HalfOpen trial as taken.
 */
export class RiskEngine {
  private config: RiskEngineConfig;
  private limits: NotionalLimits;
  readonly breaker: CircuitBreaker;
  private readonly exposure = new ExposureBook();
  private dayIndex: number;
  private startOfDayEquity: Decimal = ZERO;
  private equity: Decimal = ZERO;
  private dailyPnl: Decimal = ZERO;
  private consecutiveLosses = 0;
  private dailyTrades = 0;
  private lastCheckAt: number | null = null;
  /** Which closed positions were counted here (the books audit's A4: each exactly once). */
  private receipts: ClosedTradeReceipts;

  constructor(
    private readonly clock: Clock,
    config: RiskEngineConfig,
    breaker?: CircuitBreaker,
  ) {
    this.config = config;
    this.limits = notionalLimits(config.risk);
    this.breaker = breaker ?? new CircuitBreaker(clock, breakerSettings(config.risk));
    this.dayIndex = tradingDayIndex(clock.now(), config.risk.trading_day_offset_min);
    this.receipts = new ClosedTradeReceipts(clock.now());
  }

  /** Rebuild from a snapshot; a snapshot from an earlier trading day starts today afresh. */
  static restore(snapshot: unknown, clock: Clock, config: RiskEngineConfig): RiskEngine {
    const s = parseRiskEngineSnapshot(snapshot);
    const breaker = CircuitBreaker.restore(s.breaker, clock, breakerSettings(config.risk));
    const engine = new RiskEngine(clock, config, breaker);
    engine.consecutiveLosses = s.consecutiveLosses;
    engine.lastCheckAt = s.lastCheckAt;
    engine.receipts = ClosedTradeReceipts.restore(s.closedTrades, clock.now());
    engine.equity = dec(s.equity);
    if (s.dayIndex === engine.dayIndex) {
      engine.startOfDayEquity = dec(s.startOfDayEquity);
      engine.dailyPnl = dec(s.dailyPnl);
      engine.dailyTrades = s.dailyTrades;
    } else {
      // The equity we last saw may be hours old: let the first fresh reading open the day.
      engine.equity = ZERO;
    }
    return engine;
  }

  get settings(): RiskEngineConfig {
    return this.config;
  }

  /** The equity sizing works from (latest updateEquity), zero while unknown. */
  get currentEquity(): Decimal {
    return this.equity;
  }

  updateConfig(config: RiskEngineConfig): void {
    this.config = config;
    this.limits = notionalLimits(config.risk);
    this.breaker.updateSettings(breakerSettings(config.risk));
  }

  /** Latest account equity in the quote asset; the first reading of a day becomes its start. */
  updateEquity(equity: Decimal): void {
    this.rollDay();
    this.equity = equity;
    if (this.startOfDayEquity.lte(0)) this.startOfDayEquity = equity;
  }

  /** Replace the open and pending positions' exposure. */
  updateExposure(entries: ReadonlyArray<ExposureEntry>): void {
    this.exposure.replace(entries);
  }

  /** The checks run in a fixed order and the first failing one decides; see RiskBlockCode. */
  preTradeCheck(input: PreTradeCheckInput): PreTradeVerdict {
    const r = this.config.risk;
    this.rollDay();
    this.lastCheckAt = this.clock.now();
    if (input.isExit) return EXIT_ALLOWED;

    const admission = this.breaker.admit();
    if (!admission.admitted) return riskBlock('CIRCUIT_BREAKER', admission.reason);
    let sizeFactor = admission.sizeFactor;

    if (this.startOfDayEquity.lte(0) || this.equity.lte(0)) {
      return riskBlock(
        'EQUITY_UNKNOWN',
        'no account equity known yet: the daily loss limit cannot be enforced',
      );
    }
    if (this.dailyLossLimitReached()) {
      const pct = this.dailyPnlPct().toFixed(2);
      return riskBlock('MAX_DAILY_LOSS', `daily loss ${pct}% reached the ${r.max_daily_loss_pct}% limit`);
    }
    // On the HalfOpen trial the breaker already governs the losing streak that tripped it.
    if (!admission.trial && this.consecutiveLosses >= r.max_consecutive_losses) {
      const text = `${this.consecutiveLosses} consecutive losses (limit ${r.max_consecutive_losses})`;
      return riskBlock('MAX_CONSECUTIVE_LOSSES', text);
    }
    if (this.exposure.count >= r.max_concurrent_positions) {
      const text = `${this.exposure.count} positions open (limit ${r.max_concurrent_positions})`;
      return riskBlock('MAX_CONCURRENT_POSITIONS', text);
    }
    if (this.dailyTrades >= r.max_daily_trades) {
      return riskBlock('MAX_DAILY_TRADES', `${this.dailyTrades} trades today (limit ${r.max_daily_trades})`);
    }
    const room = checkExposure(input, this.exposure, this.limits);
    if ('verdict' in room) return room;

    let reducedFor: string | null = null;
    const correlated = mostCorrelated(input, this.config.correlation.threshold);
    if (correlated !== null) {
      const c = this.config.correlation;
      const text = `correlation ${correlated.correlation.toFixed(2)} with open ${correlated.symbol} ≥ ${c.threshold}`;
      if (c.action === 'BLOCK') return riskBlock('CORRELATION', text);
      sizeFactor *= c.reduce_factor;
      reducedFor = correlated.symbol;
    }

    const stop = checkStopRisk(input, this.equity, r.risk_per_trade_pct);
    if ('verdict' in stop) return stop;
    return {
      verdict: 'ALLOW',
      sizeFactor,
      maxNotional: room.maxNotional,
      riskBudget: stop.fullBudget.times(sizeFactor),
      reducedForCorrelationWith: reducedFor,
    };
  }

  /** Counts a daily trade; a trade opened while HalfOpen becomes the breaker's trial. */
  onTradeOpened(tradeId: string): void {
    this.rollDay();
    this.dailyTrades++;
    this.breaker.onTradeOpened(tradeId);
  }

  /** An entry that never filled: frees a HalfOpen trial slot (the daily count stays, it was an attempt). */
  onTradeAborted(tradeId: string): void {
    this.breaker.onTradeAborted(tradeId);
  }

  /**
   * A closed trade's realized PnL (commissions included). Trips the breaker when a limit is reached.
   * `positionId` names the closed position in the receipts the books audit checks (A4).
   */
  onTradeClosed(tradeId: string, pnl: Decimal, positionId: string = tradeId): void {
    this.receipts.record(positionId, this.clock.now());
    this.rollDay();
    this.dailyPnl = this.dailyPnl.plus(pnl);
    const lost = pnl.isNegative() && !pnl.isZero();
    if (lost) this.consecutiveLosses++;
    else if (pnl.gt(0)) this.consecutiveLosses = 0;
    this.breaker.onTradeClosed(tradeId, lost);
    if (!lost) return;
    if (this.startOfDayEquity.gt(0) && this.dailyLossLimitReached()) this.breaker.trip('MAX_DAILY_LOSS');
    else if (this.consecutiveLosses >= this.config.risk.max_consecutive_losses)
      this.breaker.trip('MAX_CONSECUTIVE_LOSSES');
  }

  /** The closed positions this engine counted, for the books audit. */
  get closedTrades(): ClosedTradeReceipts {
    return this.receipts;
  }

  kill(): void {
    this.breaker.trip('MANUAL_KILL');
  }

  /** Operator resume. A streak that tripped the breaker is forgiven with it, or it would re-block at once. */
  resetBreaker(): void {
    if (this.breaker.tripReason === 'MAX_CONSECUTIVE_LOSSES') this.consecutiveLosses = 0;
    this.breaker.reset();
  }

  /** Why entries are refused, while the breaker is Open; null otherwise. */
  noGoReason(): string | null {
    return this.breaker.state() === 'Open' ? this.breaker.describe() : null;
  }

  riskMode(): RiskMode {
    if (this.breaker.state() !== 'Closed') return 'CircuitBroken';
    const r = this.config.risk;
    const used =
      r.max_daily_loss_pct > 0 ? (Math.max(0, -this.dailyPnlPct()) / r.max_daily_loss_pct) * 100 : 0;
    if (used >= r.critical_at_loss_used_pct) return 'Critical';
    if (used >= r.elevated_at_loss_used_pct) return 'Elevated';
    return 'Normal';
  }

  toDto(): RiskStateDto {
    this.rollDay();
    const r = this.config.risk;
    const pnlPct = this.dailyPnlPct();
    return {
      risk_mode: this.riskMode(),
      trading_day: tradingDayLabel(this.dayIndex),
      start_of_day_equity: this.startOfDayEquity.toFixed(),
      equity: this.equity.toFixed(),
      daily_pnl: this.dailyPnl.toFixed(),
      daily_pnl_pct: pnlPct,
      max_daily_loss_pct: r.max_daily_loss_pct,
      remaining_daily_loss_pct: Math.max(0, r.max_daily_loss_pct + Math.min(0, pnlPct)),
      consecutive_losses: this.consecutiveLosses,
      max_consecutive_losses: r.max_consecutive_losses,
      daily_trades_count: this.dailyTrades,
      max_daily_trades: r.max_daily_trades,
      open_positions_count: this.exposure.count,
      max_concurrent_positions: r.max_concurrent_positions,
      total_exposure_usdt: this.exposure.total.toFixed(),
      exposure_by_symbol: this.exposure.toRecord(),
      circuit_breaker: this.breaker.toDto(),
      last_check_at: this.lastCheckAt,
    };
  }

  toJSON(): RiskEngineSnapshot {
    this.rollDay();
    return {
      version: 1,
      dayIndex: this.dayIndex,
      startOfDayEquity: this.startOfDayEquity.toFixed(),
      equity: this.equity.toFixed(),
      dailyPnl: this.dailyPnl.toFixed(),
      consecutiveLosses: this.consecutiveLosses,
      dailyTrades: this.dailyTrades,
      lastCheckAt: this.lastCheckAt,
      breaker: this.breaker.toJSON(),
      closedTrades: this.receipts.toJSON(),
    };
  }

  /** Daily PnL as a percentage of start-of-day equity (0 while equity is unknown). */
  private dailyPnlPct(): number {
    if (this.startOfDayEquity.lte(0)) return 0;
    return this.dailyPnl.div(this.startOfDayEquity).times(HUNDRED).toNumber();
  }

  private dailyLossLimitReached(): boolean {
    const limit = this.startOfDayEquity.times(this.config.risk.max_daily_loss_pct).div(HUNDRED);
    return this.dailyPnl.negated().gte(limit) && this.dailyPnl.lt(0);
  }

  /** Counters belong to a trading day; the first call after the boundary starts a new one. */
  private rollDay(): void {
    const today = tradingDayIndex(this.clock.now(), this.config.risk.trading_day_offset_min);
    if (today === this.dayIndex) return;
    this.dayIndex = today;
    this.dailyPnl = ZERO;
    this.dailyTrades = 0;
    this.startOfDayEquity = this.equity;
  }
}
