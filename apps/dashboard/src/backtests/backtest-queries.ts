import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import {
  BacktestListResponse,
  BacktestStartResponse,
  BacktestStrategiesResponse,
  type BacktestListResponse as ListBody,
  type BacktestRunSummary,
  type BacktestStartRequest,
} from '@aurora/contracts';
import type { ApiClient } from '../api/api-client';
import { useApi } from '../api/api-context';
import { mergeRun } from './backtest-model';

export const BACKTESTS_KEY = ['backtests'] as const;
export const BACKTEST_STRATEGIES_KEY = ['backtests', 'strategies'] as const;

export const backtestsQuery = (api: ApiClient) => ({
  queryKey: BACKTESTS_KEY,
  queryFn: ({ signal }: { signal?: AbortSignal }) => api.get('/backtests', BacktestListResponse, signal),
});

export const backtestStrategiesQuery = (api: ApiClient) => ({
  queryKey: BACKTEST_STRATEGIES_KEY,
  queryFn: ({ signal }: { signal?: AbortSignal }) => api.get('/backtests/strategies', BacktestStrategiesResponse, signal),
  staleTime: Infinity,
  meta: { static: true },
});

export function useBacktests() {
  const api = useApi();
  return useQuery(backtestsQuery(api));
}

export function useBacktestStrategies() {
  const api = useApi();
  return useQuery(backtestStrategiesQuery(api));
}

/** Start a run; the run it answers goes into the list at once (its progress follows over the WebSocket). */
export function startBacktest(api: ApiClient, queryClient: QueryClient, request: BacktestStartRequest) {
  return api.post('/backtests', request, BacktestStartResponse).then(({ run }) => {
    applyBacktestPush(queryClient, run);
    return run;
  });
}

export function useStartBacktest() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (request: BacktestStartRequest) => startBacktest(api, queryClient, request) });
}

/**
 * A `backtest` message from the WebSocket: the run's progress lands in the cached list; when it
 * ends, the list is read again so its stored figures are the server's.
 */
export function applyBacktestPush(queryClient: QueryClient, run: BacktestRunSummary): void {
  queryClient.setQueryData<ListBody>(BACKTESTS_KEY, (old) => ({ ...(old ?? {}), items: mergeRun(old?.items, run) }) as ListBody);
  if (run.status !== 'running') void queryClient.invalidateQueries({ queryKey: BACKTESTS_KEY, exact: true });
}

/**
 * The report page needs the token, which a plain link cannot send: fetch it, then show it in the
 * tab opened beforehand (opened on the click, so no popup blocker refuses it) as a blob. The page
 * forbids scripts itself, so the blob runs none.
 */
export async function openReport(api: ApiClient, id: string, target: Window | null): Promise<void> {
  try {
    const html = await api.getText(`/backtests/${encodeURIComponent(id)}/report.html`);
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
    if (target) target.location.href = url;
    else window.open(url, '_blank', 'noopener');
    // The tab has loaded it by then; the URL is not needed after.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) {
    target?.close();
    throw err;
  }
}
