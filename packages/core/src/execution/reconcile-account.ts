import type { PositionStatus } from '@aurora/contracts';
import { dec, ZERO } from '../money/decimal';
import type { AssetBalance } from './exchange-port';
import type { ReconcileInput, ReconcilePlan } from './reconcile-plan';

/* The account side of reconciliation: balances and idle positions. */

const HOUR_MS = 3_600_000;
const STALE_STATUSES: ReadonlySet<PositionStatus> = new Set(['Open', 'PartiallyFilled', 'Closing']);

export function planBalances(input: ReconcileInput, plan: ReconcilePlan): void {
  const snapshot = input.exchange.balances;
  if (snapshot === null) return;
  const tolerance = dec(input.config.balance_drift_tolerance);
  const ours = new Map(input.ours.balances.map((b) => [b.asset, b]));
  const theirs = new Map(snapshot.map((b) => [b.asset, b]));
  // A stream update newer than the snapshot is the fresher truth: report, never overwrite.
  const snapshotAt = input.exchange.accountUpdateTime ?? null;
  const cacheAt = input.ours.balancesUpdatedAt ?? null;
  const cacheNewer = snapshotAt !== null && cacheAt !== null && cacheAt > snapshotAt;
  const assets = [...new Set([...theirs.keys(), ...ours.keys()])].sort();
  for (const asset of assets) {
    const a = ours.get(asset);
    const b = theirs.get(asset);
    const dFree = (b?.free ?? ZERO).minus(a?.free ?? ZERO);
    const dLocked = (b?.locked ?? ZERO).minus(a?.locked ?? ZERO);
    if (dFree.abs().lte(tolerance) && dLocked.abs().lte(tolerance)) continue;
    plan.drift.push({
      kind: 'BALANCE_DRIFT',
      symbol: null,
      ref: asset,
      detail: `${asset}: ours ${fmt(a)}, exchange ${fmt(b)}`,
      action: cacheNewer ? 'NONE (our balances are newer than the snapshot)' : 'OVERWRITE_CACHE',
    });
    if (!cacheNewer) plan.balances = snapshot;
  }
}

const fmt = (b: AssetBalance | undefined): string =>
  b === undefined ? 'none' : `free ${b.free.toFixed()} locked ${b.locked.toFixed()}`;

export function planStalePositions(input: ReconcileInput, plan: ReconcilePlan): void {
  const limitMs = input.config.stale_position_hours * HOUR_MS;
  for (const p of input.ours.positions) {
    if (!STALE_STATUSES.has(p.status)) continue;
    const idle = input.now - p.updatedAt;
    if (idle <= limitMs) continue;
    const flagged = p.reviewFlag !== undefined && p.reviewFlag !== null;
    const reason = `no activity for ${(idle / HOUR_MS).toFixed(1)} h (limit ${input.config.stale_position_hours} h)`;
    if (!flagged) plan.staleFlags.push({ positionId: p.id, reason });
    plan.drift.push({
      kind: 'STALE_POSITION',
      symbol: p.symbol,
      ref: p.id,
      detail: reason,
      action: flagged ? 'NONE (already flagged)' : 'FLAG_FOR_REVIEW',
    });
  }
}
