import { candleNoise } from '@aurora/research';
import { CandleSeries, DECIMAL_FIELDS, canonicalDecimal, decodeCandles, encodeCandles, type KlineRow } from '@aurora/history';
import { Dec } from '@aurora/core';

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

/** The finest price step the series uses (its tick, as far as the data shows). */
function tickOf(s: CandleSeries): Dec {
  let dp = 0;
  const n = Math.min(s.length, 5_000);
  for (let i = 0; i < n; i++)
    for (const f of ['open', 'high', 'low', 'close'] as const) {
      const t = s.decimalString(f, i);
      const dot = t.indexOf('.');
      if (dot >= 0) dp = Math.max(dp, t.length - dot - 1);
    }
  return new Dec(1).div(new Dec(10).pow(dp));
}

/**
 * The series with candle noise (research's candleNoise: each price × (1 + σ·z), candles kept
 * valid, rounded onto the series' tick); volume, times and counts are kept.
 */
export function noisySeries(s: CandleSeries, sigmaBps: number, seed: number): CandleSeries {
  const klines = Array.from({ length: s.length }, (_, i) => s.kline(i));
  const noisy = candleNoise(klines, { sigmaBps, seed, tickSize: tickOf(s) });
  const rows = seriesRows(s);
  noisy.forEach((k, i) => {
    const r = rows[i] as KlineRow;
    const price = (d: Dec) => canonicalDecimal(d.toFixed()) ?? d.toFixed();
    r.values = [price(k.open), price(k.high), price(k.low), price(k.close), ...r.values.slice(4)];
  });
  return seriesFromRows(s.symbol, rows, `noise:${s.symbol}:${sigmaBps}bps:seed=${seed}`);
}
