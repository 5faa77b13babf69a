import type { StateSnapshot } from '@aurora/contracts';
import type { ConnectionInfo } from './truth-socket';

export interface LiveState {
  snapshot: StateSnapshot | null;
  seq: number | null;
  /** Local wall-clock time the snapshot arrived, to advance the server clock between pushes. */
  receivedAt: number | null;
  connection: ConnectionInfo;
  /** Last ping/pong round trip measured by this dashboard. */
  latencyMs: number | null;
  badMessages: number;
  lastBadMessage: string | null;
}

export const INITIAL_LIVE_STATE: LiveState = {
  snapshot: null,
  seq: null,
  receivedAt: null,
  connection: { status: 'connecting', attempt: 0, nextAttemptAt: null, lastError: null },
  latencyMs: null,
  badMessages: 0,
  lastBadMessage: null,
};

/** A tiny external store: React reads it with useSyncExternalStore, the socket writes it. */
export class LiveStore {
  private state: LiveState = INITIAL_LIVE_STATE;
  private readonly listeners = new Set<() => void>();

  readonly getState = (): LiveState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(patch: Partial<LiveState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
