import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { AnomaliesResponse } from '@aurora/contracts';
import { useApi } from '../api/api-context';
import { useTruthState } from '../live/live-context';

/** The charts move slowly; refetching them on every pushed state (up to 1/s) would be waste. */
const REFRESH_BUCKET_MS = 10_000;

/**
 * GET /anomalies (every series with its points). Not invalidated on each state push: it is read
 * again when the pushed snapshot counts a new anomaly, and otherwise every 10 s of server time.
 */
export function useAnomalies() {
  const api = useApi();
  const { state } = useTruthState();
  const total = state?.observer.anomalies_total ?? null;
  const bucket = state === null ? null : Math.floor(state.truth.server_time / REFRESH_BUCKET_MS);
  return useQuery({
    queryKey: ['anomalies', total, bucket],
    queryFn: ({ signal }) => api.get('/anomalies', AnomaliesResponse, signal),
    placeholderData: keepPreviousData,
    meta: { static: true },
  });
}
