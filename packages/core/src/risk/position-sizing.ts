import type { Decimal } from 'decimal.js';
import type { Side } from '@aurora/contracts';
import { Dec, dec } from '../money/decimal';
import { adjustQuantity, checkMinNotional } from '../money/filters';
import type { SymbolFilters } from '../money/symbol-filters';

export type SizingBlockCode = 'BELOW_MIN_NOTIONAL' | 'NO_STOP_DISTANCE' | 'INSUFFICIENT_BALANCE';

export interface PositionSizingInput {
  equity: Decimal;
  /** RiskConfig.risk_per_trade_pct: % of equity lost if the stop is hit. */
  riskPerTradePct: number;
  entry: Decimal;
  stop: Decimal;
  /** Notional cap: max position notional, already narrowed by the exposure room left. */
  maxPositionNotional: Decimal;
  /** Free quote balance: what a BUY spends. */
  freeQuote: Decimal;
  filters: SymbolFilters;
  /** From the risk check (HalfOpen trial, correlation) and TCA; 1 = full size. */
  sizeFactor: number;
  /** Default BUY. A SELL entry on Spot sells inventory, so it is capped by `freeBase`. */
  side?: Side;
  freeBase?: Decimal;
  /** Round with MARKET_LOT_SIZE and market notional rules. */
  market?: boolean;
  /** Expected commission as a fraction of a fill (default 0.001, Binance's base taker rate). */
  feeRate?: number;
}

/** Default expected commission per fill: Binance's base spot taker rate. */
export const DEFAULT_FEE_RATE = 0.001;
/**
 * The stop exit must still meet the minimum notional this far below the stop: a MARKET exit can
 * fill under the trigger, and a position that cannot be sold at its stop is stuck.
 */
export const EXIT_NOTIONAL_MARGIN = 1.1;

export type SizingLimit = 'RISK' | 'MAX_NOTIONAL' | 'BALANCE';

export type PositionSizingResult =
  | { quantity: Decimal; notional: Decimal; riskAtStop: Decimal; limitedBy: SizingLimit }
  | { blocked: SizingBlockCode; reason: string };

// Every quotient here is a ceiling on the quantity: rounding it up, even in the 40th digit,
// could push the order a hair past a cap. This constructor truncates instead.
const DecDown = Dec.clone({ rounding: Dec.ROUND_DOWN });

/**
 * Quantity whose loss at the stop is risk_per_trade_pct of equity (× sizeFactor), capped by
 * the notional limit and the free balance, floored to the symbol's step, then checked against
 * its minimum notional. Never rounds up: the result never exceeds any cap.
 */
export function sizePosition(input: PositionSizingInput): PositionSizingResult {
  const side = input.side ?? 'BUY';
  const entry = new DecDown(input.entry);
  const distance = side === 'BUY' ? entry.minus(input.stop) : new DecDown(input.stop).minus(entry);
  if (entry.lte(0) || distance.lte(0)) {
    return {
      blocked: 'NO_STOP_DISTANCE',
      reason: `stop ${input.stop.toFixed()} leaves no loss distance below a ${side} entry at ${input.entry.toFixed()}`,
    };
  }
  const balance = side === 'BUY' ? input.freeQuote : (input.freeBase ?? dec(0));
  if (balance.lte(0)) {
    return {
      blocked: 'INSUFFICIENT_BALANCE',
      reason: `no free ${side === 'BUY' ? 'quote' : 'base'} balance`,
    };
  }

  const budget = new DecDown(input.equity).times(input.riskPerTradePct).div(100).times(input.sizeFactor);
  let quantity = budget.div(distance);
  let limitedBy: SizingLimit = 'RISK';
  const byNotional = new DecDown(input.maxPositionNotional).div(entry);
  if (byNotional.lt(quantity)) {
    quantity = byNotional;
    limitedBy = 'MAX_NOTIONAL';
  }
  const byBalance = side === 'BUY' ? new DecDown(balance).div(entry) : new DecDown(balance);
  if (byBalance.lt(quantity)) {
    quantity = byBalance;
    limitedBy = 'BALANCE';
  }

  const opts = { market: input.market === true };
  const rounded = quantity.lte(0) ? dec(0) : dec(adjustQuantity(quantity, input.filters, opts));
  if (rounded.lte(0) || !checkMinNotional(input.entry, rounded, input.filters, opts)) {
    const notional = rounded.times(input.entry).toFixed();
    if (limitedBy === 'BALANCE') {
      return {
        blocked: 'INSUFFICIENT_BALANCE',
        reason: `free balance ${balance.toFixed()} buys only ${notional} of ${input.filters.symbol}, below its minimum`,
      };
    }
    return {
      blocked: 'BELOW_MIN_NOTIONAL',
      reason: `sized quantity ${rounded.toFixed()} (notional ${notional}) is below ${input.filters.symbol}'s minimum`,
    };
  }
  // The units left after the entry's commission (paid in the base asset at worst) must still
  // be sellable at the stop, with a margin: otherwise the position could never be exited.
  const afterFee = rounded.times(dec(1).minus(input.feeRate ?? DEFAULT_FEE_RATE));
  const exitPrice = input.stop.div(EXIT_NOTIONAL_MARGIN);
  const exitQty = dec(adjustQuantity(afterFee, input.filters, { market: true }));
  if (!exitQty.gt(0) || !checkMinNotional(exitPrice, exitQty, input.filters, { market: true })) {
    return {
      blocked: 'BELOW_MIN_NOTIONAL',
      reason: `sized quantity ${rounded.toFixed()} less fees (${exitQty.toFixed()}) at the stop ${input.stop.toFixed()} (with a ${EXIT_NOTIONAL_MARGIN}× margin) is below ${input.filters.symbol}'s minimum for an exit`,
    };
  }
  return {
    quantity: rounded,
    notional: rounded.times(input.entry),
    riskAtStop: rounded.times(dec(distance)),
    limitedBy,
  };
}
