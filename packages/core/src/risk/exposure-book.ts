import type { Decimal } from 'decimal.js';
import { ZERO } from '../money/decimal';

/** One open or pending position's exposure in the quote asset (workingExposure builds them). */
export interface ExposureEntry {
  symbol: string;
  notional: Decimal;
}

/**
 * The exposure the risk engine measures against: replaced wholesale right before each check,
 * so it can never drift from the position book that feeds it. Pending entries belong in it too:
 * an unfilled entry order is exposure the moment it fills. One entry per position: `count` is
 * the concurrency count.
 */
export class ExposureBook {
  private bySymbol = new Map<string, Decimal>();
  private totalNotional: Decimal = ZERO;
  private positions = 0;

  replace(entries: ReadonlyArray<ExposureEntry>): void {
    const next = new Map<string, Decimal>();
    let total: Decimal = ZERO;
    for (const e of entries) {
      const notional = e.notional.abs();
      next.set(e.symbol, (next.get(e.symbol) ?? ZERO).plus(notional));
      total = total.plus(notional);
    }
    this.bySymbol = next;
    this.totalNotional = total;
    this.positions = entries.length;
  }

  get total(): Decimal {
    return this.totalNotional;
  }

  get count(): number {
    return this.positions;
  }

  of(symbol: string): Decimal {
    return this.bySymbol.get(symbol) ?? ZERO;
  }

  toRecord(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [symbol, notional] of this.bySymbol) out[symbol] = notional.toFixed();
    return out;
  }
}
