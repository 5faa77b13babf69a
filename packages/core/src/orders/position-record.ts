import type { Decimal } from 'decimal.js';
import { OrderStatus, PositionStatus, Side } from '@aurora/contracts';
import { dec, decString } from '../money/decimal';
import { checkExitOverrides, type ExitOverrides } from '../strategy/exits';
import { newOrderTrack, type OrderRole, type OrderTrack } from './order-track';
import { PositionState } from './position';
import { InvalidPositionRecord } from './position-errors';

/** One followed order as persisted: enough to resume booking exactly where it stopped. */
export interface OrderRecord {
  role: OrderRole;
  clientOrderId: string;
  orderId: string | null;
  status: OrderStatus | null;
  requestedQty: string;
  cumQty: string;
  cumQuote: string;
  /** Exchange time of the latest report applied (absent in older records: 0). */
  lastEventTime?: number;
}

/**
 * A position as the store persists it (decimals as strings). Unlike PositionDto it carries the
 * cost basis and each order's booked cumulative amounts, so a restart resumes exactly.
 */
export interface PositionRecord {
  id: string;
  tradeIntentId: string;
  symbol: string;
  baseAsset: string;
  side: Side;
  status: PositionStatus;
  errorReason: string | null;
  requestedQty: string;
  filledQty: string;
  exitedQty: string;
  openQty: string;
  costBasis: string;
  entryNotional: string;
  exitNotional: string;
  dustQty: string;
  dustCost: string;
  realizedPnl: string;
  commissionTotalQuote: string;
  commissionByAsset: Record<string, string>;
  commissionApproximate: boolean;
  stopPrice: string | null;
  takeProfitPrice: string | null;
  trailingStopPrice: string | null;
  /** Absent in records written before strategies could set exit rules: the config's. */
  exitOverrides?: ExitOverrides | null;
  tags: Record<string, string>;
  decisionId: string | null;
  createdAt: number;
  updatedAt: number;
  openedAt: number | null;
  closedAt: number | null;
  /** The entry order first, then exit orders in registration order. */
  orders: OrderRecord[];
}

const str = (d: Decimal): string => decString(d);
const optStr = (d: Decimal | null): string | null => (d === null ? null : decString(d));

export function toPositionRecord(p: PositionState, tracks: readonly OrderTrack[]): PositionRecord {
  const commissionByAsset: Record<string, string> = {};
  for (const [asset, v] of p.commissionByAsset) commissionByAsset[asset] = str(v);
  return {
    id: p.id,
    tradeIntentId: p.tradeIntentId,
    symbol: p.symbol,
    baseAsset: p.baseAsset,
    side: p.side,
    status: p.status,
    errorReason: p.errorReason,
    requestedQty: str(p.requestedQty),
    filledQty: str(p.filledQty),
    exitedQty: str(p.exitedQty),
    openQty: str(p.openQty),
    costBasis: str(p.costBasis),
    entryNotional: str(p.entryNotional),
    exitNotional: str(p.exitNotional),
    dustQty: str(p.dustQty),
    dustCost: str(p.dustCost),
    realizedPnl: str(p.realizedPnl),
    commissionTotalQuote: str(p.commissionTotalQuote),
    commissionByAsset,
    commissionApproximate: p.commissionApproximate,
    stopPrice: optStr(p.stopPrice),
    takeProfitPrice: optStr(p.takeProfitPrice),
    trailingStopPrice: optStr(p.trailingStopPrice),
    exitOverrides: p.exitOverrides === null ? null : { ...p.exitOverrides },
    tags: { ...p.tags },
    decisionId: p.decisionId,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    openedAt: p.openedAt,
    closedAt: p.closedAt,
    orders: tracks.map((t) => ({
      role: t.role,
      clientOrderId: t.clientOrderId,
      orderId: t.orderId,
      status: t.status,
      requestedQty: str(t.requestedQty),
      cumQty: str(t.cumQty),
      cumQuote: str(t.cumQuote),
      lastEventTime: t.lastEventTime,
    })),
  };
}

/** Parse a persisted record back; any malformed field raises InvalidPositionRecord. */
export function fromPositionRecord(
  r: PositionRecord,
  dedupCapacity: number,
): { position: PositionState; tracks: OrderTrack[] } {
  const id = typeof r.id === 'string' && r.id.length > 0 ? r.id : '(no id)';
  const fail = (reason: string): never => {
    throw new InvalidPositionRecord(id, reason);
  };
  const num = (field: string, v: unknown): Decimal => {
    if (typeof v !== 'string') return fail(`${field} is not a decimal string`);
    try {
      const d = dec(v);
      return d.isFinite() ? d : fail(`${field} is not finite`);
    } catch {
      return fail(`${field} is not a decimal string: ${v}`);
    }
  };
  const optNum = (field: string, v: unknown): Decimal | null =>
    v === null || v === undefined ? null : num(field, v);
  if (id === '(no id)') fail('missing id');
  for (const field of ['tradeIntentId', 'symbol', 'baseAsset'] as const)
    if (typeof r[field] !== 'string' || r[field].length === 0) fail(`${field} is not a string`);
  for (const field of ['createdAt', 'updatedAt'] as const)
    if (!Number.isFinite(r[field])) fail(`${field} is not a timestamp`);
  if (!Side.safeParse(r.side).success) fail(`bad side ${String(r.side)}`);
  if (!PositionStatus.safeParse(r.status).success) fail(`bad status ${String(r.status)}`);
  if (!Array.isArray(r.orders)) fail('orders is not a list');
  const entry = r.orders[0];
  if (entry === undefined || entry.role !== 'ENTRY') fail('first order is not the entry');
  const p = new PositionState(
    id,
    r.tradeIntentId,
    r.symbol,
    r.side,
    r.baseAsset,
    entry!.clientOrderId,
    num('requestedQty', r.requestedQty),
    r.createdAt,
  );
  p.status = r.status;
  p.errorReason = r.errorReason ?? null;
  p.filledQty = num('filledQty', r.filledQty);
  p.exitedQty = num('exitedQty', r.exitedQty);
  p.openQty = num('openQty', r.openQty);
  p.costBasis = num('costBasis', r.costBasis);
  p.entryNotional = num('entryNotional', r.entryNotional);
  p.exitNotional = num('exitNotional', r.exitNotional);
  p.dustQty = num('dustQty', r.dustQty);
  p.dustCost = num('dustCost', r.dustCost);
  p.realizedPnl = num('realizedPnl', r.realizedPnl);
  p.commissionTotalQuote = num('commissionTotalQuote', r.commissionTotalQuote);
  for (const [asset, v] of Object.entries(r.commissionByAsset ?? {}))
    p.commissionByAsset.set(asset, num(`commissionByAsset.${asset}`, v));
  p.commissionApproximate = r.commissionApproximate === true;
  p.stopPrice = optNum('stopPrice', r.stopPrice);
  p.takeProfitPrice = optNum('takeProfitPrice', r.takeProfitPrice);
  p.trailingStopPrice = optNum('trailingStopPrice', r.trailingStopPrice);
  p.exitOverrides = readExitOverrides(r.exitOverrides, fail);
  p.tags = { ...r.tags };
  p.decisionId = r.decisionId ?? null;
  p.updatedAt = r.updatedAt;
  p.openedAt = r.openedAt ?? null;
  p.closedAt = r.closedAt ?? null;
  const tracks = r.orders.map((o, i) => {
    if (o.status !== null && !OrderStatus.safeParse(o.status).success) fail(`orders[${i}] bad status`);
    if (i > 0 && o.role !== 'EXIT') fail(`orders[${i}] is not an exit`);
    if (typeof o.clientOrderId !== 'string' || o.clientOrderId.length === 0)
      fail(`orders[${i}] has no clientOrderId`);
    const t = newOrderTrack(
      id,
      o.role,
      o.clientOrderId,
      num(`orders[${i}].requestedQty`, o.requestedQty),
      dedupCapacity,
    );
    t.orderId = o.orderId ?? null;
    t.status = o.status;
    t.cumQty = num(`orders[${i}].cumQty`, o.cumQty);
    t.cumQuote = num(`orders[${i}].cumQuote`, o.cumQuote);
    t.lastEventTime = Number.isFinite(o.lastEventTime) ? (o.lastEventTime as number) : 0;
    if (i === 0) p.entryOrderId = t.orderId;
    else {
      p.exitClientOrderIds.push(t.clientOrderId);
      if (t.orderId !== null) p.exitOrderIds.push(t.orderId);
    }
    return t;
  });
  return { position: p, tracks };
}

/** A stored trade's exit rules, checked against the config's bounds like the strategy's were. */
function readExitOverrides(v: unknown, fail: (reason: string) => never): ExitOverrides | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return fail('exitOverrides is not an object');
  const o = v as Record<string, unknown>;
  const field = (name: string): number | undefined => {
    const x = o[name];
    if (x === null || x === undefined) return undefined;
    return typeof x === 'number' ? x : fail(`exitOverrides.${name} is not a number`);
  };
  const trailing = field('trailingAtrMult');
  const maxHold = field('maxHoldingMin');
  const checked = checkExitOverrides({
    ...(trailing !== undefined ? { trailingAtrMult: trailing } : {}),
    ...(maxHold !== undefined ? { maxHoldingMin: maxHold } : {}),
  });
  return typeof checked === 'string' ? fail(`exitOverrides: ${checked}`) : checked;
}
