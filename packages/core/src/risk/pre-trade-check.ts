import type { Decimal } from 'decimal.js';
import type { RiskConfig, Side } from '@aurora/contracts';
import { dec } from '../money/decimal';
import type { SymbolCorrelation } from './correlation';
import type { ExposureBook } from './exposure-book';

export interface PreTradeCheckInput {
  symbol: string;
  side: Side;
  /** Exits reduce risk: they are always allowed, whatever the limits say. */
  isExit: boolean;
  entryPrice: Decimal;
  stopPrice: Decimal | null;
  /** A manual proposal's quantity; null when sizing will choose it. */
  quantity: Decimal | null;
  /** Correlation of `symbol` with each open position's symbol. */
  correlations?: ReadonlyArray<SymbolCorrelation>;
}

export type RiskBlockCode =
  | 'CIRCUIT_BREAKER'
  | 'EQUITY_UNKNOWN'
  | 'MAX_DAILY_LOSS'
  | 'MAX_CONSECUTIVE_LOSSES'
  | 'MAX_CONCURRENT_POSITIONS'
  | 'MAX_DAILY_TRADES'
  | 'MAX_POSITION_NOTIONAL'
  | 'MAX_TOTAL_EXPOSURE'
  | 'MAX_SYMBOL_EXPOSURE'
  | 'CORRELATION'
  | 'INVALID_STOP'
  | 'RISK_PER_TRADE';

export interface RiskAllow {
  verdict: 'ALLOW';
  /** Multiplier for the position size: the HalfOpen trial and a correlation reduction compound. */
  sizeFactor: number;
  /** Largest entry notional the exposure limits leave room for; null for exits. */
  maxNotional: Decimal | null;
  /** Quote amount the trade may lose at its stop (sizeFactor applied); null for exits. */
  riskBudget: Decimal | null;
  /** The open position's symbol whose correlation reduced the size, if any. */
  reducedForCorrelationWith: string | null;
}

export interface RiskBlock {
  verdict: 'BLOCK';
  code: RiskBlockCode;
  reason: string;
}

export type PreTradeVerdict = RiskAllow | RiskBlock;

export const EXIT_ALLOWED: RiskAllow = Object.freeze({
  verdict: 'ALLOW',
  sizeFactor: 1,
  maxNotional: null,
  riskBudget: null,
  reducedForCorrelationWith: null,
}) as RiskAllow;

export const riskBlock = (code: RiskBlockCode, reason: string): RiskBlock => ({
  verdict: 'BLOCK',
  code,
  reason,
});

const HUNDRED = dec(100);

const minOf = (a: Decimal, b: Decimal, c: Decimal): Decimal => {
  const ab = a.lt(b) ? a : b;
  return ab.lt(c) ? ab : c;
};

/** RiskConfig's notional limits parsed once per config change, not once per check. */
export interface NotionalLimits {
  maxPosition: Decimal;
  maxTotal: Decimal;
  maxSymbol: Decimal;
}

export const notionalLimits = (r: RiskConfig): NotionalLimits => ({
  maxPosition: dec(r.max_position_notional_usdt),
  maxTotal: dec(r.max_total_exposure_usdt),
  maxSymbol: dec(r.max_symbol_exposure_usdt),
});

/**
 * Total and per-symbol exposure limits. A manual quantity must fit as asked; a strategy
 * proposal gets the room that is left as its notional cap.
 */
export function checkExposure(
  input: PreTradeCheckInput,
  exposure: ExposureBook,
  limits: NotionalLimits,
): RiskBlock | { maxNotional: Decimal } {
  const maxPosition = limits.maxPosition;
  const symbolExposure = exposure.of(input.symbol);
  const totalRoom = limits.maxTotal.minus(exposure.total);
  const symbolRoom = limits.maxSymbol.minus(symbolExposure);
  if (totalRoom.lte(0)) {
    return riskBlock('MAX_TOTAL_EXPOSURE', `total exposure ${exposure.total.toFixed()} is at its limit`);
  }
  if (symbolRoom.lte(0)) {
    return riskBlock(
      'MAX_SYMBOL_EXPOSURE',
      `${input.symbol} exposure ${symbolExposure.toFixed()} is at its limit`,
    );
  }
  if (input.quantity !== null) {
    const notional = input.quantity.times(input.entryPrice);
    if (notional.gt(maxPosition)) {
      return riskBlock(
        'MAX_POSITION_NOTIONAL',
        `notional ${notional.toFixed()} exceeds ${maxPosition.toFixed()}`,
      );
    }
    if (notional.gt(totalRoom)) {
      return riskBlock(
        'MAX_TOTAL_EXPOSURE',
        `notional ${notional.toFixed()} exceeds the ${totalRoom.toFixed()} left`,
      );
    }
    if (notional.gt(symbolRoom)) {
      return riskBlock(
        'MAX_SYMBOL_EXPOSURE',
        `notional ${notional.toFixed()} exceeds the ${symbolRoom.toFixed()} left on ${input.symbol}`,
      );
    }
  }
  return { maxNotional: minOf(maxPosition, totalRoom, symbolRoom) };
}

/** The open symbol most correlated with the proposal's at or above the threshold, if any. */
export function mostCorrelated(
  input: PreTradeCheckInput,
  threshold: number,
): { symbol: string; correlation: number } | null {
  if (input.correlations === undefined) return null;
  let worst: SymbolCorrelation | null = null;
  for (const c of input.correlations) {
    if (c.symbol === input.symbol || c.correlation === null || c.correlation < threshold) continue;
    if (worst === null || c.correlation > (worst.correlation as number)) worst = c;
  }
  return worst === null ? null : { symbol: worst.symbol, correlation: worst.correlation as number };
}

/**
 * The stop must sit on the losing side of the entry, and a manual quantity may lose at most
 * risk_per_trade_pct of equity there. Returns the full (unscaled) risk budget.
 */
export function checkStopRisk(
  input: PreTradeCheckInput,
  equity: Decimal,
  riskPerTradePct: number,
): RiskBlock | { fullBudget: Decimal } {
  if (input.stopPrice === null) {
    return riskBlock('INVALID_STOP', 'an entry needs a stop price so its risk is bounded');
  }
  const distance =
    input.side === 'BUY' ? input.entryPrice.minus(input.stopPrice) : input.stopPrice.minus(input.entryPrice);
  if (distance.lte(0)) {
    return riskBlock(
      'INVALID_STOP',
      `stop ${input.stopPrice.toFixed()} is not on the losing side of entry ${input.entryPrice.toFixed()}`,
    );
  }
  const fullBudget = equity.times(riskPerTradePct).div(HUNDRED);
  if (input.quantity !== null) {
    const atRisk = input.quantity.times(distance);
    if (atRisk.gt(fullBudget)) {
      return riskBlock(
        'RISK_PER_TRADE',
        `risk at stop ${atRisk.toFixed()} exceeds ${riskPerTradePct}% of equity (${fullBudget.toFixed()})`,
      );
    }
  }
  return { fullBudget };
}
