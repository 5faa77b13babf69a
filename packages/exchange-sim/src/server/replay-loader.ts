import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKlineCsv, ReplayFormatError, type ReplayCandle } from '../engine/feeds/replay-feed';

/**
 * Loads a directory of Binance public-data kline CSVs. The symbol is the file name up to the
 * first '-' or '.', e.g. BTCUSDT-1m-2024-05-01.csv; several files of one symbol are merged.
 */
export function loadReplayDir(dir: string): Map<string, ReplayCandle[]> {
  const out = new Map<string, ReplayCandle[]>();
  const files = readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.csv'))
    .sort();
  for (const file of files) {
    const symbol = file.split(/[-.]/)[0]!.toUpperCase();
    const candles = parseKlineCsv(readFileSync(join(dir, file), 'utf8'), file);
    out.set(symbol, [...(out.get(symbol) ?? []), ...candles]);
  }
  if (out.size === 0) throw new ReplayFormatError(`no .csv kline files in ${dir}`);
  for (const [symbol, candles] of out) {
    candles.sort((a, b) => a.openTime - b.openTime);
    // Overlapping files would repeat minutes: keep one candle per open time.
    out.set(
      symbol,
      candles.filter((c, i) => i === 0 || c.openTime !== candles[i - 1]!.openTime),
    );
  }
  return out;
}
