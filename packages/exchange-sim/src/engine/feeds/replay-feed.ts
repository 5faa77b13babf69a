import type { FeedTick, HistoryBar, PriceFeed } from './price-feed';

export interface ReplayCandle {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export class ReplayFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayFormatError';
  }
}

/**
 * Parses Binance public-data kline CSV (open_time,open,high,low,close,volume,close_time,
 * quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore). A header row is skipped;
 * open times in microseconds (public data since 2025) are converted to milliseconds.
 */
export function parseKlineCsv(text: string, source = 'csv'): ReplayCandle[] {
  const out: ReplayCandle[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const cols = line.split(',');
    if (i === 0 && !/^\d/.test(cols[0] ?? '')) continue;
    if (cols.length < 6) throw new ReplayFormatError(`${source}:${i + 1}: expected at least 6 columns`);
    const nums = cols.slice(0, 6).map(Number);
    if (nums.some((n) => !Number.isFinite(n)))
      throw new ReplayFormatError(`${source}:${i + 1}: not a number`);
    const [openTime, open, high, low, close, volume] = nums as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (!(open > 0 && high > 0 && low > 0 && close > 0))
      throw new ReplayFormatError(`${source}:${i + 1}: prices must be > 0`);
    out.push({
      openTime: openTime > 1e14 ? Math.floor(openTime / 1000) : openTime,
      open,
      high,
      low,
      close,
      volume,
    });
  }
  out.sort((a, b) => a.openTime - b.openTime);
  return out;
}

interface Track {
  candles: ReplayCandle[];
  start: number; // first live candle index
  elapsedMs: number; // source time since the first live candle
  scale: number; // multiplicative offset from admin price moves
}

/**
 * Replays recorded 1m candles: the first ones become the warm-up history, the rest play forward
 * at `speed` candles per minute of market time, walking open → low/high → close inside each
 * candle. At the end it loops, rescaled so the price stays continuous.
 */
export class ReplayFeed implements PriceFeed {
  readonly symbols: readonly string[];
  readonly regime = 'replay';
  private readonly tracks = new Map<string, Track>();

  constructor(
    data: Map<string, ReplayCandle[]>,
    private readonly speed: number,
  ) {
    if (!(speed > 0)) throw new ReplayFormatError(`replay speed must be > 0, got ${speed}`);
    for (const [symbol, candles] of data) {
      if (candles.length === 0) throw new ReplayFormatError(`no candles for ${symbol}`);
      this.tracks.set(symbol, { candles, start: 0, elapsedMs: 0, scale: 1 });
    }
    this.symbols = [...data.keys()];
  }

  history(minutes: number): Map<string, HistoryBar[]> {
    const out = new Map<string, HistoryBar[]>();
    for (const [symbol, track] of this.tracks) {
      const count = Math.min(minutes, Math.max(0, track.candles.length - 1));
      track.start = count;
      out.set(
        symbol,
        track.candles.slice(0, count).map((c) => ({ ...c })),
      );
    }
    return out;
  }

  advance(dtMs: number): Map<string, FeedTick> {
    const out = new Map<string, FeedTick>();
    const sourceMs = dtMs * this.speed;
    for (const [symbol, track] of this.tracks) {
      track.elapsedMs += sourceMs;
      const { candle, fraction, loopScale } = this.position(track);
      out.set(symbol, {
        price: pathPrice(candle, fraction) * loopScale * track.scale,
        volume: (candle.volume * sourceMs) / 60_000,
      });
    }
    return out;
  }

  setPrice(symbol: string, price: number): void {
    const track = this.tracks.get(symbol);
    if (!track || !(price > 0)) return;
    const { candle, fraction, loopScale } = this.position(track);
    track.scale = price / (pathPrice(candle, fraction) * loopScale);
  }

  private position(track: Track): { candle: ReplayCandle; fraction: number; loopScale: number } {
    const live = track.candles.length - track.start;
    const minute = Math.floor(track.elapsedMs / 60_000);
    const loop = Math.floor(minute / live);
    const candle = track.candles[track.start + (minute % live)]!;
    const first = track.candles[track.start]!;
    const last = track.candles[track.candles.length - 1]!;
    const loopScale = loop === 0 ? 1 : Math.pow(last.close / first.open, loop);
    return { candle, fraction: (track.elapsedMs % 60_000) / 60_000, loopScale };
  }
}

/** Price at `fraction` of a candle: open → extreme → other extreme → close, in thirds. */
function pathPrice(c: ReplayCandle, fraction: number): number {
  const [first, second] = c.close >= c.open ? [c.low, c.high] : [c.high, c.low];
  const points = [c.open, first, second, c.close];
  const pos = Math.min(0.999999, Math.max(0, fraction)) * 3;
  const i = Math.floor(pos);
  const a = points[i]!;
  const b = points[i + 1]!;
  return a + (b - a) * (pos - i);
}
