import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyTracker } from './latency-tracker';
import { InvalidLatencySample } from './safety-errors';

const config = { window: 100, p95_threshold_ms: 750 };

/** Record the same placement latency n times. */
function feed(tracker: LatencyTracker, symbol: string, ms: number, n: number): void {
  for (let i = 0; i < n; i += 1) tracker.recordPlacement(symbol, ms);
}

describe('LatencyTracker', () => {
  it('reports nearest-rank p50/p95/p99 of placement and ack→fill per symbol', () => {
    const tracker = new LatencyTracker(config);
    for (let ms = 1; ms <= 100; ms += 1) {
      tracker.recordPlacement('BTCUSDT', ms);
      tracker.recordAckToFill('BTCUSDT', ms * 2);
    }
    tracker.recordPlacement('ETHUSDT', 40);
    expect(tracker.snapshot()).toEqual([
      {
        symbol: 'BTCUSDT',
        samples: 100,
        placement_p50_ms: 50,
        placement_p95_ms: 95,
        placement_p99_ms: 99,
        ack_to_fill_p50_ms: 100,
        ack_to_fill_p95_ms: 190,
        ack_to_fill_p99_ms: 198,
        paused: false,
        reason: null,
      },
      {
        symbol: 'ETHUSDT',
        samples: 1,
        placement_p50_ms: 40,
        placement_p95_ms: 40,
        placement_p99_ms: 40,
        ack_to_fill_p50_ms: null,
        ack_to_fill_p95_ms: null,
        ack_to_fill_p99_ms: null,
        paused: false,
        reason: null,
      },
    ]);
  });

  it('pauses only the symbol whose placement p95 exceeds the threshold, with a reason', () => {
    const tracker = new LatencyTracker(config);
    feed(tracker, 'BTCUSDT', 100, 95);
    feed(tracker, 'ETHUSDT', 100, 20);
    // Five slow orders in a hundred sit above rank 95: p95 is still a 100 ms order.
    for (let i = 0; i < 5; i += 1) {
      expect(tracker.recordPlacement('BTCUSDT', 900)).toEqual({ ok: true, transition: null });
    }
    expect(tracker.recordPlacement('BTCUSDT', 900)).toEqual({ ok: true, transition: 'PAUSED' });
    expect(tracker.isPaused('BTCUSDT')).toBe(true);
    expect(tracker.isPaused('ETHUSDT')).toBe(false);
    expect(tracker.pauseReason('BTCUSDT')).toBe(
      'placement p95 900 ms > 750 ms over the last 100 orders; entries resume when p95 ≤ 600 ms',
    );
    expect(tracker.pausedSymbols()).toEqual(['BTCUSDT']);
    expect(tracker.stats('BTCUSDT')).toMatchObject({ paused: true, placement_p95_ms: 900 });
  });

  it('does not pause at a p95 exactly equal to the threshold', () => {
    const tracker = new LatencyTracker(config);
    feed(tracker, 'BTCUSDT', 750, 30);
    expect(tracker.isPaused('BTCUSDT')).toBe(false);
    tracker.recordPlacement('BTCUSDT', 750.5);
    feed(tracker, 'BTCUSDT', 751, 2);
    expect(tracker.isPaused('BTCUSDT')).toBe(true);
  });

  it('waits for minSamples before one slow order can pause a symbol', () => {
    const tracker = new LatencyTracker(config, { minSamples: 10 });
    feed(tracker, 'BTCUSDT', 2000, 9);
    expect(tracker.isPaused('BTCUSDT')).toBe(false);
    expect(tracker.recordPlacement('BTCUSDT', 2000)).toEqual({ ok: true, transition: 'PAUSED' });
  });

  it('stays paused between threshold × 0.8 and the threshold, resumes at ≤ 600 ms (hysteresis)', () => {
    const tracker = new LatencyTracker({ window: 10, p95_threshold_ms: 750 });
    feed(tracker, 'BTCUSDT', 1000, 10);
    expect(tracker.isPaused('BTCUSDT')).toBe(true);
    // The window turns over to 700 ms orders: below the threshold but above the resume level.
    feed(tracker, 'BTCUSDT', 700, 10);
    expect(tracker.isPaused('BTCUSDT')).toBe(true);
    expect(tracker.pauseReason('BTCUSDT')).toBe(
      'placement p95 700 ms over the last 10 orders (threshold 750 ms); entries resume when p95 ≤ 600 ms',
    );
    feed(tracker, 'BTCUSDT', 601, 10);
    expect(tracker.isPaused('BTCUSDT')).toBe(true);
    feed(tracker, 'BTCUSDT', 600, 9);
    expect(tracker.isPaused('BTCUSDT')).toBe(true);
    expect(tracker.recordPlacement('BTCUSDT', 600)).toEqual({ ok: true, transition: 'RESUMED' });
    expect(tracker.isPaused('BTCUSDT')).toBe(false);
    expect(tracker.pauseReason('BTCUSDT')).toBeNull();
  });

  it('never pauses on slow ack→fill (a resting LIMIT order measures the market)', () => {
    const tracker = new LatencyTracker(config);
    feed(tracker, 'BTCUSDT', 50, 20);
    for (let i = 0; i < 20; i += 1) tracker.recordAckToFill('BTCUSDT', 120_000);
    expect(tracker.isPaused('BTCUSDT')).toBe(false);
  });

  it('refuses negative, non-finite and too-many-symbol samples without changing state', () => {
    const tracker = new LatencyTracker(config, { maxSymbols: 1 });
    const negative = tracker.recordPlacement('BTCUSDT', -3);
    expect(negative.ok).toBe(false);
    expect(!negative.ok && negative.error).toBeInstanceOf(InvalidLatencySample);
    expect(!negative.ok && negative.error.code).toBe('NEGATIVE');
    const nan = tracker.recordAckToFill('BTCUSDT', Number.NaN);
    expect(!nan.ok && nan.error.code).toBe('NOT_FINITE');
    expect(tracker.snapshot()).toEqual([]);
    expect(tracker.recordPlacement('BTCUSDT', 10).ok).toBe(true);
    const extra = tracker.recordPlacement('ETHUSDT', 10);
    expect(!extra.ok && extra.error.code).toBe('TOO_MANY_SYMBOLS');
    expect(tracker.rejectedSamples).toBe(3);
    expect(tracker.snapshot().map((s) => s.symbol)).toEqual(['BTCUSDT']);
  });

  it('re-evaluates pauses when the threshold changes and keeps the newest samples when the window shrinks', () => {
    const tracker = new LatencyTracker(config);
    feed(tracker, 'BTCUSDT', 500, 50);
    feed(tracker, 'BTCUSDT', 100, 10);
    expect(tracker.updateConfig({ window: 100, p95_threshold_ms: 400 })).toEqual([
      { symbol: 'BTCUSDT', transition: 'PAUSED' },
    ]);
    // Shrinking to the newest 10 samples (all 100 ms) lets p95 fall under 400 × 0.8.
    expect(tracker.updateConfig({ window: 10, p95_threshold_ms: 400 })).toEqual([
      { symbol: 'BTCUSDT', transition: 'RESUMED' },
    ]);
    expect(tracker.stats('BTCUSDT')).toMatchObject({ samples: 10, placement_p95_ms: 100 });
  });

  it('lifts a pause when an operator clears the symbol', () => {
    const tracker = new LatencyTracker({ window: 10, p95_threshold_ms: 750 });
    feed(tracker, 'BTCUSDT', 5000, 10);
    tracker.clear('BTCUSDT');
    expect(tracker.isPaused('BTCUSDT')).toBe(false);
    expect(tracker.stats('BTCUSDT')).toBeNull();
  });

  it('property: the sample count never exceeds the window and percentiles stay ordered', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 40 }),
        fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 150 }),
        (window, samples) => {
          const tracker = new LatencyTracker({ window, p95_threshold_ms: 750 });
          for (const ms of samples) tracker.recordPlacement('BTCUSDT', ms);
          const stats = tracker.stats('BTCUSDT');
          if (samples.length === 0) {
            expect(stats).toBeNull();
            return;
          }
          expect(stats!.samples).toBe(Math.min(window, samples.length));
          expect(stats!.placement_p50_ms!).toBeLessThanOrEqual(stats!.placement_p95_ms!);
          expect(stats!.placement_p95_ms!).toBeLessThanOrEqual(stats!.placement_p99_ms!);
        },
      ),
    );
  });
});
