import type { Decimal } from 'decimal.js';
import { Dec, type Kline } from '@aurora/core';
import type { CandleChunk } from './candle-file';
import type { KlineInterval } from './intervals';
import type { DecimalField } from './kline-row';
import { scaledToString, toNumbers } from './scaled-decimal';

/** A run of rows [from, to) of one catalog file. */
export interface ChunkSlice {
  chunk: CandleChunk;
  from: number;
  to: number;
}

/**
 * Candles of one symbol and interval, in open-time order, as columns — the form a backtest
 * kernel streams: `openTime[i]`, `numbers('close')[i]` are plain typed-array reads. Float views
 * (for indicators) are built once per field on first use; money stays exact through
 * `decimalString` / `decimal`, which read the scaled integers of the file the row came from.
 */
export class CandleSeries {
  readonly length: number;
  readonly openTime: Float64Array;
  readonly closeTime: Float64Array;
  readonly trades: Float64Array;
  private readonly starts: number[] = [];
  private readonly numeric = new Map<DecimalField, Float64Array>();

  constructor(
    readonly symbol: string,
    readonly interval: KlineInterval,
    private readonly slices: readonly ChunkSlice[],
  ) {
    let n = 0;
    for (const s of slices) {
      this.starts.push(n);
      n += s.to - s.from;
    }
    this.length = n;
    this.openTime = this.concat((c) => c.openTime);
    this.closeTime = this.concat((c) => c.closeTime);
    this.trades = this.concat((c) => c.trades);
  }

  private concat(pick: (c: CandleChunk) => Float64Array): Float64Array {
    const only = this.slices.length === 1 ? this.slices[0] : undefined;
    if (only) return pick(only.chunk).subarray(only.from, only.to);
    const out = new Float64Array(this.length);
    this.slices.forEach((s, k) => out.set(pick(s.chunk).subarray(s.from, s.to), this.starts[k]));
    return out;
  }

  /** `field` as doubles, each the nearest double of its exact decimal. Built once, then cached. */
  numbers(field: DecimalField): Float64Array {
    let out = this.numeric.get(field);
    if (!out) {
      out = new Float64Array(this.length);
      this.slices.forEach((s, k) => {
        const col = s.chunk.decimals[field];
        toNumbers(
          col.values.subarray(s.from, s.to),
          col.scale,
          out as Float64Array,
          this.starts[k] as number,
        );
      });
      this.numeric.set(field, out);
    }
    return out;
  }

  private locate(i: number): { slice: ChunkSlice; row: number } {
    if (!Number.isInteger(i) || i < 0 || i >= this.length)
      throw new RangeError(`candle ${i} outside 0..${this.length - 1}`);
    let lo = 0;
    let hi = this.slices.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= i) lo = mid;
      else hi = mid - 1;
    }
    const slice = this.slices[lo] as ChunkSlice;
    return { slice, row: slice.from + i - (this.starts[lo] as number) };
  }

  /** The exact decimal of `field` at candle `i`, as Binance writes it minus trailing zeros. */
  decimalString(field: DecimalField, i: number): string {
    const { slice, row } = this.locate(i);
    const col = slice.chunk.decimals[field];
    return scaledToString(col.values[row] as number | bigint, col.scale);
  }

  decimal(field: DecimalField, i: number): Decimal {
    return new Dec(this.decimalString(field, i));
  }

  /** Candle `i` as the core's Kline (Decimals): the slow, exact path, e.g. for fills. */
  kline(i: number): Kline {
    return {
      symbol: this.symbol,
      interval: this.interval,
      openTime: this.openTime[i] as number,
      closeTime: this.closeTime[i] as number,
      open: this.decimal('open', i),
      high: this.decimal('high', i),
      low: this.decimal('low', i),
      close: this.decimal('close', i),
      volume: this.decimal('volume', i),
      quoteVolume: this.decimal('quoteVolume', i),
      trades: this.trades[i] as number,
      closed: true,
    };
  }
}
