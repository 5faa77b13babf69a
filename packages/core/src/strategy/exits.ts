import type { Decimal } from 'decimal.js';
import { EnsembleParams, type Side } from '@aurora/contracts';
import type { Clock } from '../clock';
import { dec } from '../money/decimal';

export type ExitTrigger = 'STOP_LOSS' | 'TRAILING_STOP' | 'TAKE_PROFIT' | 'MAX_HOLDING_TIME';

/** The parts of an open position the exit rules read. */
export interface ExitPositionView {
  /** Side of the entry: BUY for a long. */
  side: Side;
  /** Average entry price. */
  entryPrice: Decimal;
  stopPrice: Decimal | null;
  takeProfitPrice: Decimal | null;
  /** The trailing stop so far (from the last evaluation), or null before the first. */
  trailingStopPrice: Decimal | null;
  /** When the entry filled (ms). */
  openedAt: number;
  /** The trade's own exit rules, from the strategy that proposed it; absent or null: the config's. */
  exitOverrides?: ExitOverrides | null;
}

/**
 * Exit rules a strategy set for one trade, in the config's units: each replaces
 * strategy.trailing_atr_mult / strategy.max_holding_min for that position only; null keeps the
 * config's value.
 */
export interface ExitOverrides {
  trailingAtrMult: number | null;
  maxHoldingMin: number | null;
}

const TRAILING_BOUNDS = EnsembleParams.shape.trailing_atr_mult.unwrap();
const MAX_HOLD_BOUNDS = EnsembleParams.shape.max_holding_min.unwrap();

/**
 * A strategy's overrides checked against the very bounds of the config fields they replace;
 * a string names the problem. Both absent: null (the position follows the config).
 */
export function checkExitOverrides(o: { trailingAtrMult?: number; maxHoldingMin?: number }): ExitOverrides | null | string {
  if (o.trailingAtrMult === undefined && o.maxHoldingMin === undefined) return null;
  if (o.trailingAtrMult !== undefined && !TRAILING_BOUNDS.safeParse(o.trailingAtrMult).success)
    return `trailingAtrMult ${String(o.trailingAtrMult)} is outside strategy.trailing_atr_mult's bounds (0..20 ATRs)`;
  if (o.maxHoldingMin !== undefined && !MAX_HOLD_BOUNDS.safeParse(o.maxHoldingMin).success)
    return `maxHoldingMin ${String(o.maxHoldingMin)} is outside strategy.max_holding_min's bounds (whole minutes, 1..100000)`;
  return { trailingAtrMult: o.trailingAtrMult ?? null, maxHoldingMin: o.maxHoldingMin ?? null };
}

export interface ExitEvaluation {
  exit: ExitTrigger | null;
  /** The ratcheted trailing stop to store on the position; null while trailing is off. */
  trailingStopPrice: Decimal | null;
  /** Human text of the exit, for the decision log; null when holding. */
  reason: string | null;
}

export interface ExitPolicySettings {
  /** StrategyConfig.trailing_atr_mult; 0 turns trailing off. */
  trailingAtrMult: number;
  /** StrategyConfig.max_holding_min. */
  maxHoldingMin: number;
}

const MINUTE_MS = 60_000;

/**
 * Exit rules for an open position against the price it could exit at now (the bid for a long,
 * the ask for a short). Checked in order of urgency: stop-loss, trailing stop, take-profit,
 * maximum holding time. The trailing stop only ever moves in the position's favour.
 */
export class ExitPolicy {
  constructor(
    private readonly clock: Clock,
    private settings: ExitPolicySettings,
  ) {}

  updateSettings(settings: ExitPolicySettings): void {
    this.settings = settings;
  }

  evaluate(p: ExitPositionView, price: Decimal, atr: number | null): ExitEvaluation {
    const long = p.side === 'BUY';
    const trailing = this.ratchet(p, price, atr);

    if (p.stopPrice !== null && (long ? price.lte(p.stopPrice) : price.gte(p.stopPrice))) {
      return hit('STOP_LOSS', trailing, `price ${price.toFixed()} crossed the stop ${p.stopPrice.toFixed()}`);
    }
    // Judged against the stop as it stood before this price: the new level is computed from
    // this very price, so it could never be crossed by it.
    const standing = p.trailingStopPrice;
    if (standing !== null && (long ? price.lte(standing) : price.gte(standing))) {
      return hit(
        'TRAILING_STOP',
        trailing,
        `price ${price.toFixed()} crossed the trailing stop ${standing.toFixed()}`,
      );
    }
    if (p.takeProfitPrice !== null && (long ? price.gte(p.takeProfitPrice) : price.lte(p.takeProfitPrice))) {
      return hit(
        'TAKE_PROFIT',
        trailing,
        `price ${price.toFixed()} reached the target ${p.takeProfitPrice.toFixed()}`,
      );
    }
    const heldMs = this.clock.now() - p.openedAt;
    const own = p.exitOverrides?.maxHoldingMin ?? null;
    const maxHoldingMin = own ?? this.settings.maxHoldingMin;
    if (heldMs >= maxHoldingMin * MINUTE_MS) {
      const whose = own !== null ? ", the strategy's" : '';
      return hit(
        'MAX_HOLDING_TIME',
        trailing,
        `held ${Math.floor(heldMs / MINUTE_MS)} min (limit ${maxHoldingMin}${whose})`,
      );
    }
    return { exit: null, trailingStopPrice: trailing, reason: null };
  }

  /**
   * The trailing stop after this price: price ∓ ATR × mult, never looser than before. It arms
   * only once it would lock in at least break-even; until then the fixed stop governs, or a
   * trailing distance tighter than the stop distance would silently replace the stop.
   */
  private ratchet(p: ExitPositionView, price: Decimal, atr: number | null): Decimal | null {
    const mult = p.exitOverrides?.trailingAtrMult ?? this.settings.trailingAtrMult;
    const previous = p.trailingStopPrice;
    if (mult <= 0 || atr === null || !(atr > 0)) return previous;
    const distance = dec((atr * mult).toPrecision(12));
    const long = p.side === 'BUY';
    const candidate = long ? price.minus(distance) : price.plus(distance);
    if (previous === null && (long ? candidate.lt(p.entryPrice) : candidate.gt(p.entryPrice))) return null;
    if (previous === null) return candidate;
    if (long) return candidate.gt(previous) ? candidate : previous;
    return candidate.lt(previous) ? candidate : previous;
  }
}

const hit = (exit: ExitTrigger, trailingStopPrice: Decimal | null, reason: string): ExitEvaluation => ({
  exit,
  trailingStopPrice,
  reason,
});
