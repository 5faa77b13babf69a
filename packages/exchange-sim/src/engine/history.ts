import { Dec } from '@aurora/core';
import type { HistoryBar } from './feeds/price-feed';
import { bucketStart, MINUTE_MS, type Candle } from './klines';
import type { SymbolSpec } from './symbol-catalog';

/**
 * Turns a feed's warm-up bars into finished 1m candles ending just before the current minute,
 * prices on the symbol's tick and volumes on its step, so klines look like a real history.
 */
export function buildHistory(
  bars: Map<string, HistoryBar[]>,
  specs: SymbolSpec[],
  now: number,
): Map<string, Candle[]> {
  const currentMinute = bucketStart('1m', now);
  const out = new Map<string, Candle[]>();
  for (const spec of specs) {
    const list = bars.get(spec.symbol) ?? [];
    const tick = spec.tickSize;
    const price = (v: number) => {
      const p = new Dec(v.toPrecision(15)).toNearest(tick, Dec.ROUND_HALF_UP);
      return p.gt(0) ? p : tick;
    };
    const candles: Candle[] = list.map((bar, i) => {
      const openTime = currentMinute - (list.length - i) * MINUTE_MS;
      const open = price(bar.open);
      const close = price(bar.close);
      const high = Dec.max(price(bar.high), open, close);
      const low = Dec.min(price(bar.low), open, close);
      const volume = new Dec(bar.volume.toFixed(8)).toNearest(spec.stepSize, Dec.ROUND_DOWN);
      const typical = high.plus(low).plus(close).div(3);
      const quoteVolume = volume.times(typical).toDecimalPlaces(8, Dec.ROUND_DOWN);
      // Roughly half the volume taker-bought; the exact share follows the candle's direction.
      const buyShare = close.gte(open) ? new Dec('0.55') : new Dec('0.45');
      const takerBuyVolume = volume.times(buyShare).toNearest(spec.stepSize, Dec.ROUND_DOWN);
      const trades = volume.isZero()
        ? 0
        : Math.max(1, Math.round(volume.div(spec.levelQty).times(12).toNumber()));
      return {
        openTime,
        closeTime: openTime + MINUTE_MS - 1,
        open,
        high,
        low,
        close,
        volume,
        quoteVolume,
        takerBuyVolume,
        takerBuyQuoteVolume: takerBuyVolume.times(typical).toDecimalPlaces(8, Dec.ROUND_DOWN),
        trades,
        firstTradeId: -1,
        lastTradeId: -1,
      };
    });
    out.set(spec.symbol, candles);
  }
  return out;
}
