import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  AuditResponse,
  ClosePositionResponse,
  ConfigResponse,
  ControlResponse,
  HeartbeatResponse,
  ReconcileResponse,
  type AccountMode,
  type RuntimeConfigPatch,
} from '@aurora/contracts';
import { useApi } from './api-context';

export type ControlVerb = 'pause' | 'resume' | 'kill';

export function useControl() {
  const api = useApi();
  return useMutation({
    mutationFn: ({ verb, reason }: { verb: ControlVerb; reason?: string }) =>
      api.post(`/control/${verb}`, reason ? { reason } : {}, ControlResponse),
  });
}

/** The breaker's own confirmed reset (the dialog is the confirmation; the body says so). */
export function useResetBreaker() {
  const api = useApi();
  return useMutation({
    mutationFn: ({ reason }: { reason?: string }) =>
      api.post(
        '/control/reset-breaker',
        reason ? { confirm: true, reason } : { confirm: true },
        ControlResponse,
      ),
  });
}

export function useAccountModeSwitch() {
  const api = useApi();
  return useMutation({
    mutationFn: ({ mode, confirm }: { mode: AccountMode; confirm?: string }) =>
      api.post(
        '/control/account-mode',
        confirm === undefined ? { mode } : { mode, confirm },
        ControlResponse,
      ),
  });
}

export function useClosePosition() {
  const api = useApi();
  return useMutation({
    mutationFn: ({ id, quantity }: { id: string; quantity?: string }) =>
      api.post(
        `/positions/${encodeURIComponent(id)}/close`,
        quantity ? { quantity, reason: 'dashboard' } : { reason: 'dashboard' },
        ClosePositionResponse,
      ),
  });
}

export function usePatchConfig() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: RuntimeConfigPatch) => api.patch('/config', patch, ConfigResponse),
    onSuccess: (data) => client.setQueryData(['config'], data),
  });
}

export function useReconcileNow() {
  const api = useApi();
  return useMutation({ mutationFn: () => api.post('/reconcile', {}, ReconcileResponse) });
}

/** POST /audit: the books audit now (its result also arrives in the snapshot's last_audit). */
export function useAuditNow() {
  const api = useApi();
  return useMutation({ mutationFn: () => api.post('/audit', {}, AuditResponse) });
}

export function useHeartbeatMutation() {
  const api = useApi();
  return useMutation({ mutationFn: () => api.post('/heartbeat', {}, HeartbeatResponse) });
}
