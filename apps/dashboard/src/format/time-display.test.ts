import { describe, expect, it } from 'vitest';
import { formatClock, formatDateTime, formatDuration } from './time-display';

describe('time display', () => {
  it('shows server timestamps in UTC', () => {
    const t = Date.UTC(2026, 10, 25, 7, 5, 9);
    expect(formatClock(t)).toBe('07:05:09');
    expect(formatDateTime(t)).toBe('2026-11-25 07:05:09');
  });

  it('writes durations compactly at each scale', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_400)).toBe('12.4 s');
    expect(formatDuration(185_000)).toBe('3 m 05 s');
    expect(formatDuration(7_620_000)).toBe('2 h 07 m');
    expect(formatDuration(273_600_000)).toBe('3 d 04 h');
    expect(formatDuration(-50)).toBe('0 ms');
  });
});
