import type { Decimal } from 'decimal.js';
import { ZERO } from '../money/decimal';
import type { ExposureEntry } from './exposure-book';

/** What exposure needs of a position (orders/Position satisfies it). */
export interface ExposedPosition {
  id: string;
  symbol: string;
  status: string;
  openQty: Decimal;
  costBasis: Decimal;
}

/** What exposure needs of an open intent (execution/TradeIntent satisfies it). */
export interface WorkingIntent {
  positionId: string | null;
  purpose: string;
  symbol: string;
  quantity: Decimal;
  filledQty: Decimal;
  price: Decimal | null;
}

const FINISHED = new Set(['Closed', 'Cancelled']);
/** Statuses that hold a concurrency slot whatever they hold: an entry is on its way. */
const ENTERING = new Set(['Pending', 'PartiallyFilled']);

/**
 * One exposure entry per position the risk engine must count: the units it holds at mark (at
 * cost without a mark) plus what its working entry order may still buy, `remaining × limit
 * price` (the mark for a MARKET entry). A Pending position counts from the moment its intent
 * exists — before the exchange has answered — so entries evaluated in the same second see the
 * ones placed just before them. An open ENTRY intent without a position counts on its own.
 */
export function workingExposure(
  positions: Iterable<ExposedPosition>,
  openIntents: Iterable<WorkingIntent>,
  mark: (symbol: string) => Decimal | null,
): ExposureEntry[] {
  const working = new Map<string, ExposureEntry>();
  const orphans: ExposureEntry[] = [];
  for (const i of openIntents) {
    if (i.purpose !== 'ENTRY') continue;
    const remaining = i.quantity.minus(i.filledQty);
    if (remaining.lte(0)) continue;
    const price = i.price ?? mark(i.symbol);
    const notional = price === null ? ZERO : remaining.mul(price).abs();
    if (i.positionId === null) orphans.push({ symbol: i.symbol, notional });
    else {
      const prior = working.get(i.positionId)?.notional ?? ZERO;
      working.set(i.positionId, { symbol: i.symbol, notional: prior.plus(notional) });
    }
  }
  const out: ExposureEntry[] = [];
  for (const p of positions) {
    if (FINISHED.has(p.status)) continue;
    const pending = working.get(p.id);
    working.delete(p.id);
    if (p.openQty.isZero() && pending === undefined && !ENTERING.has(p.status)) continue;
    const m = mark(p.symbol);
    const held = p.openQty.isZero() ? ZERO : (m === null ? p.costBasis : p.openQty.mul(m)).abs();
    out.push({ symbol: p.symbol, notional: held.plus(pending?.notional ?? ZERO) });
  }
  // Working entries whose position is not in the list given (finished or unknown to it).
  return [...out, ...working.values(), ...orphans];
}
