import { describe, expect, it } from 'vitest';
import { SUMMARY_LEAD_MS, msUntilDailySummary } from './daily-summary';

const at = (iso: string) => Date.parse(iso);

describe('daily summary time', () => {
  it('is one minute before the UTC trading day ends', () => {
    expect(msUntilDailySummary(at('2026-12-01T12:00:00Z'), 0)).toBe(at('2026-12-01T23:59:00Z') - at('2026-12-01T12:00:00Z'));
  });

  it('moves to the next day once this day’s summary time has passed', () => {
    const now = at('2026-12-01T23:59:30Z');
    expect(now + msUntilDailySummary(now, 0)).toBe(at('2026-12-02T23:59:00Z'));
  });

  it('follows the trading-day offset (a day starting 08:00 UTC is summarised at 07:59 UTC)', () => {
    // offset +480 min: the trading day starts at 00:00 UTC+8 = 16:00 UTC the day before.
    const now = at('2026-12-01T10:00:00Z');
    expect(now + msUntilDailySummary(now, 480)).toBe(at('2026-12-01T16:00:00Z') - SUMMARY_LEAD_MS);
    expect(now + msUntilDailySummary(now, -480)).toBe(at('2026-12-02T08:00:00Z') - SUMMARY_LEAD_MS);
  });
});
