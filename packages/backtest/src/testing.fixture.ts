import { canonicalDecimal, CandleSeries, decodeCandles, encodeCandles, type KlineRow } from '@aurora/history';

/** [open, high, low, close] per minute from `start`: a hand-written history for tests. */
export function seriesOf(symbol: string, start: number, ohlc: readonly (readonly string[])[]): CandleSeries {
  const rows: KlineRow[] = ohlc.map(([o, h, l, c], i) => ({
    openTime: start + i * 60_000,
    closeTime: start + i * 60_000 + 59_999,
    trades: 10,
    values: [o!, h!, l!, c!, '1', '50000', '0.5', '25000'].map((v) => canonicalDecimal(v) ?? v),
  }));
  const chunk = decodeCandles(encodeCandles(symbol, '1m', rows, 'test'), 'test');
  return new CandleSeries(symbol, '1m', [{ chunk, from: 0, to: chunk.length }]);
}
