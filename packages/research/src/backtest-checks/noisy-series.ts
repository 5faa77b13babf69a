import { seriesFromRows, seriesRows } from '@aurora/backtest';
import { Dec } from '@aurora/core';
import { canonicalDecimal, type CandleSeries, type KlineRow } from '@aurora/history';
import { candleNoise } from '../robustness/candle-noise';

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
