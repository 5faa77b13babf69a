import type { Decimal } from 'decimal.js';
import { ZERO } from '../money/decimal';
import { ACCOUNTING_DP } from '../orders/pnl';
import type { ExchangeOrder } from '../execution/exchange-port';
import { orderKey, type AuditBooks, type AuditViolation, type BookedPosition, type VenueTruth } from './audit-input';

/* A1 (booked fills = the venue's fills per order) and A2 (open quantity ≤ venue balance). */

interface VenueFill {
  qty: Decimal;
  quote: Decimal;
  /** The venue's orders behind it, for the evidence. */
  refs: string[];
  /** Latest venue update among them (ms). */
  updatedAt: number;
}

/**
 * What the venue executed under some clientOrderIds: from the trades when they were fetched,
 * else from the order's own executedQty / cummulativeQuoteQty. undefined when the truth does
 * not cover one of the ids (not fetched in this run), so the leg cannot be judged.
 */
function venueFill(
  ids: readonly string[],
  symbol: string,
  byClientId: ReadonlyMap<string, ExchangeOrder[]>,
  venue: VenueTruth,
): VenueFill | undefined {
  const complete = venue.ordersComplete.includes(symbol);
  const out: VenueFill = { qty: ZERO, quote: ZERO, refs: [], updatedAt: 0 };
  for (const id of ids) {
    const orders = (byClientId.get(id) ?? []).filter((o) => o.symbol === symbol);
    if (orders.length === 0 && !complete) return undefined;
    for (const o of orders) {
      const trades = venue.tradesByOrder.get(orderKey(o.symbol, o.orderId));
      if (trades === undefined) {
        out.qty = out.qty.plus(o.executedQty);
        out.quote = out.quote.plus(o.cumulativeQuoteQty);
      } else {
        for (const t of trades) {
          out.qty = out.qty.plus(t.qty);
          out.quote = out.quote.plus(t.quoteQty);
        }
      }
      out.refs.push(`${o.orderId} ${o.status}`);
      out.updatedAt = Math.max(out.updatedAt, o.updateTime);
    }
  }
  return out;
}

/**
 * One leg (entry or exits) of a position against the venue. Quantity may differ by less than one
 * step (nothing tradable is missing); the average price must be exact once quantities agree.
 */
function legViolation(
  p: BookedPosition,
  leg: 'entry' | 'exit',
  booked: { qty: Decimal; avg: Decimal | null },
  fill: VenueFill,
  step: Decimal | null,
): AuditViolation | null {
  const diff = booked.qty.minus(fill.qty).abs();
  const tolerated = step !== null && step.gt(0) ? diff.lt(step) : diff.isZero();
  const where = fill.refs.length > 0 ? `venue orders ${fill.refs.join(', ')}` : 'no venue order';
  if (!tolerated)
    return {
      check: 'A1',
      symbol: p.symbol,
      ref: p.id,
      detail: `${leg}: booked ${booked.qty.toFixed()}, venue executed ${fill.qty.toFixed()} (${where})`,
    };
  if (!diff.isZero() || fill.qty.isZero()) return null;
  const venueAvg = fill.quote.div(fill.qty).toDecimalPlaces(ACCOUNTING_DP);
  if (booked.avg !== null && booked.avg.eq(venueAvg)) return null;
  return {
    check: 'A1',
    symbol: p.symbol,
    ref: p.id,
    detail: `${leg}: booked average ${booked.avg?.toFixed() ?? 'none'}, venue average ${venueAvg.toFixed()} (${where})`,
  };
}

export function auditFills(
  books: AuditBooks,
  venue: VenueTruth,
  byClientId: ReadonlyMap<string, ExchangeOrder[]>,
  inFlight: (at: number) => boolean,
): { violations: AuditViolation[]; checked: number; skipped: number } {
  const steps = new Map(books.symbols.map((s) => [s.symbol, s.stepSize]));
  const out = { violations: [] as AuditViolation[], checked: 0, skipped: 0 };
  for (const p of books.positions) {
    const entry = venueFill([p.entryClientOrderId], p.symbol, byClientId, venue);
    const exits = venueFill(p.exitClientOrderIds, p.symbol, byClientId, venue);
    if (
      inFlight(p.updatedAt) ||
      entry === undefined ||
      exits === undefined ||
      inFlight(entry.updatedAt) ||
      inFlight(exits.updatedAt)
    ) {
      out.skipped++;
      continue;
    }
    out.checked++;
    const step = steps.get(p.symbol) ?? null;
    const e = legViolation(p, 'entry', { qty: p.filledQty, avg: p.avgEntryPrice }, entry, step);
    const x = legViolation(p, 'exit', { qty: p.exitedQty, avg: p.avgExitPrice }, exits, step);
    if (e) out.violations.push(e);
    if (x) out.violations.push(x);
  }
  return out;
}

const HOLDING: ReadonlySet<string> = new Set(['Pending', 'PartiallyFilled', 'Open', 'Closing', 'Error']);

/**
 * A2: the units the bot's long positions hold, per base asset, are in the account. A short (SELL)
 * position holds quote, not base, and is left out. An asset with a position in flight is skipped:
 * the balance and the books may be a fill apart.
 */
export function auditBalances(
  books: AuditBooks,
  venue: VenueTruth,
  inFlight: (at: number) => boolean,
): { violations: AuditViolation[]; checked: number; skipped: number } {
  const out = { violations: [] as AuditViolation[], checked: 0, skipped: 0 };
  if (venue.balances === null) return out;
  const baseOf = new Map(books.symbols.map((s) => [s.symbol, s.baseAsset]));
  const held = new Map<string, { qty: Decimal; positions: string[]; moving: boolean }>();
  for (const p of books.positions) {
    if (p.side !== 'BUY' || !HOLDING.has(p.status) || p.openQty.lte(0)) continue;
    const asset = baseOf.get(p.symbol);
    if (asset === undefined) continue;
    const h = held.get(asset) ?? { qty: ZERO, positions: [], moving: false };
    h.qty = h.qty.plus(p.openQty);
    h.positions.push(`${p.id} ${p.openQty.toFixed()}`);
    h.moving ||= inFlight(p.updatedAt);
    held.set(asset, h);
  }
  const balances = new Map(venue.balances.map((b) => [b.asset, b.free.plus(b.locked)]));
  for (const [asset, h] of [...held].sort(([a], [b]) => a.localeCompare(b))) {
    if (h.moving) {
      out.skipped++;
      continue;
    }
    out.checked++;
    const total = balances.get(asset) ?? ZERO;
    const baseline = books.baseline[asset] ?? ZERO;
    const available = total.minus(baseline);
    if (h.qty.lte(available)) continue;
    out.violations.push({
      check: 'A2',
      symbol: null,
      ref: asset,
      detail: `positions hold ${h.qty.toFixed()} ${asset} (${h.positions.join(', ')}); venue balance ${total.toFixed()} less baseline ${baseline.toFixed()} = ${available.toFixed()}`,
    });
  }
  return out;
}
