import type { StateSnapshot, Truth } from '@aurora/contracts';

export interface SnapshotSource {
  snapshot(): StateSnapshot;
  state: { readonly stateVersion: number; truth(): Truth; now(): number };
}

/**
 * How long a serialized snapshot may be reused while state_version has not moved. Some figures
 * change without a version bump (event-loop lag, rate-limit counters, stream ages); this bounds
 * how old they can be, and matches the WebSocket's 100 ms push coalescing.
 */
export const SNAPSHOT_REUSE_MS = 100;

/**
 * GET /state's body, serialized at most once per state_version (and per SNAPSHOT_REUSE_MS).
 * Building and stringifying the whole truth costs far more than sending it; at 1,000 requests/s
 * rebuilding it per request is most of the latency. The truth object is always fresh (the
 * current state_version, server_time and ws_sequence), spliced in front of the cached rest, so a
 * response never carries a stale state_version and its headers and body agree.
 */
export class SerializedSnapshot {
  private cached: { version: number; at: number; rest: string } | null = null;

  constructor(private readonly source: SnapshotSource) {}

  /** The JSON text of the current snapshot. */
  text(): string {
    const { state } = this.source;
    const now = state.now();
    let c = this.cached;
    if (c === null || c.version !== state.stateVersion || now - c.at >= SNAPSHOT_REUSE_MS || now < c.at) {
      const snap = this.source.snapshot();
      // Everything but truth, as `{"started_at":…}`; truth is rendered per response below.
      const rest = JSON.stringify({ ...snap, truth: undefined });
      c = { version: snap.truth.state_version, at: now, rest };
      this.cached = c;
    }
    const truth = state.truth();
    // Between the version check and here nothing can run (one thread, no await), so the
    // cached body is of exactly this state_version.
    return `{"truth":${JSON.stringify(truth)}${c.rest.length > 2 ? `,${c.rest.slice(1)}` : '}'}`;
  }
}
