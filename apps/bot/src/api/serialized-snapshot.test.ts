import { describe, expect, it } from 'vitest';
import type { StateSnapshot, Truth } from '@aurora/contracts';
import { SerializedSnapshot, SNAPSHOT_REUSE_MS } from './serialized-snapshot';

/** A state whose version, clock and ws sequence the test moves by hand. */
function rig() {
  const s = { version: 1, now: 1_000_000, wsSeq: 0, builds: 0, lag: 0 };
  const truth = (): Truth => ({ state_version: s.version, server_time: s.now, ws_sequence: s.wsSeq });
  const source = {
    state: {
      get stateVersion() {
        return s.version;
      },
      truth,
      now: () => s.now,
    },
    snapshot: () => {
      s.builds++;
      // Only the fields the cache must carry through; the rest of the snapshot is opaque to it.
      return {
        truth: truth(),
        ready: true,
        health: { event_loop_lag_ms: s.lag },
      } as unknown as StateSnapshot;
    },
  };
  return { s, cache: new SerializedSnapshot(source) };
}

const parse = (text: string) => JSON.parse(text) as { truth: Truth; health: { event_loop_lag_ms: number } };

describe('SerializedSnapshot', () => {
  it('never serves a stale state_version: a change rebuilds at once, inside the reuse window', () => {
    const { s, cache } = rig();
    expect(parse(cache.text()).truth.state_version).toBe(1);
    s.version = 2;
    s.lag = 7;
    s.now += 1;
    const body = parse(cache.text());
    expect([body.truth.state_version, body.health.event_loop_lag_ms, s.builds]).toEqual([2, 7, 2]);
  });

  it('builds once per version within the window, with a fresh truth in every body', () => {
    const { s, cache } = rig();
    cache.text();
    s.now += 40;
    s.wsSeq = 3;
    const body = parse(cache.text());
    expect(s.builds).toBe(1);
    expect(body.truth).toEqual({ state_version: 1, server_time: 1_000_040, ws_sequence: 3 });
  });

  it('rebuilds after the reuse window even when the version has not moved', () => {
    const { s, cache } = rig();
    cache.text();
    s.lag = 12;
    s.now += SNAPSHOT_REUSE_MS;
    expect(parse(cache.text()).health.event_loop_lag_ms).toBe(12);
    expect(s.builds).toBe(2);
  });

  it('gives the same JSON as serializing the snapshot itself, truth first', () => {
    const { cache } = rig();
    const text = cache.text();
    expect(text).toBe(
      JSON.stringify({
        truth: { state_version: 1, server_time: 1_000_000, ws_sequence: 0 },
        ready: true,
        health: { event_loop_lag_ms: 0 },
      }),
    );
  });
});
