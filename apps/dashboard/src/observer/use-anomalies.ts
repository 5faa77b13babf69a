import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { AnomaliesResponse } from '@aurora/contracts';
import { useApi } from '../api/api-context';

/** GET /anomalies: refreshed when the pushed state moves (TruthProvider invalidates at most 1/s). */
export function useAnomalies() {
  const api = useApi();
  return useQuery({
    queryKey: ['anomalies'],
    queryFn: ({ signal }) => api.get('/anomalies', AnomaliesResponse, signal),
    placeholderData: keepPreviousData,
  });
}
