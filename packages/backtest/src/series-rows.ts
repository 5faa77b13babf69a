import { CandleSeries, DECIMAL_FIELDS, decodeCandles, encodeCandles, type KlineRow } from '@aurora/history';

/** The rows [fromIndex, toIndex) of a series, exact (the decimal strings of the file they came from). */
export function seriesRows(s: CandleSeries, fromIndex = 0, toIndex = s.length): KlineRow[] {
  const rows: KlineRow[] = [];
  for (let i = fromIndex; i < toIndex; i++)
    rows.push({
      openTime: s.openTime[i] as number,
      closeTime: s.closeTime[i] as number,
      trades: s.trades[i] as number,
      values: DECIMAL_FIELDS.map((f) => s.decimalString(f, i)),
    });
  return rows;
}

/** A series packed from rows exactly as the catalog stores them (one path for every source). */
export function seriesFromRows(symbol: string, rows: KlineRow[], label: string): CandleSeries {
  const chunk = decodeCandles(encodeCandles(symbol, '1m', rows, label), label);
  return new CandleSeries(symbol, '1m', [{ chunk, from: 0, to: chunk.length }]);
}

const lowerBound = (a: Float64Array, t: number): number => {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** A new series holding only the candles opening in [from, to): later candles are gone, not hidden. */
export function cutSeries(s: CandleSeries, from: number, to: number): CandleSeries {
  return seriesFromRows(s.symbol, seriesRows(s, lowerBound(s.openTime, from), lowerBound(s.openTime, to)), `cut:${s.symbol}`);
}
