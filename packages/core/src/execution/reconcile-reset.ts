import type { PositionStatus } from '@aurora/contracts';
import { dec, ZERO } from '../money/decimal';
import { DEFAULT_RECOVERY } from './order-submission';
import type { ReconcileInput, ReconcilePlan, ReconcilePosition } from './reconcile-plan';

/*
 * A venue that came back reset (a fresh account under the same keys: none of our orders, none
 * of our coins). Both pieces of evidence are required, because each alone has an innocent cause:
 * a lookup lags or misses (FACTS: "-2013 can be a lie for a short while"), and a balance can be
 * short by a fee or a withdrawal. A filled order stays queryable on Binance, so an entry that
 * filled and is unknown past the query lag, on an account that holds less than the position,
 * is a venue that lost its history.
 */

/** The drift action of a suspected reset whose orders are too recent to judge: reconcile again after the lag. */
export const RECHECK_AFTER_QUERY_LAG = 'RECHECK_AFTER_QUERY_LAG';

const LIVE: ReadonlySet<PositionStatus> = new Set(['Open', 'PartiallyFilled', 'Closing']);

export function planVenueResets(input: ReconcileInput, plan: ReconcilePlan): void {
  const balances = input.exchange.balances;
  if (balances === null) return;
  const tolerance = dec(input.config.balance_drift_tolerance);
  for (const p of input.ours.positions) {
    if (!LIVE.has(p.status) || !p.openQty?.gt(0) || !p.baseAsset || !p.orders?.length) continue;
    const b = balances.find((x) => x.asset === p.baseAsset);
    const held = (b?.free ?? ZERO).plus(b?.locked ?? ZERO);
    if (held.plus(tolerance).gte(p.openQty)) continue;
    const verdict = ordersUnknown(input, p);
    if (verdict === 'known') continue;
    if (verdict === 'lag') {
      plan.drift.push({
        kind: 'MISSING_ORDER',
        symbol: p.symbol,
        ref: p.id,
        detail: `the account holds ${p.baseAsset} ${held.toFixed()} of the ${p.openQty.toFixed()} open; an order of the position was sent within the query lag`,
        action: RECHECK_AFTER_QUERY_LAG,
      });
      continue;
    }
    if (verdict.length > 0) {
      for (const clientOrderId of verdict) plan.resetLookups.push({ symbol: p.symbol, clientOrderId });
      continue;
    }
    const ids = p.orders.map((o) => o.clientOrderId).join(', ');
    const reason =
      `venue reset: the venue knows none of the position's ${p.orders.length} orders (${ids}) ` +
      `and holds ${p.baseAsset} ${held.toFixed()} of the ${p.openQty.toFixed()} open`;
    plan.venueResets.push({ positionId: p.id, symbol: p.symbol, reason });
    plan.drift.push({ kind: 'MISSING_ORDER', symbol: p.symbol, ref: p.id, detail: reason, action: 'VENUE_RESET' });
  }
}

/**
 * 'known': the venue has one of them; 'lag': one was sent too recently for a -2013 to count;
 * otherwise the client ids still to be looked up (empty: every one is proven unknown).
 */
function ordersUnknown(input: ReconcileInput, p: ReconcilePosition): 'known' | 'lag' | string[] {
  const seen = new Set([...input.exchange.openOrders, ...(input.exchange.recentOrders ?? [])].map((o) => o.clientOrderId));
  const toAsk: string[] = [];
  let lag = false;
  for (const o of p.orders ?? []) {
    if (seen.has(o.clientOrderId)) return 'known';
    const found = input.exchange.ordersByClientId.get(o.clientOrderId);
    if (found) return 'known';
    if (input.now - o.sentAt < DEFAULT_RECOVERY.queryLagMs) lag = true;
    else if (found === undefined) toAsk.push(o.clientOrderId);
  }
  return lag ? 'lag' : toAsk;
}
