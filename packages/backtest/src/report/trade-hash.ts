import { createHash } from 'node:crypto';
import { Dec } from '@aurora/core';
import type { BacktestTrade } from '../run-data';

/** First line of the hashed text: a change of serialisation must change every hash, visibly. */
export const TRADE_HASH_HEADER = 'aurora-trades-v2';

/** A Decimal string in one spelling: no exponent, no trailing zeros, no sign on zero ("1.50" → "1.5"). */
export function canonicalDecimal(value: string): string {
  const d = new Dec(value);
  return d.isZero() ? '0' : d.toFixed();
}

/**
 * One closed trade as one line: a JSON array in this fixed field order — symbol, strategy,
 * entryTime, exitTime, entryPrice, exitPrice, qty, pnl, fees, exitReason — with times as integers
 * and every Decimal canonical. JSON quoting keeps a separator inside a string from merging fields.
 * The trade's id is left out: it is a label (seeded in a backtest, random live, and its value
 * depends on how many ids the run drew for other things), not what was traded — so the same
 * trades hash alike on the backtest and the live path (the parity test).
 */
export function canonicalTradeLine(t: BacktestTrade): string {
  return JSON.stringify([
    t.symbol,
    t.strategy,
    t.entryTime,
    t.exitTime,
    canonicalDecimal(t.entryPrice),
    canonicalDecimal(t.exitPrice),
    canonicalDecimal(t.qty),
    canonicalDecimal(t.pnl),
    canonicalDecimal(t.fees),
    t.exitReason,
  ]);
}

/** The text that is hashed: the header, then one line per trade in the given (exit-time) order, each ending in "\n". */
export function canonicalTrades(trades: readonly BacktestTrade[]): string {
  let text = `${TRADE_HASH_HEADER}\n`;
  for (const t of trades) text += `${canonicalTradeLine(t)}\n`;
  return text;
}

/**
 * SHA-256 (lower-case hex) over every closed trade, as Jesse uses it: a change to the kernel that
 * changes any trade changes this figure, so a backtest regression cannot drift silently.
 */
export function tradeHash(trades: readonly BacktestTrade[]): string {
  return createHash('sha256').update(canonicalTrades(trades), 'utf8').digest('hex');
}
