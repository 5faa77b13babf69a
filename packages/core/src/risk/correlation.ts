import type { CorrelationMatrix } from '@aurora/contracts';
import type { Kline } from '../market/types';

/** Correlation of a proposal's symbol with one other symbol; null when there is not enough data. */
export interface SymbolCorrelation {
  symbol: string;
  correlation: number | null;
}

/**
 * Pearson correlation of two equally long samples (floats: this is statistics, not money).
 * Null when fewer than two points or when either sample has no variance.
 */
export function pearson(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  length = Math.min(a.length, b.length),
): number | null {
  if (length < 2) return null;
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < length; i++) {
    meanA += a[i] as number;
    meanB += b[i] as number;
  }
  meanA /= length;
  meanB /= length;
  let cov = 0;
  let varA = 0;
  let varB = 0;
  for (let i = 0; i < length; i++) {
    const da = (a[i] as number) - meanA;
    const db = (b[i] as number) - meanB;
    cov += da * db;
    varA += da * da;
    varB += db * db;
  }
  if (varA === 0 || varB === 0) return null;
  const r = cov / Math.sqrt(varA * varB);
  // Rounding can push |r| a hair past 1.
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/**
 * The last `capacity` one-candle log returns of a symbol, each stamped with its candle's open
 * time so two symbols can be compared candle by candle. A return is only recorded between two
 * adjacent candles: across a gap it would span several intervals and mis-align with its peers.
 */
export class ReturnsWindow {
  private readonly times: Float64Array;
  private readonly returns: Float64Array;
  private start = 0;
  private length = 0;
  private lastOpenTime = -1;
  private lastClose = Number.NaN;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
    this.returns = new Float64Array(capacity);
  }

  get size(): number {
    return this.length;
  }

  /** Feed a closed candle; repeated or older candles are ignored. */
  push(openTime: number, intervalMs: number, close: number): void {
    if (openTime <= this.lastOpenTime || !(close > 0)) return;
    const adjacent = this.lastOpenTime >= 0 && openTime - this.lastOpenTime === intervalMs;
    if (adjacent && this.lastClose > 0) {
      const slot = (this.start + this.length) % this.capacity;
      this.times[slot] = openTime;
      this.returns[slot] = Math.log(close / this.lastClose);
      if (this.length < this.capacity) this.length++;
      else this.start = (this.start + 1) % this.capacity;
    }
    this.lastOpenTime = openTime;
    this.lastClose = close;
  }

  timeAt(i: number): number {
    return this.times[(this.start + i) % this.capacity] as number;
  }

  returnAt(i: number): number {
    return this.returns[(this.start + i) % this.capacity] as number;
  }

  /** Copy into a window of another capacity, keeping the newest returns. */
  resized(capacity: number): ReturnsWindow {
    const next = new ReturnsWindow(capacity);
    const from = Math.max(0, this.length - capacity);
    for (let i = from; i < this.length; i++) {
      const slot = next.length;
      next.times[slot] = this.timeAt(i);
      next.returns[slot] = this.returnAt(i);
      next.length++;
    }
    next.lastOpenTime = this.lastOpenTime;
    next.lastClose = this.lastClose;
    return next;
  }
}

export interface CorrelationTrackerOptions {
  /** Returns kept per symbol (CorrelationConfig.window). */
  window: number;
  /** Fewer aligned returns than this give a null correlation. Default: half the window, at least 10. */
  minSamples?: number;
  /** Symbols tracked at most; the least recently fed is dropped beyond it. Default 64. */
  maxSymbols?: number;
}

/** Rolling correlations of one-minute log returns between the traded symbols. */
export class CorrelationTracker {
  private windows = new Map<string, ReturnsWindow>();
  private window: number;
  private minSamples: number;
  private readonly maxSymbols: number;
  private scratchA: Float64Array;
  private scratchB: Float64Array;
  private updatedAt: number | null = null;

  constructor(options: CorrelationTrackerOptions) {
    this.window = options.window;
    this.minSamples = options.minSamples ?? Math.max(10, Math.floor(options.window / 2));
    this.maxSymbols = options.maxSymbols ?? 64;
    this.scratchA = new Float64Array(options.window);
    this.scratchB = new Float64Array(options.window);
  }

  /** Change the window; the newest returns are kept. */
  setWindow(window: number, minSamples?: number): void {
    if (window === this.window) return;
    this.window = window;
    this.minSamples = minSamples ?? Math.max(10, Math.floor(window / 2));
    this.scratchA = new Float64Array(window);
    this.scratchB = new Float64Array(window);
    for (const [symbol, w] of this.windows) this.windows.set(symbol, w.resized(window));
  }

  /** Feed a candle; only closed candles count. */
  onKline(k: Kline): void {
    if (!k.closed) return;
    let w = this.windows.get(k.symbol);
    if (w === undefined) {
      if (this.windows.size >= this.maxSymbols) {
        const oldest = this.windows.keys().next().value;
        if (oldest !== undefined) this.windows.delete(oldest);
      }
      w = new ReturnsWindow(this.window);
    } else {
      this.windows.delete(k.symbol);
    }
    // Re-inserting keeps the Map in least-recently-fed order for eviction.
    this.windows.set(k.symbol, w);
    w.push(k.openTime, k.closeTime + 1 - k.openTime, k.close.toNumber());
    this.updatedAt = this.updatedAt === null ? k.closeTime : Math.max(this.updatedAt, k.closeTime);
  }

  /** Correlation over the candles both symbols have; null with too little overlap. */
  correlation(a: string, b: string): number | null {
    if (a === b) return 1;
    const wa = this.windows.get(a);
    const wb = this.windows.get(b);
    if (wa === undefined || wb === undefined) return null;
    // Both windows are in ascending time order: a merge walk pairs equal timestamps.
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < wa.size && j < wb.size) {
      const ta = wa.timeAt(i);
      const tb = wb.timeAt(j);
      if (ta === tb) {
        this.scratchA[n] = wa.returnAt(i++);
        this.scratchB[n] = wb.returnAt(j++);
        n++;
      } else if (ta < tb) i++;
      else j++;
    }
    if (n < this.minSamples) return null;
    return pearson(this.scratchA, this.scratchB, n);
  }

  correlationsWith(symbol: string, others: ReadonlyArray<string>): SymbolCorrelation[] {
    const out: SymbolCorrelation[] = [];
    for (const other of others) {
      if (other !== symbol) out.push({ symbol: other, correlation: this.correlation(symbol, other) });
    }
    return out;
  }

  matrix(symbols: ReadonlyArray<string>): CorrelationMatrix {
    const matrix = symbols.map((a) => symbols.map((b) => this.correlation(a, b)));
    return { symbols: [...symbols], matrix, window: this.window, updated_at: this.updatedAt };
  }
}
