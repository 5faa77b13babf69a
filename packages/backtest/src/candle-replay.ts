import type { Decimal as Dec } from 'decimal.js';
import { ApiErrors, type SimExchange } from '@aurora/exchange-sim';
import type { CandleSeries } from '@aurora/history';
import { PATH_OFFSETS_MS, pathFields } from './intra-candle-path';

const MINUTE_MS = 60_000;

/**
 * Where the replay publishes: the backtest's InProcessVenue, or (the parity test) the
 * simulator's server streaming the same payloads to a bot over loopback.
 */
export interface ReplayVenue {
  exchange: { exchangeInfoNow(symbols?: string[]): readonly { baseAsset: string }[] };
  /** A market-stream payload (Binance's bookTicker or kline JSON), delivered as the stream would. */
  publishMarket(payload: unknown): void;
  /** Whether the account holds any of `asset`, free or locked. */
  holds(asset: string): boolean;
}

export interface CandleReplayOptions {
  sim: SimExchange;
  venue: ReplayVenue;
  /** 1m candles per symbol, in open-time order; those before `from` are warm-up history only. */
  series: readonly CandleSeries[];
  /** First open time replayed (ms). */
  from: number;
  /** Open times at or after this are not replayed (ms). */
  to: number;
  /** Moves the virtual clock to `t`; whatever the kernel scheduled up to then runs. */
  advanceTo(t: number): void | Promise<void>;
  /** Lets the kernel finish what the last events started (its promises), before time moves on. */
  settle(): Promise<void>;
  /**
   * Whether the symbol's intra-candle path matters now. Default: while the account has a
   * working order on it (resting or stop) or holds its base asset. Otherwise only the close is
   * applied: nothing the path could trigger is there, and a year replays four times faster.
   */
  detailed?(symbol: string): boolean;
  /** After each replayed minute (closed klines published and settled). */
  onMinute?(t: number, candles: number): void;
}

interface Track {
  series: CandleSeries;
  symbol: string;
  base: string;
  /** Next candle to replay; candles before it are closed history. */
  cursor: number;
  end: number;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** Whether this minute walks the whole path (see CandleReplayOptions.detailed). */
  detailed: boolean;
}

/**
 * Drives the simulator from recorded candles on a virtual clock (see intra-candle-path.ts for
 * the path). Each price point moves the simulator's book and last price there — resting orders
 * the book now crosses fill, stops trigger — and publishes the book ticker; the closed kline,
 * exactly as recorded, is published at the minute's end. Symbols advance minute by minute
 * together; a symbol missing a minute simply has no candle then (the gap detector reports it).
 */
export class CandleReplay {
  readonly total: number;
  private readonly tracks: Track[];
  private readonly bySymbol = new Map<string, Track>();
  private replayed = 0;

  constructor(private readonly opts: CandleReplayOptions) {
    this.tracks = opts.series.map((s) => {
      const spec = opts.venue.exchange.exchangeInfoNow([s.symbol])[0];
      const t: Track = {
        series: s,
        symbol: s.symbol,
        base: spec?.baseAsset ?? s.symbol,
        cursor: lowerBound(s.openTime, opts.from),
        end: lowerBound(s.openTime, opts.to),
        open: s.numbers('open'),
        high: s.numbers('high'),
        low: s.numbers('low'),
        close: s.numbers('close'),
        detailed: false,
      };
      this.bySymbol.set(s.symbol, t);
      return t;
    });
    this.total = this.tracks.reduce((n, t) => n + Math.max(0, t.end - t.cursor), 0);
  }

  get done(): number {
    return this.replayed;
  }

  /**
   * Puts every symbol's price where its history leaves off (the last warm-up close, else the
   * first replayed open), so the book is right before the kernel starts.
   */
  prime(): void {
    for (const t of this.tracks) {
      const i = t.cursor > 0 ? t.cursor - 1 : t.cursor;
      if (i >= t.series.length) continue;
      this.opts.sim.replayPrice(t.symbol, t.series.decimal(t.cursor > 0 ? 'close' : 'open', i));
    }
  }

  /** The close of the symbol's latest closed candle (warm-up included), or null before any. */
  lastClose(symbol: string): Dec | null {
    const t = this.bySymbol.get(symbol);
    return t && t.cursor > 0 ? t.series.decimal('close', t.cursor - 1) : null;
  }

  /**
   * GET /api/v3/klines from the replayed history: the last `limit` CLOSED 1m candles — never
   * the one still forming, which would show the kernel a close it cannot know yet.
   */
  klineRows(symbol: string, interval: string, limit: number): unknown[] {
    if (interval !== '1m') throw ApiErrors.badInterval();
    const t = this.bySymbol.get(symbol);
    if (!t) throw ApiErrors.badSymbol();
    const n = Math.max(1, Math.min(1000, Math.floor(limit)));
    const rows: unknown[] = [];
    for (let i = Math.max(0, t.cursor - n); i < t.cursor; i++) rows.push(this.row(t.series, i));
    return rows;
  }

  async run(): Promise<void> {
    const { sim, venue } = this.opts;
    const detailed = this.opts.detailed ?? ((s: string) => this.defaultDetailed(s));
    const active: Track[] = [];
    for (;;) {
      let minute = Infinity;
      for (const t of this.tracks) if (t.cursor < t.end) minute = Math.min(minute, t.series.openTime[t.cursor]!);
      if (minute === Infinity) return;
      active.length = 0;
      for (const t of this.tracks) if (t.cursor < t.end && t.series.openTime[t.cursor] === minute) active.push(t);

      // Asked once per minute: with nothing working and nothing held, skipping the first points
      // publishes nothing, so nothing the kernel could do changes the answer before the close.
      for (const t of active) t.detailed = detailed(t.symbol);
      for (let k = 0; k < PATH_OFFSETS_MS.length; k++) {
        const last = k === PATH_OFFSETS_MS.length - 1;
        let moved = false;
        for (const t of active) {
          // Without a detailed path only the close is applied, at the close's own time.
          if (!last && !t.detailed) continue;
          const i = t.cursor;
          const field = pathFields(t.open[i]!, t.high[i]!, t.low[i]!, t.close[i]!)[k]!;
          if (!moved) await this.opts.advanceTo(minute + PATH_OFFSETS_MS[k]!);
          moved = true;
          sim.replayPrice(t.symbol, t.series.decimal(field, i));
          venue.publishMarket(sim.bookTickerEvent(t.symbol));
        }
        if (moved && !last) await this.opts.settle();
      }

      const closeAt = minute + MINUTE_MS;
      await this.opts.advanceTo(closeAt);
      for (const t of active) {
        // History includes the candle before its kline is heard, as Binance's REST would.
        const i = t.cursor++;
        this.replayed++;
        venue.publishMarket(this.klineEvent(t.series, i, closeAt));
      }
      await this.opts.settle();
      this.opts.onMinute?.(closeAt, this.replayed);
    }
  }

  private defaultDetailed(symbol: string): boolean {
    const { sim, venue } = this.opts;
    return sim.hasWorkingOrders(symbol) || venue.holds(this.bySymbol.get(symbol)!.base);
  }

  /** A closed candle as Binance's kline stream payload (web-socket-streams.md). */
  private klineEvent(s: CandleSeries, i: number, now: number) {
    return {
      e: 'kline',
      E: now,
      s: s.symbol,
      k: {
        t: s.openTime[i],
        T: s.closeTime[i],
        s: s.symbol,
        i: '1m',
        f: -1,
        L: -1,
        o: s.decimalString('open', i),
        c: s.decimalString('close', i),
        h: s.decimalString('high', i),
        l: s.decimalString('low', i),
        v: s.decimalString('volume', i),
        n: s.trades[i],
        x: true,
        q: s.decimalString('quoteVolume', i),
        V: s.decimalString('takerBuyBaseVolume', i),
        Q: s.decimalString('takerBuyQuoteVolume', i),
        B: '0',
      },
    };
  }

  /** A candle as a GET /api/v3/klines row. */
  private row(s: CandleSeries, i: number): unknown[] {
    return [
      s.openTime[i],
      s.decimalString('open', i),
      s.decimalString('high', i),
      s.decimalString('low', i),
      s.decimalString('close', i),
      s.decimalString('volume', i),
      s.closeTime[i],
      s.decimalString('quoteVolume', i),
      s.trades[i],
      s.decimalString('takerBuyBaseVolume', i),
      s.decimalString('takerBuyQuoteVolume', i),
      '0',
    ];
  }
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
