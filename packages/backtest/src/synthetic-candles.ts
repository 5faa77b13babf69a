import { syntheticBars } from '@aurora/exchange-sim';
import { CandleSeries, canonicalDecimal, decodeCandles, encodeCandles, type KlineRow } from '@aurora/history';

const MINUTE_MS = 60_000;

const decimalsOf = (step: string): number => {
  const dot = step.indexOf('.');
  return dot < 0 ? 0 : step.length - dot - 1;
};

/** A float of the model on the symbol's grid, in the catalog's canonical decimal form. */
const onGrid = (v: number, digits: number, min: number): string => {
  const fixed = Math.max(v, min).toFixed(digits);
  return canonicalDecimal(fixed) ?? fixed;
};

/**
 * `minutes` synthetic 1m candles per symbol starting at `startTime`, from the simulator's own
 * synthetic market (syntheticBars: regimes, correlated symbols, volume), rounded to each
 * symbol's tick and step and packed exactly as the catalog stores real history — so the replay
 * reads synthetic and real candles through one path. Deterministic in `seed`; prefix-stable.
 */
export function syntheticSeries(
  symbols: readonly string[],
  startTime: number,
  minutes: number,
  seed: number,
): CandleSeries[] {
  const start = Math.floor(startTime / MINUTE_MS) * MINUTE_MS;
  return syntheticBars(symbols, minutes, seed).map(({ symbol, tickSize, stepSize, bars }) => {
    const pd = decimalsOf(tickSize);
    const qd = decimalsOf(stepSize);
    const tick = Number(tickSize);
    const rows: KlineRow[] = bars.map((b, i) => {
      const open = Number(onGrid(b.open, pd, tick));
      const close = Number(onGrid(b.close, pd, tick));
      const high = Math.max(Number(onGrid(b.high, pd, tick)), open, close);
      const low = Math.min(Number(onGrid(b.low, pd, tick)), open, close);
      const volume = onGrid(b.volume, qd, 0);
      const quote = onGrid(Number(volume) * ((open + close) / 2), 8, 0);
      const takerBase = onGrid(Number(volume) / 2, qd, 0);
      const takerQuote = onGrid(Number(quote) / 2, 8, 0);
      const openTime = start + i * MINUTE_MS;
      return {
        openTime,
        closeTime: openTime + MINUTE_MS - 1,
        trades: Math.max(1, Math.round(Number(volume) / Number(stepSize) / 50)),
        values: [
          onGrid(open, pd, tick),
          onGrid(high, pd, tick),
          onGrid(low, pd, tick),
          onGrid(close, pd, tick),
          volume,
          quote,
          takerBase,
          takerQuote,
        ],
      };
    });
    const file = `synthetic:${symbol}:seed=${seed}`;
    const chunk = decodeCandles(encodeCandles(symbol, '1m', rows, file), file);
    return new CandleSeries(symbol, '1m', [{ chunk, from: 0, to: chunk.length }]);
  });
}
