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
import { equityChangeToday, type PnlTodayFigures } from './daily-pnl';
import { parseTradingDay, TradingCalendar } from '../trading-calendar';
import { tradingDayLabel, tradingDayStart } from '../trading-day';
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
 *
 * The daily loss limit is judged on today's mark-to-market equity change (daily-pnl.ts), fed by
 * updatePnl; the trading day is the shared `calendar`'s.
 */
export class RiskEngine {
  private config: RiskEngineConfig;
  private limits: NotionalLimits;
  readonly breaker: CircuitBreaker;
  /** The trading day every daily figure uses; the app gives it to the PnL ledger and the curve. */
  readonly calendar: TradingCalendar;
  private readonly exposure = new ExposureBook();
  private dayIndex: number;
  private startOfDayEquity: Decimal = ZERO;
  private equity: Decimal = ZERO;
  private realizedToday: Decimal = ZERO;
  private unrealizedNow: Decimal | null = null;
  /** null until the day's first PnL reading (the last one of the day before, when there is one). */
  private unrealizedAtDayStart: Decimal | null = null;
  /** The day's equity change has tripped the breaker already: trip once per crossing, not per tick. */
  private dailyLossTripped = false;
  private consecutiveLosses = 0;
  private dailyTrades = 0;
  private lastCheckAt: number | null = null;
  /** Which closed positions were counted here (the books audit's A4: each exactly once). */
  private receipts: ClosedTradeReceipts;

  constructor(
    private readonly clock: Clock,
    config: RiskEngineConfig,
    breaker?: CircuitBreaker,
    calendar?: TradingCalendar,
  ) {
    this.config = config;
    this.limits = notionalLimits(config.risk);
    this.breaker = breaker ?? new CircuitBreaker(clock, breakerSettings(config.risk));
    this.calendar = calendar ?? new TradingCalendar(clock, config.risk.trading_day_offset_min);
    this.dayIndex = this.calendar.today().index;
    this.receipts = new ClosedTradeReceipts(clock.now());
  }

  /**
   * Rebuild from a snapshot. The snapshot's trading day keeps running until its end (also when
   * the offset was changed before the restart); a day that is over starts afresh.
   */
  static restore(snapshot: unknown, clock: Clock, config: RiskEngineConfig): RiskEngine {
    const s = parseRiskEngineSnapshot(snapshot);
    const breaker = CircuitBreaker.restore(s.breaker, clock, breakerSettings(config.risk));
    const offset = config.risk.trading_day_offset_min;
    // Snapshots written before the calendar existed carry only the day number.
    const day = parseTradingDay(s.day) ?? {
      index: s.dayIndex,
      startsAt: tradingDayStart(s.dayIndex, offset),
      endsAt: tradingDayStart(s.dayIndex + 1, offset),
    };
    const engine = new RiskEngine(clock, config, breaker, new TradingCalendar(clock, offset, day));
    engine.consecutiveLosses = s.consecutiveLosses;
    engine.lastCheckAt = s.lastCheckAt;
    engine.receipts = ClosedTradeReceipts.restore(s.closedTrades, clock.now());
    engine.equity = dec(s.equity);
    if (s.dayIndex === engine.dayIndex) {
      engine.startOfDayEquity = dec(s.startOfDayEquity);
      engine.dailyTrades = s.dailyTrades;
      engine.unrealizedAtDayStart = s.unrealizedAtDayStart === null ? null : dec(s.unrealizedAtDayStart);
      engine.dailyLossTripped = s.dailyLossTripped;
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

  /** A new trading_day_offset_min moves the next day boundary, never the running day (M7). */
  updateConfig(config: RiskEngineConfig): void {
    this.config = config;
    this.limits = notionalLimits(config.risk);
    this.breaker.updateSettings(breakerSettings(config.risk));
    this.calendar.setOffset(config.risk.trading_day_offset_min);
  }

  /** Latest account equity in the quote asset; the first reading of a day becomes its start. */
  updateEquity(equity: Decimal): void {
    this.rollDay();
    this.equity = equity;
    if (this.startOfDayEquity.lte(0)) this.startOfDayEquity = equity;
    this.checkDailyLoss();
  }

  /**
   * Today's realized PnL (the ledger's, by fill time) and the open units' unrealized PnL now.
   * Trips the breaker the moment today's equity change reaches the daily loss limit, whether the
   * loss is realized or not; the breaker blocks entries only, exits stay allowed.
   *
   * Returns true when this reading opened the day (its start-of-day unrealized was just set):
   * persist the risk state then, or a restart later in the day would take a later reading as
   * the start and lose the day's moves so far.
   */
  updatePnl(realizedToday: Decimal, unrealizedNow: Decimal): boolean {
    const day = this.dayIndex;
    const unset = this.unrealizedAtDayStart === null;
    this.rollDay();
    this.realizedToday = realizedToday;
    this.unrealizedNow = unrealizedNow;
    if (this.unrealizedAtDayStart === null) this.unrealizedAtDayStart = unrealizedNow;
    this.checkDailyLoss();
    return unset || this.dayIndex !== day;
  }

  /** Today's PnL figures as the daily loss limit sees them (zeros before the first reading). */
  pnlToday(): PnlTodayFigures & { equityChangeToday: Decimal } {
    this.rollDay();
    const figures = {
      realizedToday: this.realizedToday,
      unrealizedNow: this.unrealizedNow ?? ZERO,
      unrealizedAtDayStart: this.unrealizedAtDayStart ?? this.unrealizedNow ?? ZERO,
    };
    return { ...figures, equityChangeToday: equityChangeToday(figures) };
  }

  /**
   * Replace the exposure: one entry per open or pending position, working entry orders included
   * (workingExposure). The app refreshes it right before every pre-trade check.
   */
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
      const pct = this.equityChangePct().toFixed(2);
      return riskBlock(
        'MAX_DAILY_LOSS',
        `equity change today ${pct}% reached the ${r.max_daily_loss_pct}% daily loss limit`,
      );
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
   * A closed trade's whole-life realized PnL (commissions included): it moves the losing streak
   * and the breaker's trial. Today's PnL is not summed from it (a trade opened yesterday is
   * partly yesterday's); it comes from updatePnl. `positionId` names the closed position in the
   * receipts the books audit checks (A4).
   */
  onTradeClosed(tradeId: string, pnl: Decimal, positionId: string = tradeId): void {
    this.receipts.record(positionId, this.clock.now());
    this.rollDay();
    const lost = pnl.isNegative() && !pnl.isZero();
    if (lost) this.consecutiveLosses++;
    else if (pnl.gt(0)) this.consecutiveLosses = 0;
    this.breaker.onTradeClosed(tradeId, lost);
    if (!lost) return;
    if (this.startOfDayEquity.gt(0) && this.dailyLossLimitReached()) {
      this.dailyLossTripped = true;
      this.breaker.trip('MAX_DAILY_LOSS');
    } else if (this.consecutiveLosses >= this.config.risk.max_consecutive_losses)
      this.breaker.trip('MAX_CONSECUTIVE_LOSSES');
  }

  /** The closed positions this engine counted, for the books audit. */
  get closedTrades(): ClosedTradeReceipts {
    return this.receipts;
  }

  kill(): void {
    this.breaker.trip('MANUAL_KILL');
  }

  /** Operator resume: lifts a manual kill only; an automatic trip keeps its cool-down and trial. */
  clearKill(): void {
    this.breaker.clearKill();
  }

  /**
   * The confirmed reset action: ends an automatic trip and forgives the losing streak (or the
   * streak would re-block at once). The daily loss gate still judges today's equity change.
   * Returns what was reset, or null when there was nothing to reset.
   */
  resetBreaker(): { automaticReason: string | null; consecutiveLosses: number } | null {
    const automatic = this.breaker.automaticTrip;
    if (automatic === null && this.consecutiveLosses === 0) return null;
    const reset = { automaticReason: automatic?.reason ?? null, consecutiveLosses: this.consecutiveLosses };
    this.consecutiveLosses = 0;
    this.breaker.clearAutomaticTrip();
    return reset;
  }

  /** Why entries are refused, while the breaker is Open; null otherwise. */
  noGoReason(): string | null {
    return this.breaker.state() === 'Open' ? this.breaker.describe() : null;
  }

  riskMode(): RiskMode {
    if (this.breaker.state() !== 'Closed') return 'CircuitBroken';
    const r = this.config.risk;
    const used =
      r.max_daily_loss_pct > 0 ? (Math.max(0, -this.equityChangePct()) / r.max_daily_loss_pct) * 100 : 0;
    if (used >= r.critical_at_loss_used_pct) return 'Critical';
    if (used >= r.elevated_at_loss_used_pct) return 'Elevated';
    return 'Normal';
  }

  toDto(): RiskStateDto {
    this.rollDay();
    const r = this.config.risk;
    const pnlPct = this.equityChangePct();
    return {
      risk_mode: this.riskMode(),
      trading_day: tradingDayLabel(this.dayIndex),
      start_of_day_equity: this.startOfDayEquity.toFixed(),
      equity: this.equity.toFixed(),
      equity_change_today: this.pnlToday().equityChangeToday.toFixed(),
      equity_change_today_pct: pnlPct,
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
      day: this.calendar.toJSON(),
      startOfDayEquity: this.startOfDayEquity.toFixed(),
      equity: this.equity.toFixed(),
      unrealizedAtDayStart: this.unrealizedAtDayStart?.toFixed() ?? null,
      dailyLossTripped: this.dailyLossTripped,
      consecutiveLosses: this.consecutiveLosses,
      dailyTrades: this.dailyTrades,
      lastCheckAt: this.lastCheckAt,
      breaker: this.breaker.toJSON(),
      closedTrades: this.receipts.toJSON(),
    };
  }

  /** Today's equity change as a percentage of start-of-day equity (0 while equity is unknown). */
  private equityChangePct(): number {
    if (this.startOfDayEquity.lte(0)) return 0;
    return this.pnlToday().equityChangeToday.div(this.startOfDayEquity).times(HUNDRED).toNumber();
  }

  private dailyLossLimitReached(): boolean {
    const change = this.pnlToday().equityChangeToday;
    // Runs on every equity and PnL reading (each tick): a gain needs no limit.
    if (!change.lt(0)) return false;
    return change.negated().gte(this.dailyLossLimit());
  }

  /** startOfDayEquity × max_daily_loss_pct / 100, kept while both stay the same. */
  private dailyLossLimit(): Decimal {
    const pct = this.config.risk.max_daily_loss_pct;
    const c = this.limitCache;
    if (c !== null && c.equity === this.startOfDayEquity && c.pct === pct) return c.limit;
    const limit = this.startOfDayEquity.times(pct).div(HUNDRED);
    this.limitCache = { equity: this.startOfDayEquity, pct, limit };
    return limit;
  }

  private limitCache: { equity: Decimal; pct: number; limit: Decimal } | null = null;

  private checkDailyLoss(): void {
    if (this.dailyLossTripped || this.startOfDayEquity.lte(0) || !this.dailyLossLimitReached()) return;
    this.dailyLossTripped = true;
    this.breaker.trip('MAX_DAILY_LOSS');
  }

  /**
   * Counters belong to a trading day; the first call after the boundary starts a new one. The
   * last unrealized reading of the day before is the new day's start (at most one refresh old).
   */
  private rollDay(): void {
    const today = this.calendar.todayIndex();
    if (today === this.dayIndex) return;
    this.dayIndex = today;
    this.realizedToday = ZERO;
    this.unrealizedAtDayStart = this.unrealizedNow;
    this.dailyLossTripped = false;
    this.dailyTrades = 0;
    this.startOfDayEquity = this.equity;
  }
}
