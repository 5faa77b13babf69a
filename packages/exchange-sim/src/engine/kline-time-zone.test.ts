import { Dec } from '@aurora/core';
import { describe, expect, it } from 'vitest';
import { bucketEnd, bucketStart, flatCandle, KlineSeries, MINUTE_MS } from './klines';

const UTC8 = 8 * 3_600_000;
const HOUR = 3_600_000;

describe('kline buckets in UTC+8 (the @kline_<i>@+08:00 streams)', () => {
  it('open days, weeks and months at UTC+8 midnight, given and returned in UTC', () => {
    // 2026-01-01 20:00 UTC is 2026-01-02 04:00 in UTC+8.
    const t = Date.UTC(2026, 0, 1, 20);
    expect(bucketStart('1d', t, UTC8)).toBe(Date.UTC(2026, 0, 1, 16));
    expect(bucketEnd('1d', Date.UTC(2026, 0, 1, 16), UTC8)).toBe(Date.UTC(2026, 0, 2, 16) - 1);
    expect(bucketStart('1d', t)).toBe(Date.UTC(2026, 0, 1));
    // 2026-01-31 17:00 UTC is already February in UTC+8.
    expect(bucketStart('1M', Date.UTC(2026, 0, 31, 17), UTC8)).toBe(Date.UTC(2026, 0, 31, 16));
    expect(bucketEnd('1M', Date.UTC(2026, 0, 31, 16), UTC8)).toBe(Date.UTC(2026, 1, 28, 16) - 1);
    // Monday 2026-01-05 00:00 UTC+8 is Sunday 16:00 UTC.
    expect(bucketStart('1w', Date.UTC(2026, 0, 5, 3), UTC8)).toBe(Date.UTC(2026, 0, 4, 16));
    // 6h buckets shift by 2 h; 4h and shorter ones fall on the same grid as UTC.
    expect(bucketStart('6h', Date.UTC(2026, 0, 1, 1), UTC8)).toBe(Date.UTC(2025, 11, 31, 22));
    expect(bucketStart('4h', Date.UTC(2026, 0, 1, 5), UTC8)).toBe(Date.UTC(2026, 0, 1, 4));
  });

  it('the series closes a UTC+8 day on the minute before 16:00 UTC, not at UTC midnight', () => {
    const start = Date.UTC(2026, 0, 1, 15, 0);
    const series = new KlineSeries(200);
    series.seed(Array.from({ length: 120 }, (_, i) => flatCandle(start + i * MINUTE_MS, new Dec(100 + i))));
    const minuteBefore16 = Date.UTC(2026, 0, 1, 16) - 1;
    expect(series.closedOf('1d', minuteBefore16, UTC8)).toMatchObject({
      openTime: Date.UTC(2025, 11, 31, 16),
      closeTime: minuteBefore16,
    });
    expect(series.closedOf('1d', minuteBefore16)).toBeUndefined();
    expect(series.closedOf('1h', start + HOUR - 1)).toMatchObject({ openTime: start, trades: 0 });
    expect(series.currentOf('1d', UTC8)).toMatchObject({ openTime: Date.UTC(2026, 0, 1, 16) });
    expect(series.currentOf('1d')).toMatchObject({ openTime: Date.UTC(2026, 0, 1) });
  });
});
