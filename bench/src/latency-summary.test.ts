import { describe, expect, it } from 'vitest';
import { medianOf, summarizeLatency } from './latency-summary';

describe('summarizeLatency', () => {
  it('gives nearest-rank p50, p99 and max of nanosecond samples in microseconds', () => {
    // 1..100 µs in shuffled order: p50 is the 50th value, p99 the 99th.
    const samples = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1).map((us) => us * 1_000);
    expect(summarizeLatency(samples)).toEqual({ count: 100, p50Us: 50, p99Us: 99, maxUs: 100 });
  });

  it('reports a real observation, never an interpolation', () => {
    expect(summarizeLatency([1_000, 3_000]).p50Us).toBe(1);
  });

  it('keeps two decimals of a microsecond', () => {
    expect(summarizeLatency([1_234]).p50Us).toBe(1.23);
  });

  it('refuses an empty set of samples', () => {
    expect(() => summarizeLatency([])).toThrow(RangeError);
  });
});

describe('medianOf', () => {
  it('is the nearest-rank middle value', () => {
    expect(medianOf([0.9, 0.1, 0.5, 0.7])).toBe(0.5);
  });
});
