import { describe, expect, it } from 'vitest';
import { findGaps } from './gaps';

const MIN = 60_000;

describe('findGaps', () => {
  it('reports each hole of a fixed-step series with its first and last missing open time', () => {
    const t0 = Date.UTC(2024, 0, 1);
    expect(findGaps('1m', [t0, t0 + MIN, t0 + 5 * MIN, t0 + 6 * MIN, t0 + 8 * MIN])).toEqual([
      { from: t0 + 2 * MIN, to: t0 + 4 * MIN, missing: 3 },
      { from: t0 + 7 * MIN, to: t0 + 7 * MIN, missing: 1 },
    ]);
  });

  it('steps 1mo candles by the calendar', () => {
    const jan = Date.UTC(2024, 0, 1);
    const feb = Date.UTC(2024, 1, 1);
    const may = Date.UTC(2024, 4, 1);
    expect(findGaps('1mo', [jan, feb, may])).toEqual([
      { from: Date.UTC(2024, 2, 1), to: Date.UTC(2024, 3, 1), missing: 2 },
    ]);
  });

  it('finds nothing in a gapless series', () => {
    expect(
      findGaps(
        '1h',
        [0, 3_600_000, 7_200_000].map((x) => x + Date.UTC(2024, 0, 1)),
      ),
    ).toEqual([]);
  });
});
