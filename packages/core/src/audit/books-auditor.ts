import type { ExchangeOrder } from '../execution/exchange-port';
import { isOpenExchangeStatus } from '../execution/intent';
import { isTerminalOrderStatus } from '../orders/transitions';
import {
  orderKey,
  type AuditBooks,
  type AuditInput,
  type AuditReport,
  type AuditViolation,
  type BookedIntent,
  type VenueTruth,
} from './audit-input';
import { auditBalances, auditFills } from './fill-audit';

/**
 * Compare the bot's books with the venue's truth (checks A1–A5, see @aurora/contracts audit).
 * Pure and deterministic: violations come sorted by check, then ref. It judges only what the
 * truth covers and what has settled (older than settleMs); the rest is counted as skipped.
 */
export function auditBooks(input: AuditInput): AuditReport {
  const { books, venue } = input;
  const inFlight = (at: number): boolean => input.settleMs > 0 && input.now - at < input.settleMs;
  const orders = uniqueOrders(venue.orders);
  const byClientId = new Map<string, ExchangeOrder[]>();
  for (const o of orders) byClientId.set(o.clientOrderId, [...(byClientId.get(o.clientOrderId) ?? []), o]);

  const fills = auditFills(books, venue, byClientId, inFlight);
  const balances = auditBalances(books, venue, inFlight);
  const states = auditOrderStates(books, venue, byClientId, inFlight);
  const risk = auditRiskReceipts(books, inFlight);
  const violations = [
    ...fills.violations,
    ...balances.violations,
    ...states.violations,
    ...risk.violations,
    ...auditClientIds(byClientId),
  ].sort((a, b) => a.check.localeCompare(b.check) || a.ref.localeCompare(b.ref) || a.detail.localeCompare(b.detail));
  return {
    violations,
    checked: {
      positions: fills.checked,
      intents: states.checked,
      orders: orders.length,
      assets: balances.checked,
    },
    skipped: fills.skipped + balances.skipped + states.skipped + risk.skipped,
  };
}

/** The same order can come from several queries (open list, lookup, history): count it once. */
function uniqueOrders(orders: readonly ExchangeOrder[]): ExchangeOrder[] {
  const byKey = new Map<string, ExchangeOrder>();
  for (const o of orders) {
    const key = orderKey(o.symbol, o.orderId);
    const seen = byKey.get(key);
    // Two answers for one order: the later update is the truth.
    if (seen === undefined || o.updateTime >= seen.updateTime) byKey.set(key, o);
  }
  return [...byKey.values()];
}

const isTerminalIntent = (i: BookedIntent): boolean =>
  i.status === 'REJECTED' ||
  i.status === 'NOT_FOUND' ||
  (i.status === 'ACKED' && i.exchangeStatus !== null && isTerminalOrderStatus(i.exchangeStatus));

const isInFlightIntent = (i: BookedIntent): boolean =>
  i.status === 'CREATED' || i.status === 'SUBMITTING' || i.status === 'UNKNOWN';

/**
 * A3: no intent finished in our books while its order still works on the venue, and no position
 * waiting for fills (Pending, PartiallyFilled) without a working entry order to bring them.
 */
function auditOrderStates(
  books: AuditBooks,
  venue: VenueTruth,
  byClientId: ReadonlyMap<string, ExchangeOrder[]>,
  inFlight: (at: number) => boolean,
): { violations: AuditViolation[]; checked: number; skipped: number } {
  const out = { violations: [] as AuditViolation[], checked: 0, skipped: 0 };
  const live = (id: string) => (byClientId.get(id) ?? []).filter((o) => isOpenExchangeStatus(o.status));
  for (const i of books.intents) {
    const working = live(i.id);
    if (inFlight(i.updatedAt) || working.some((o) => inFlight(o.updateTime))) {
      out.skipped++;
      continue;
    }
    out.checked++;
    if (!isTerminalIntent(i) || working.length === 0) continue;
    out.violations.push({
      check: 'A3',
      symbol: i.symbol,
      ref: i.id,
      detail: `intent ${i.status}${i.exchangeStatus ? ` (${i.exchangeStatus})` : ''} but venue order ${working.map((o) => `${o.orderId} ${o.status}`).join(', ')} is live`,
    });
  }
  const intents = new Map(books.intents.map((i) => [i.id, i]));
  for (const p of books.positions) {
    if (p.status !== 'Pending' && p.status !== 'PartiallyFilled') continue;
    const entry = intents.get(p.entryClientOrderId);
    if (entry !== undefined && isInFlightIntent(entry)) continue;
    if (inFlight(p.updatedAt) || !venue.openOrdersComplete.includes(p.symbol)) {
      out.skipped++;
      continue;
    }
    if (live(p.entryClientOrderId).length > 0) continue;
    out.violations.push({
      check: 'A3',
      symbol: p.symbol,
      ref: p.id,
      detail: `position ${p.status} with ${p.filledQty.toFixed()} filled, but its entry order ${p.entryClientOrderId} is not working on the venue (intent ${entry ? `${entry.status}${entry.exchangeStatus ? ` ${entry.exchangeStatus}` : ''}` : 'unknown'})`,
    });
  }
  return out;
}

/** A4: each closed position was counted by the risk engine exactly once. */
function auditRiskReceipts(
  books: AuditBooks,
  inFlight: (at: number) => boolean,
): { violations: AuditViolation[]; skipped: number } {
  const out = { violations: [] as AuditViolation[], skipped: 0 };
  for (const p of books.positions) {
    if (p.status !== 'Closed' || p.closedAt === null || p.closedAt < books.riskReceipts.horizon) continue;
    if (inFlight(p.closedAt)) {
      out.skipped++;
      continue;
    }
    const n = books.riskReceipts.counts[p.id] ?? 0;
    if (n === 1) continue;
    out.violations.push({
      check: 'A4',
      symbol: p.symbol,
      ref: p.id,
      detail: `closed at ${p.closedAt}; the risk engine counted it ${n} time(s)`,
    });
  }
  return out;
}

/** A5: a clientOrderId names one venue order (Binance reuses one once the first is done). */
function auditClientIds(byClientId: ReadonlyMap<string, ExchangeOrder[]>): AuditViolation[] {
  const out: AuditViolation[] = [];
  for (const [id, orders] of byClientId) {
    if (orders.length < 2) continue;
    out.push({
      check: 'A5',
      symbol: orders[0]?.symbol ?? null,
      ref: id,
      detail: `${orders.length} venue orders carry it: ${orders.map((o) => `${o.symbol} ${o.orderId} ${o.status} ${o.executedQty.toFixed()}`).join('; ')}`,
    });
  }
  return out;
}
