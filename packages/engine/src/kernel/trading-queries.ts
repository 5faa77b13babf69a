import type { DecisionEnvelope, DecisionQuery, OrderDto, PositionDto, TradeDto } from '@aurora/contracts';
import {
  Dec,
  ackToFirstFillMs,
  intentToOrderDto,
  placementLatencyMs,
  exitOverridesDto,
  positionToDto,
  type Position,
  type PositionRecord,
  type TradeIntent,
} from '@aurora/core';
import type { Engines } from './engines';
import type { MarketData } from './market-data';
import type { KernelStore, Page as PageResult } from '../kernel-deps';

export interface QuerySources {
  engines: Engines;
  market: MarketData;
  repo: KernelStore;
  reviewFlags: Map<string, string>;
}

const page = <T>(all: T[], limit: number, offset: number): PageResult<T> => ({ items: all.slice(offset, offset + limit), total: all.length });

/** A position as the API shows it: the engine's view plus mark, TCA, latency and review flag. */
export function positionDto(s: QuerySources, p: Position): PositionDto {
  const dto = positionToDto(p, s.market.mark(p.symbol));
  const entry = s.engines.intents.get(p.tradeIntentId);
  dto.tca = s.engines.tca.dto(p.id);
  dto.placement_latency_ms = entry ? placementLatencyMs(entry) : null;
  dto.ack_to_fill_ms = entry ? ackToFirstFillMs(entry) : null;
  dto.review_flag = s.reviewFlags.get(p.id) ?? null;
  return dto;
}

/** A finished position no longer in memory, from its stored record. */
function storedPositionDto(r: PositionRecord): PositionDto {
  const filled = r.filledQty;
  const entry = r.orders.find((o) => o.role === 'ENTRY');
  const exits = r.orders.filter((o) => o.role !== 'ENTRY');
  const avg = (notional: string, qty: string) => (new Dec(qty).isZero() ? null : new Dec(notional).div(qty).toFixed());
  return {
    id: r.id,
    trade_intent_id: r.tradeIntentId,
    symbol: r.symbol,
    side: r.side,
    status: r.status,
    error_reason: r.errorReason,
    entry_order_id: entry?.orderId ?? null,
    entry_client_order_id: entry?.clientOrderId ?? r.tradeIntentId,
    exit_order_ids: exits.map((o) => o.orderId).filter((x): x is string => x !== null),
    exit_client_order_ids: exits.map((o) => o.clientOrderId),
    requested_qty: r.requestedQty,
    filled_qty: filled,
    exited_qty: r.exitedQty,
    open_qty: r.openQty,
    avg_entry_price: avg(r.entryNotional, r.filledQty),
    avg_exit_price: avg(r.exitNotional, r.exitedQty),
    mark_price: null,
    realized_pnl: r.realizedPnl,
    unrealized_pnl: '0',
    commission_total_quote: r.commissionTotalQuote,
    commission_by_asset: r.commissionByAsset,
    commission_approximate: r.commissionApproximate,
    stop_price: r.stopPrice,
    take_profit_price: r.takeProfitPrice,
    trailing_stop_price: r.trailingStopPrice,
    exit_overrides: exitOverridesDto(r.exitOverrides),
    decision_id: r.decisionId,
    tags: r.tags,
    tca: null,
    placement_latency_ms: null,
    ack_to_fill_ms: null,
    review_flag: null,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    opened_at: r.openedAt,
    closed_at: r.closedAt,
  };
}

export function queryPositions(s: QuerySources, q: { status: 'open' | 'closed' | 'all'; limit: number; offset: number }): PageResult<PositionDto> {
  if (q.status === 'open') {
    const open = s.engines.positions.getOpenPositions().map((p) => positionDto(s, p));
    return page(open.sort((a, b) => b.created_at - a.created_at), q.limit, q.offset);
  }
  // Every position is persisted on every change, so the database holds the whole history; the
  // live engine's view (mark, unrealized PnL, TCA) is used for those it still holds.
  const { items, total } = s.repo.pagePositionRecords(q.status === 'all' ? 'all' : 'finished', q.limit, q.offset);
  return {
    items: items.map((rec) => {
      const live = s.engines.positions.getPosition(rec.id);
      return live ? positionDto(s, live) : storedPositionDto(rec);
    }),
    total,
  };
}

export function queryPosition(s: QuerySources, id: string): { position: PositionDto; decision: DecisionEnvelope | null; orders: OrderDto[]; trades: TradeDto[] } | null {
  const live = s.engines.positions.getPosition(id);
  let position: PositionDto | null = live ? positionDto(s, live) : null;
  if (!position) {
    const rec = s.repo.positionRecord(id);
    position = rec ? storedPositionDto(rec) : null;
  }
  if (!position) return null;
  const intents = new Map<string, TradeIntent>();
  for (const i of s.engines.intents.byPosition(id)) intents.set(i.id, i);
  const entry = s.engines.intents.get(position.trade_intent_id);
  if (entry) intents.set(entry.id, entry);
  const orders = [...intents.values()].sort((a, b) => a.createdAt - b.createdAt).map(intentToOrderDto);
  return {
    position,
    decision: position.decision_id ? s.repo.decision(position.decision_id) : null,
    orders,
    trades: s.repo.fillsByPosition(id),
  };
}

export function queryOrders(s: QuerySources, q: { status: 'open' | 'all'; symbol?: string; limit: number; offset: number }): PageResult<OrderDto> {
  if (q.status === 'open') {
    const open = s.engines.intents
      .listOpen()
      .filter((i) => !q.symbol || i.symbol === q.symbol)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map(intentToOrderDto);
    return page(open, q.limit, q.offset);
  }
  const { items, total } = s.engines.intents.page(q.limit, q.offset, q.symbol);
  return { items: items.map(intentToOrderDto), total };
}

export function queryDecisions(s: QuerySources, q: DecisionQuery): PageResult<DecisionEnvelope> {
  return s.repo.pageDecisions(q);
}
