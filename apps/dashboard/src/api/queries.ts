import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  CandlesResponse,
  ConfigResponse,
  ConfigSchemaResponse,
  ControlActionsResponse,
  DecisionResponse,
  DecisionsResponse,
  NotificationsResponse,
  OrdersResponse,
  PositionDetailResponse,
  PositionsResponse,
  TradesResponse,
  type DecisionQuery,
} from '@aurora/contracts';
import { useApi } from './api-context';

/*
 * REST reads. They are not polled: TruthProvider invalidates them when the pushed
 * state_version changes. `meta.static` marks reads that never change while the bot runs.
 */

export const PAGE_SIZE = 25;

function pageParams(offset: number, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  return params.toString();
}

export function useConfig() {
  const api = useApi();
  return useQuery({
    queryKey: ['config'],
    queryFn: ({ signal }) => api.get('/config', ConfigResponse, signal),
  });
}

export function useConfigSchema() {
  const api = useApi();
  return useQuery({
    queryKey: ['config-schema'],
    queryFn: ({ signal }) => api.get('/config/schema', ConfigSchemaResponse, signal),
    staleTime: Infinity,
    meta: { static: true },
  });
}

export function usePositionDetail(id: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['position', id],
    queryFn: ({ signal }) =>
      api.get(`/positions/${encodeURIComponent(id ?? '')}`, PositionDetailResponse, signal),
    enabled: id !== null,
  });
}

export function useDecision(id: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['decision', id],
    queryFn: ({ signal }) => api.get(`/decisions/${encodeURIComponent(id ?? '')}`, DecisionResponse, signal),
    enabled: id !== null,
  });
}

export function useOrders(offset: number, status: 'open' | 'all') {
  const api = useApi();
  return useQuery({
    queryKey: ['orders', status, offset],
    queryFn: ({ signal }) => api.get(`/orders?${pageParams(offset, { status })}`, OrdersResponse, signal),
    placeholderData: keepPreviousData,
  });
}

export function useTrades(offset: number) {
  const api = useApi();
  return useQuery({
    queryKey: ['trades', offset],
    queryFn: ({ signal }) => api.get(`/trades?${pageParams(offset)}`, TradesResponse, signal),
    placeholderData: keepPreviousData,
  });
}

export type DecisionFilter = Pick<DecisionQuery, 'outcome' | 'layer' | 'strategy'>;

export function useDecisions(offset: number, filter: DecisionFilter) {
  const api = useApi();
  return useQuery({
    queryKey: ['decisions', filter.outcome ?? null, filter.layer ?? null, filter.strategy ?? null, offset],
    queryFn: ({ signal }) =>
      api.get(
        `/decisions?${pageParams(offset, { outcome: filter.outcome, layer: filter.layer, strategy: filter.strategy })}`,
        DecisionsResponse,
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

/** Telegram and webhook health and the failed webhook deliveries; refetched with the truth like every read. */
export function useNotifications() {
  const api = useApi();
  return useQuery({
    queryKey: ['notifications'],
    queryFn: ({ signal }) => api.get('/notifications', NotificationsResponse, signal),
  });
}

export function useControlActions(offset: number) {
  const api = useApi();
  return useQuery({
    queryKey: ['control-actions', offset],
    queryFn: ({ signal }) =>
      api.get(`/control-actions?${pageParams(offset)}`, ControlActionsResponse, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCandles(symbol: string | null, limit = 120) {
  const api = useApi();
  return useQuery({
    queryKey: ['candles', symbol, limit],
    queryFn: ({ signal }) =>
      api.get(
        `/candles?${new URLSearchParams({ symbol: symbol ?? '', limit: String(limit) }).toString()}`,
        CandlesResponse,
        signal,
      ),
    enabled: symbol !== null,
    placeholderData: keepPreviousData,
  });
}

export function usePositionsPage(status: 'open' | 'closed' | 'all', offset: number) {
  const api = useApi();
  return useQuery({
    queryKey: ['positions', status, offset],
    queryFn: ({ signal }) =>
      api.get(`/positions?${pageParams(offset, { status })}`, PositionsResponse, signal),
    placeholderData: keepPreviousData,
  });
}
