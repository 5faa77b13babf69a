import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ResearchApplyResponse,
  ResearchDetailResponse,
  ResearchListResponse,
  ResearchTrialBacktestResponse,
  type ResearchApplyRequest,
  type ResearchRunDetail,
} from '@aurora/contracts';
import type { ApiClient } from '../api/api-client';
import { useApi } from '../api/api-context';
import { applyBacktestPush } from '../backtests/backtest-queries';

export const RESEARCH_KEY = ['research'] as const;
const runKey = (id: string) => ['research', 'run', id] as const;

export const researchRunsQuery = (api: ApiClient) => ({
  queryKey: RESEARCH_KEY,
  queryFn: ({ signal }: { signal?: AbortSignal }) => api.get('/research/runs', ResearchListResponse, signal),
});

/** The optimizer writes the store from a terminal: a run in progress is read again every few seconds. */
const LIVE_MS = 4_000;

export function useResearchRuns() {
  const api = useApi();
  return useQuery({
    ...researchRunsQuery(api),
    refetchInterval: (q) => (q.state.data?.items.some((r) => r.status === 'running') ? LIVE_MS : false),
  });
}

const busy = (d: ResearchRunDetail | undefined): boolean =>
  d !== undefined && (d.run.status === 'running' || d.trials.some((t) => t.report?.status === 'running'));

export function useResearchRun(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: runKey(id),
    queryFn: ({ signal }: { signal?: AbortSignal }) =>
      api.get(`/research/runs/${encodeURIComponent(id)}`, ResearchDetailResponse, signal),
    refetchInterval: (q) => (busy(q.state.data) ? LIVE_MS : false),
  });
}

const trialPath = (runId: string, n: number, action: 'backtest' | 'apply') =>
  `/research/runs/${encodeURIComponent(runId)}/trials/${n}/${action}`;

/** The trial's report: the bot backtests its spec (or answers the backtest it already has). */
export function useTrialBacktest(runId: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (n: number) => api.post(trialPath(runId, n, 'backtest'), {}, ResearchTrialBacktestResponse),
    onSuccess: ({ run }) => {
      applyBacktestPush(client, run);
      void client.invalidateQueries({ queryKey: runKey(runId) });
    },
  });
}

export function useApplyTrial(runId: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ n, body }: { n: number; body: ResearchApplyRequest }) =>
      api.post(trialPath(runId, n, 'apply'), body, ResearchApplyResponse),
    // Settings shows the same config: it must not show the one from before.
    onSuccess: (data) => client.setQueryData(['config'], { config: data.config, truth: data.truth }),
  });
}
