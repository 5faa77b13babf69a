import { describe, expect, it } from 'vitest';
import { BacktestDataError, loadSeries } from './backtest-data';
import { cutSeries, seriesFromRows, seriesRows } from './series-rows';
import { syntheticSeries } from './synthetic-candles';

const FROM = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;

describe('series rows, cuts and the in-memory source', () => {
  const s = syntheticSeries(['BTCUSDT'], FROM, 120, 5)[0]!;

  it('rows round-trip exactly, and a cut holds only the candles opening in [from, to)', () => {
    const back = seriesFromRows('BTCUSDT', seriesRows(s), 'copy');
    expect(seriesRows(back)).toEqual(seriesRows(s));
    const cut = cutSeries(s, FROM + 10 * MINUTE, FROM + 30 * MINUTE + 1);
    expect(cut.length).toBe(21);
    expect(cut.openTime[0]).toBe(FROM + 10 * MINUTE);
    expect(cut.openTime[cut.length - 1]).toBe(FROM + 30 * MINUTE);
    expect(seriesRows(cut)).toEqual(seriesRows(s, 10, 31));
    expect(cutSeries(s, FROM + 500 * MINUTE, FROM + 600 * MINUTE).length).toBe(0);
  });

  it('the in-memory source gives the warm-up and the range, caps `to` at its data and names a missing symbol', () => {
    const data = { series: [s], label: 'memory' };
    const r = loadSeries(data, ['BTCUSDT'], { from: FROM + 20 * MINUTE, to: FROM + 200 * MINUTE }, 15);
    expect(r.dataSource).toBe('memory');
    expect(r.series[0]!.openTime[0]).toBe(FROM + 5 * MINUTE);
    expect(r.to).toBe(FROM + 120 * MINUTE);
    expect(() => loadSeries(data, ['ETHUSDT'], { from: FROM, to: FROM + MINUTE }, 0)).toThrow(BacktestDataError);
    expect(() => loadSeries(data, ['ETHUSDT'], { from: FROM, to: FROM + MINUTE }, 0)).toThrow(/memory has no ETHUSDT/);
  });
});
