import { createContext, useContext, useSyncExternalStore } from 'react';
import type { StateSnapshot } from '@aurora/contracts';
import type { LiveState, LiveStore } from './live-store';

export interface LiveContextValue {
  store: LiveStore;
  reconnectNow: () => void;
}

export const LiveContext = createContext<LiveContextValue | null>(null);

function useLiveContext(): LiveContextValue {
  const value = useContext(LiveContext);
  if (!value) throw new Error('useTruthState must be used inside <TruthProvider>');
  return value;
}

export function useLiveState(): LiveState {
  const { store } = useLiveContext();
  return useSyncExternalStore(store.subscribe, store.getState);
}

export interface TruthState {
  /** The last known StateSnapshot; kept while the link is down. */
  state: StateSnapshot | null;
  /** True until the first snapshot arrives. */
  loading: boolean;
  /** Why no snapshot is available (only when there is none). */
  error: string | null;
  connected: boolean;
  retry: () => void;
}

/** The typed state every component reads. */
export function useTruthState(): TruthState {
  const { reconnectNow } = useLiveContext();
  const live = useLiveState();
  const connected = live.connection.status === 'open';
  const failed = live.connection.attempt > 0 || live.connection.status === 'unauthorized';
  return {
    state: live.snapshot,
    loading: live.snapshot === null && !failed,
    error:
      live.snapshot === null && failed
        ? (live.connection.lastError ?? 'The live feed is not connected')
        : null,
    connected,
    retry: reconnectNow,
  };
}
