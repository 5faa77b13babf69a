import type { Decimal } from 'decimal.js';
import { ZERO } from '../money/decimal';
import { adjustQuantity, checkMinNotional } from '../money/filters';
import type { RiskEngine } from '../risk/risk-engine';
import { sizePosition } from '../risk/position-sizing';
import { gateAllow, gateBlock, type DecisionRequest, type GateOutcome } from './decision-types';

export interface RiskGateResult {
  outcome: GateOutcome;
  quantity: Decimal | null;
}

/**
 * The risk engine's limits, then the size: a strategy proposal is sized from the stop
 * distance; an operator's quantity is scaled by the size factor and must fit the balance.
 */
export function riskGate(req: DecisionRequest, risk: RiskEngine, market: boolean): RiskGateResult {
  const p = req.proposal;
  const verdict = risk.preTradeCheck({
    symbol: p.symbol,
    side: p.side,
    isExit: req.isExit === true,
    entryPrice: p.entryPrice,
    stopPrice: p.stopPrice,
    quantity: p.quantity,
    correlations: req.correlations,
  });
  if (verdict.verdict === 'BLOCK') {
    return { outcome: gateBlock(verdict.code, verdict.reason, { check: verdict.code }), quantity: null };
  }
  if (req.isExit === true) {
    return { outcome: gateAllow('exits are always allowed', { exit: true }), quantity: p.quantity };
  }
  const inputs = {
    size_factor: verdict.sizeFactor,
    max_notional: verdict.maxNotional?.toFixed() ?? null,
    risk_budget: verdict.riskBudget?.toFixed() ?? null,
    correlated_with: verdict.reducedForCorrelationWith,
    equity: risk.currentEquity.toFixed(),
  } as Record<string, number | string | boolean | null>;
  const filters = req.exchange.filters;
  if (filters === null) {
    return {
      outcome: gateBlock('SYMBOL_RULES_MISSING', `no trading rules to size ${p.symbol}`, inputs),
      quantity: null,
    };
  }

  if (p.quantity !== null) {
    const q = adjustQuantity(p.quantity.times(verdict.sizeFactor), filters, { market });
    inputs.quantity = q.toFixed();
    const affordable =
      p.side === 'BUY'
        ? q.times(p.entryPrice).lte(req.account.freeQuote)
        : q.lte(req.account.freeBase ?? ZERO);
    if (q.gt(0) && !affordable) {
      return {
        outcome: gateBlock('INSUFFICIENT_BALANCE', `not enough free balance for ${q.toFixed()}`, inputs),
        quantity: null,
      };
    }
    if (q.lte(0) || !checkMinNotional(p.entryPrice, q, filters, { market })) {
      const text = `quantity ${q.toFixed()} is below ${p.symbol}'s minimum after rounding`;
      return { outcome: gateBlock('BELOW_MIN_NOTIONAL', text, inputs), quantity: null };
    }
    return { outcome: gateAllow(`manual quantity ${q.toFixed()} within limits`, inputs), quantity: q };
  }

  const sized = sizePosition({
    equity: risk.currentEquity,
    riskPerTradePct: risk.settings.risk.risk_per_trade_pct,
    entry: p.entryPrice,
    // preTradeCheck refuses an entry without a stop, so one is present here.
    stop: p.stopPrice as Decimal,
    maxPositionNotional: verdict.maxNotional as Decimal,
    freeQuote: req.account.freeQuote,
    freeBase: req.account.freeBase,
    filters,
    sizeFactor: verdict.sizeFactor,
    side: p.side,
    market,
  });
  if ('blocked' in sized) return { outcome: gateBlock(sized.blocked, sized.reason, inputs), quantity: null };
  inputs.quantity = sized.quantity.toFixed();
  inputs.notional = sized.notional.toFixed();
  inputs.risk_at_stop = sized.riskAtStop.toFixed();
  inputs.limited_by = sized.limitedBy;
  const text = `sized ${sized.quantity.toFixed()} (limited by ${sized.limitedBy.toLowerCase().replace('_', ' ')})`;
  return { outcome: gateAllow(text, inputs), quantity: sized.quantity };
}
