import type { Decimal } from 'decimal.js';
import type { PositionStatus, Side } from '@aurora/contracts';
import { ZERO } from '../money/decimal';
import type { QuoteCommission } from '../money/fees';
import type { ExitOverrides } from '../strategy/exits';
import type { OrderRole } from './order-track';
import { ACCOUNTING_DP, disposalGain, markToMarket, releasedCost } from './pnl';

/**
 * One position's books, average-cost. Quantities are in the base asset, money in the quote.
 * `costBasis` is what the open units carry (for a short: the proceeds they were sold for);
 * realizedPnl includes every commission as it is paid, so at any moment
 *   realizedPnl = change in quote-equivalent balance, open units valued at their cost basis.
 */
export interface Position {
  readonly id: string;
  readonly tradeIntentId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly status: PositionStatus;
  readonly errorReason: string | null;
  readonly entryOrderId: string | null;
  readonly entryClientOrderId: string;
  readonly exitOrderIds: readonly string[];
  readonly exitClientOrderIds: readonly string[];
  readonly requestedQty: Decimal;
  /** Executed quantity of the entry order. */
  readonly filledQty: Decimal;
  /** Executed quantity of all exit orders. */
  readonly exitedQty: Decimal;
  /** Units still held (long) or owed (short): filled − exited, net of commissions paid in the base asset. */
  readonly openQty: Decimal;
  readonly costBasis: Decimal;
  readonly entryNotional: Decimal;
  readonly exitNotional: Decimal;
  /** Units left when the position closed below the tradable minimum; dustCost is what they were booked at (their mark at close). */
  readonly dustQty: Decimal;
  readonly dustCost: Decimal;
  readonly avgEntryPrice: Decimal | null;
  readonly avgExitPrice: Decimal | null;
  readonly realizedPnl: Decimal;
  readonly commissionTotalQuote: Decimal;
  readonly commissionByAsset: ReadonlyMap<string, Decimal>;
  readonly commissionApproximate: boolean;
  readonly stopPrice: Decimal | null;
  readonly takeProfitPrice: Decimal | null;
  readonly trailingStopPrice: Decimal | null;
  /** The trade's own trailing stop and holding time, from its strategy; null: the config's. */
  readonly exitOverrides: ExitOverrides | null;
  readonly tags: Readonly<Record<string, string>>;
  readonly decisionId: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly openedAt: number | null;
  readonly closedAt: number | null;
  /** PnL of the open units if they were disposed of at `mark`. */
  unrealizedPnl(mark: Decimal): Decimal;
}

/** The engine's mutable implementation of Position; only the PositionEngine holds a writable reference. */
export class PositionState implements Position {
  status: PositionStatus = 'Pending';
  errorReason: string | null = null;
  entryOrderId: string | null = null;
  exitOrderIds: string[] = [];
  exitClientOrderIds: string[] = [];
  filledQty: Decimal = ZERO;
  exitedQty: Decimal = ZERO;
  openQty: Decimal = ZERO;
  costBasis: Decimal = ZERO;
  entryNotional: Decimal = ZERO;
  exitNotional: Decimal = ZERO;
  dustQty: Decimal = ZERO;
  dustCost: Decimal = ZERO;
  realizedPnl: Decimal = ZERO;
  commissionTotalQuote: Decimal = ZERO;
  commissionByAsset = new Map<string, Decimal>();
  commissionApproximate = false;
  stopPrice: Decimal | null = null;
  takeProfitPrice: Decimal | null = null;
  trailingStopPrice: Decimal | null = null;
  exitOverrides: ExitOverrides | null = null;
  tags: Record<string, string> = {};
  decisionId: string | null = null;
  updatedAt: number;
  openedAt: number | null = null;
  closedAt: number | null = null;

  constructor(
    readonly id: string,
    readonly tradeIntentId: string,
    readonly symbol: string,
    readonly side: Side,
    /** The symbol's base asset: commissions in it change the units held. */
    readonly baseAsset: string,
    readonly entryClientOrderId: string,
    readonly requestedQty: Decimal,
    readonly createdAt: number,
  ) {
    this.updatedAt = createdAt;
  }

  get avgEntryPrice(): Decimal | null {
    return this.filledQty.isZero()
      ? null
      : this.entryNotional.div(this.filledQty).toDecimalPlaces(ACCOUNTING_DP);
  }

  get avgExitPrice(): Decimal | null {
    return this.exitedQty.isZero()
      ? null
      : this.exitNotional.div(this.exitedQty).toDecimalPlaces(ACCOUNTING_DP);
  }

  unrealizedPnl(mark: Decimal): Decimal {
    return this.openQty.isZero() ? ZERO : markToMarket(this.side, this.openQty, this.costBasis, mark);
  }

  addEntryFill(qty: Decimal, notional: Decimal): void {
    this.filledQty = this.filledQty.plus(qty);
    this.entryNotional = this.entryNotional.plus(notional);
    this.openQty = this.openQty.plus(qty);
    this.costBasis = this.costBasis.plus(notional);
  }

  /**
   * Exit fill: realizes the gain of the units disposed of. Returns the realized delta and the
   * quantity beyond what was open (non-zero only if the exchange filled more than we held).
   */
  addExitFill(qty: Decimal, notional: Decimal): { gain: Decimal; excess: Decimal } {
    this.exitedQty = this.exitedQty.plus(qty);
    this.exitNotional = this.exitNotional.plus(notional);
    const disposed = qty.gt(this.openQty) ? this.openQty : qty;
    const proceeds = disposed.eq(qty)
      ? notional
      : notional.mul(disposed).div(qty).toDecimalPlaces(ACCOUNTING_DP);
    const gain = this.dispose(disposed, proceeds);
    return { gain, excess: qty.minus(disposed) };
  }

  /**
   * A commission paid in the base asset changes the units held: a long gives up `fee` units
   * (disposed of at the fill price, the proceeds being the commission), a short owes `fee` more
   * (as if sold at the fill price). Returns the realized trading delta; the fee itself is booked
   * by addCommission.
   */
  applyBaseAssetFee(fee: Decimal, fillPrice: Decimal): Decimal {
    const value = fee.mul(fillPrice);
    if (this.side === 'SELL') {
      this.openQty = this.openQty.plus(fee);
      this.costBasis = this.costBasis.plus(value);
      return ZERO;
    }
    const disposed = fee.gt(this.openQty) ? this.openQty : fee;
    return this.dispose(disposed, disposed.eq(fee) ? value : disposed.mul(fillPrice));
  }

  /** Books a commission (already converted to the quote asset) and returns its realized delta. */
  addCommission(amount: Decimal, asset: string, quoteValue: Decimal, approximate: boolean): Decimal {
    const prior = this.commissionByAsset.get(asset);
    this.commissionByAsset.set(asset, prior === undefined ? amount : prior.plus(amount));
    if (approximate) this.commissionApproximate = true;
    this.commissionTotalQuote = this.commissionTotalQuote.plus(quoteValue);
    return quoteValue.neg();
  }

  /**
   * Books one fill of the entry or an exit, with its commission (`fee` = the commission in the
   * quote asset; `baseFee` = the commission when paid in the base asset, else zero). Returns the
   * realized delta and the quantity an exit filled beyond what was open.
   */
  applyFill(
    role: OrderRole,
    qty: Decimal,
    notional: Decimal,
    at: number,
    commission: { commission: Decimal; commissionAsset: string | null; lastPrice: Decimal },
    fee: QuoteCommission | null,
    baseFee: Decimal,
  ): { realized: Decimal; excess: Decimal } {
    let realized = ZERO;
    let excess = ZERO;
    if (role === 'ENTRY') {
      this.addEntryFill(qty, notional);
      if (this.openedAt === null) this.openedAt = at;
    } else {
      const exit = this.addExitFill(qty, notional);
      realized = exit.gain;
      excess = exit.excess;
    }
    if (fee !== null) {
      const asset = commission.commissionAsset ?? 'UNKNOWN';
      realized = realized.plus(this.addCommission(commission.commission, asset, fee.quote, fee.approximate));
      if (baseFee.gt(0)) realized = realized.plus(this.applyBaseAssetFee(baseFee, commission.lastPrice));
    }
    this.realizedPnl = this.realizedPnl.plus(realized);
    return { realized, excess };
  }

  /**
   * Closes the books below the tradable minimum. The remainder stays in the account but no order
   * can sell it, so it is valued at `mark` (the symbol's price now) and that value realized: the
   * closed trade then counts what the dust is worth, not what it cost. Without a mark it is
   * carried at cost (realizing nothing), and the dust book marks it later. Returns the realized
   * delta; `dustCost` is the value the dust was booked at.
   */
  setAsideDust(mark: Decimal | null): Decimal {
    const qty = this.openQty;
    if (!qty.gt(0)) return ZERO;
    const value = mark !== null && mark.gt(0) ? qty.mul(mark).toDecimalPlaces(ACCOUNTING_DP) : this.costBasis;
    const gain = this.dispose(qty, value);
    this.realizedPnl = this.realizedPnl.plus(gain);
    this.dustQty = this.dustQty.plus(qty);
    this.dustCost = this.dustCost.plus(value);
    return gain;
  }

  /**
   * Units the account no longer holds although this position booked them (typically BNB spent
   * on other symbols' commissions, whose value those positions already paid as a fee): they are
   * given up at `price`, so the position realizes the difference to their cost and nothing is
   * counted twice. Returns the realized delta.
   */
  writeOffMissingUnits(qty: Decimal, price: Decimal): Decimal {
    const disposed = qty.gt(this.openQty) ? this.openQty : qty;
    if (!disposed.gt(0)) return ZERO;
    const gain = this.dispose(disposed, disposed.mul(price).toDecimalPlaces(ACCOUNTING_DP));
    this.realizedPnl = this.realizedPnl.plus(gain);
    return gain;
  }

  private dispose(qty: Decimal, proceeds: Decimal): Decimal {
    if (qty.isZero()) return ZERO;
    const cost = releasedCost(this.costBasis, this.openQty, qty);
    this.openQty = this.openQty.minus(qty);
    this.costBasis = this.costBasis.minus(cost);
    return disposalGain(this.side, proceeds, cost);
  }
}
