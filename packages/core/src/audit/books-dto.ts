import type { AuditBooksDto, AuditViolationDto } from '@aurora/contracts';
import { dec } from '../money/decimal';
import type { AuditBooks, AuditViolation } from './audit-input';

const decOrNull = (v: string | null) => (v === null ? null : dec(v));

/** The books as the API carries them (GET /audit/books) → the auditor's input. */
export function auditBooksFromDto(d: AuditBooksDto): AuditBooks {
  return {
    symbols: d.symbols.map((s) => ({ symbol: s.symbol, baseAsset: s.base_asset, stepSize: decOrNull(s.step_size) })),
    positions: d.positions.map((p) => ({
      id: p.id,
      symbol: p.symbol,
      side: p.side,
      status: p.status,
      entryClientOrderId: p.entry_client_order_id,
      exitClientOrderIds: p.exit_client_order_ids,
      filledQty: dec(p.filled_qty),
      exitedQty: dec(p.exited_qty),
      avgEntryPrice: decOrNull(p.avg_entry_price),
      avgExitPrice: decOrNull(p.avg_exit_price),
      openQty: dec(p.open_qty),
      updatedAt: p.updated_at,
      closedAt: p.closed_at,
    })),
    intents: d.intents.map((i) => ({
      id: i.id,
      symbol: i.symbol,
      positionId: i.position_id,
      status: i.intent_status,
      exchangeStatus: i.status,
      updatedAt: i.updated_at,
    })),
    riskReceipts: { horizon: d.risk_receipts.horizon, counts: d.risk_receipts.counts },
    baseline: Object.fromEntries(Object.entries(d.baseline).map(([a, v]) => [a, dec(v)])),
  };
}

/** The auditor's books → the API shape. */
export function auditBooksToDto(b: AuditBooks, at: number): AuditBooksDto {
  const s = (v: { toFixed(): string } | null) => (v === null ? null : v.toFixed());
  return {
    at,
    symbols: b.symbols.map((x) => ({ symbol: x.symbol, base_asset: x.baseAsset, step_size: s(x.stepSize) })),
    positions: b.positions.map((p) => ({
      id: p.id,
      symbol: p.symbol,
      side: p.side,
      status: p.status,
      entry_client_order_id: p.entryClientOrderId,
      exit_client_order_ids: [...p.exitClientOrderIds],
      filled_qty: p.filledQty.toFixed(),
      exited_qty: p.exitedQty.toFixed(),
      avg_entry_price: s(p.avgEntryPrice),
      avg_exit_price: s(p.avgExitPrice),
      open_qty: p.openQty.toFixed(),
      updated_at: p.updatedAt,
      closed_at: p.closedAt,
    })),
    intents: b.intents.map((i) => ({
      id: i.id,
      symbol: i.symbol,
      position_id: i.positionId,
      intent_status: i.status,
      status: i.exchangeStatus,
      updated_at: i.updatedAt,
    })),
    risk_receipts: { horizon: b.riskReceipts.horizon, counts: { ...b.riskReceipts.counts } },
    baseline: Object.fromEntries(Object.entries(b.baseline).map(([a, v]) => [a, v.toFixed()])),
  };
}

export const violationDto = (v: AuditViolation): AuditViolationDto => ({ ...v });
