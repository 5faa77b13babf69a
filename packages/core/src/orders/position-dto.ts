import type { Decimal } from 'decimal.js';
import type { PositionDto } from '@aurora/contracts';
import { decString, ZERO } from '../money/decimal';
import type { ExitOverrides } from '../strategy/exits';
import type { Position } from './position';

const optStr = (d: Decimal | null): string | null => (d === null ? null : decString(d));

export function exitOverridesDto(o: ExitOverrides | null | undefined): PositionDto['exit_overrides'] {
  return o ? { trailing_atr_mult: o.trailingAtrMult, max_holding_min: o.maxHoldingMin } : null;
}

/**
 * The API/dashboard view of a position. The engine cannot know tca, placement_latency_ms,
 * ack_to_fill_ms and review_flag (execution and TCA own them): they are null here, for the
 * caller to fill in. unrealized_pnl is zero when no mark is given.
 */
export function positionToDto(p: Position, mark: Decimal | null = null): PositionDto {
  const commissionByAsset: Record<string, string> = {};
  for (const [asset, v] of p.commissionByAsset) commissionByAsset[asset] = decString(v);
  return {
    id: p.id,
    trade_intent_id: p.tradeIntentId,
    symbol: p.symbol,
    side: p.side,
    status: p.status,
    error_reason: p.errorReason,
    entry_order_id: p.entryOrderId,
    entry_client_order_id: p.entryClientOrderId,
    exit_order_ids: [...p.exitOrderIds],
    exit_client_order_ids: [...p.exitClientOrderIds],
    requested_qty: decString(p.requestedQty),
    filled_qty: decString(p.filledQty),
    exited_qty: decString(p.exitedQty),
    open_qty: decString(p.openQty),
    avg_entry_price: optStr(p.avgEntryPrice),
    avg_exit_price: optStr(p.avgExitPrice),
    mark_price: optStr(mark),
    realized_pnl: decString(p.realizedPnl),
    unrealized_pnl: decString(mark === null ? ZERO : p.unrealizedPnl(mark)),
    commission_total_quote: decString(p.commissionTotalQuote),
    commission_by_asset: commissionByAsset,
    commission_approximate: p.commissionApproximate,
    stop_price: optStr(p.stopPrice),
    take_profit_price: optStr(p.takeProfitPrice),
    trailing_stop_price: optStr(p.trailingStopPrice),
    exit_overrides: exitOverridesDto(p.exitOverrides),
    decision_id: p.decisionId,
    tags: { ...p.tags },
    tca: null,
    placement_latency_ms: null,
    ack_to_fill_ms: null,
    review_flag: null,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    opened_at: p.openedAt,
    closed_at: p.closedAt,
  };
}
