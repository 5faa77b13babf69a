import { describe, expect, it } from 'vitest';
import { inMicroseconds, parseTimeUnit } from './time-unit';

describe('timeUnit', () => {
  it('accepts the four spellings Binance lists and nothing else', () => {
    expect(parseTimeUnit(null)).toBe('ms');
    expect(parseTimeUnit('MILLISECOND')).toBe('ms');
    expect(parseTimeUnit('millisecond')).toBe('ms');
    expect(parseTimeUnit('MICROSECOND')).toBe('us');
    expect(parseTimeUnit('microsecond')).toBe('us');
    expect(parseTimeUnit('Microsecond')).toBeUndefined();
    expect(parseTimeUnit('NANOSECOND')).toBeUndefined();
  });

  it('scales times to microseconds and leaves ids alone', () => {
    expect(inMicroseconds({ e: 'trade', E: 2, T: 3, t: 77, p: '1' })).toEqual({
      e: 'trade',
      E: 2000,
      T: 3000,
      t: 77,
      p: '1',
    });
    expect(inMicroseconds({ e: 'kline', E: 1, k: { t: 5, T: 6, f: 7, L: 8 } })).toEqual({
      e: 'kline',
      E: 1000,
      k: { t: 5000, T: 6000, f: 7, L: 8 },
    });
    expect(inMicroseconds([{ e: '24hrMiniTicker', E: 4 }])).toEqual([{ e: '24hrMiniTicker', E: 4000 }]);
    expect(inMicroseconds({ e: '24hrTicker', O: 1, C: 2, F: 3, L: 4 })).toEqual({
      e: '24hrTicker',
      O: 1000,
      C: 2000,
      F: 3,
      L: 4,
    });
    expect(inMicroseconds({ e: 'depthUpdate', E: 1, U: 5, u: 6 })).toEqual({
      e: 'depthUpdate',
      E: 1000,
      U: 5,
      u: 6,
    });
  });
});
