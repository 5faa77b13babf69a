import type { Decimal } from 'decimal.js';

/** The three figures today's PnL is made of; each says what it is. */
export interface PnlTodayFigures {
  /** Realized PnL (commissions included) of fills made since the trading day began. */
  realizedToday: Decimal;
  /** Unrealized PnL of the units open now, at mark, against their cost. */
  unrealizedNow: Decimal;
  /** Unrealized PnL of the units that were open when the day began, at that time's marks. */
  unrealizedAtDayStart: Decimal;
}

/**
 * Today's PnL, the one definition: the mark-to-market change of the bot's equity since the
 * trading day began. A fill realizes the whole gain of the units it disposes of, including the
 * part that was already unrealized (and so already in the start-of-day equity) yesterday;
 * subtracting the start-of-day unrealized takes that part out again. So a trade opened yesterday
 * and closed today counts only for today's move, and a position open at −8 % counts now, not
 * when it closes.
 */
export function equityChangeToday(f: PnlTodayFigures): Decimal {
  return f.realizedToday.plus(f.unrealizedNow).minus(f.unrealizedAtDayStart);
}
