import type { LatencyConfig, LatencyStats } from '@aurora/contracts';
import { percentileTriple, type PercentileTriple } from './percentiles';
import { RollingSampleWindow } from './rolling-sample-window';
import { InvalidLatencySample } from './safety-errors';

export interface LatencyTrackerOptions {
  /**
   * Placement samples a symbol needs before the p95 rule may pause it (capped at the window).
   * Nearest-rank p95 of fewer than 20 samples is the maximum, so one slow order among a
   * handful would otherwise pause a symbol. Default 10.
   */
  minSamples?: number;
  /**
   * Hysteresis: a paused symbol resumes once placement p95 ≤ threshold × resumeRatio, so a
   * p95 hovering at the threshold does not flap between paused and running. Default 0.8
   * (750 ms threshold → resumes at ≤ 600 ms).
   */
  resumeRatio?: number;
  /** Symbols followed at most; samples for more are refused, which bounds memory. Default 64. */
  maxSymbols?: number;
}

export type LatencyTransition = 'PAUSED' | 'RESUMED';

export type LatencyRecordResult =
  { ok: true; transition: LatencyTransition | null } | { ok: false; error: InvalidLatencySample };

const ACCEPTED: LatencyRecordResult = Object.freeze({ ok: true, transition: null });

/** One symbol's two rolling windows and its pause state; percentiles cached until the next sample. */
class SymbolLatency {
  readonly placement: RollingSampleWindow;
  readonly ackToFill: RollingSampleWindow;
  paused = false;
  reason: string | null = null;
  private placementCache: PercentileTriple | null = null;
  private ackToFillCache: PercentileTriple | null = null;

  constructor(window: number) {
    this.placement = new RollingSampleWindow(window);
    this.ackToFill = new RollingSampleWindow(window);
  }

  addPlacement(ms: number): void {
    this.placement.push(ms);
    this.placementCache = null;
  }

  addAckToFill(ms: number): void {
    this.ackToFill.push(ms);
    this.ackToFillCache = null;
  }

  resize(window: number): void {
    this.placement.resize(window);
    this.ackToFill.resize(window);
    this.placementCache = null;
    this.ackToFillCache = null;
  }

  placementPercentiles(): PercentileTriple {
    this.placementCache ??= percentileTriple(this.placement.sorted());
    return this.placementCache;
  }

  ackToFillPercentiles(): PercentileTriple {
    this.ackToFillCache ??= percentileTriple(this.ackToFill.sorted());
    return this.ackToFillCache;
  }
}

/**
 * Per-symbol order latency: placement (request sent → ack) and ack → first fill, each over the
 * last `window` orders. When placement p95 exceeds `p95_threshold_ms` the symbol's new entries
 * pause (isPaused is O(1) for the tick-to-order path); it resumes by itself once p95 falls to
 * threshold × resumeRatio. Only placement latency pauses: ack → fill of a resting LIMIT order
 * measures the market, not the venue. While a symbol is paused no entries are placed, so its
 * window moves only with exit/protective orders and any probe (e.g. POST /api/v3/order/test)
 * the app records; `pausedSymbols()` tells the app which symbols to probe.
 */
export class LatencyTracker {
  private readonly symbols = new Map<string, SymbolLatency>();
  private window: number;
  private threshold: number;
  private readonly minSamples: number;
  private readonly resumeRatio: number;
  private readonly maxSymbols: number;
  private rejected = 0;

  constructor(config: LatencyConfig, options: LatencyTrackerOptions = {}) {
    this.window = config.window;
    this.threshold = config.p95_threshold_ms;
    this.minSamples = options.minSamples ?? 10;
    this.resumeRatio = options.resumeRatio ?? 0.8;
    this.maxSymbols = options.maxSymbols ?? 64;
    if (!(this.resumeRatio > 0 && this.resumeRatio <= 1)) {
      throw new RangeError('resumeRatio must be in (0, 1]');
    }
    if (!Number.isInteger(this.minSamples) || this.minSamples < 1) {
      throw new RangeError('minSamples must be ≥ 1');
    }
  }

  /** Record request-sent → ack for one order; may pause or resume the symbol. */
  recordPlacement(symbol: string, latencyMs: number): LatencyRecordResult {
    const entry = this.accept(symbol, latencyMs);
    if (entry instanceof InvalidLatencySample) return { ok: false, error: entry };
    entry.addPlacement(latencyMs);
    const transition = this.evaluate(entry);
    return transition === null ? ACCEPTED : { ok: true, transition };
  }

  /** Record ack → first fill for one order (reported only; never pauses). */
  recordAckToFill(symbol: string, latencyMs: number): LatencyRecordResult {
    const entry = this.accept(symbol, latencyMs);
    if (entry instanceof InvalidLatencySample) return { ok: false, error: entry };
    entry.addAckToFill(latencyMs);
    return ACCEPTED;
  }

  isPaused(symbol: string): boolean {
    return this.symbols.get(symbol)?.paused ?? false;
  }

  pauseReason(symbol: string): string | null {
    return this.symbols.get(symbol)?.reason ?? null;
  }

  pausedSymbols(): string[] {
    return [...this.symbols]
      .filter(([, s]) => s.paused)
      .map(([symbol]) => symbol)
      .sort();
  }

  /** Samples refused so far (non-finite, negative, or beyond maxSymbols). */
  get rejectedSamples(): number {
    return this.rejected;
  }

  /** Operator override: forget a symbol's samples, which also lifts its pause. */
  clear(symbol: string): void {
    this.symbols.delete(symbol);
  }

  /** Apply a new config: windows keep their newest samples; pause states are re-evaluated. */
  updateConfig(config: LatencyConfig): Array<{ symbol: string; transition: LatencyTransition }> {
    if (config.window !== this.window) {
      for (const entry of this.symbols.values()) entry.resize(config.window);
    }
    this.window = config.window;
    this.threshold = config.p95_threshold_ms;
    const changes: Array<{ symbol: string; transition: LatencyTransition }> = [];
    for (const [symbol, entry] of this.symbols) {
      const transition = this.evaluate(entry);
      if (transition !== null) changes.push({ symbol, transition });
    }
    return changes;
  }

  stats(symbol: string): LatencyStats | null {
    const entry = this.symbols.get(symbol);
    return entry === undefined ? null : this.toStats(symbol, entry);
  }

  /** One LatencyStats per followed symbol, sorted by symbol. */
  snapshot(): LatencyStats[] {
    return [...this.symbols]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([symbol, entry]) => this.toStats(symbol, entry));
  }

  private toStats(symbol: string, entry: SymbolLatency): LatencyStats {
    const placement = entry.placementPercentiles();
    const ackToFill = entry.ackToFillPercentiles();
    return {
      symbol,
      samples: entry.placement.size,
      placement_p50_ms: placement.p50,
      placement_p95_ms: placement.p95,
      placement_p99_ms: placement.p99,
      ack_to_fill_p50_ms: ackToFill.p50,
      ack_to_fill_p95_ms: ackToFill.p95,
      ack_to_fill_p99_ms: ackToFill.p99,
      paused: entry.paused,
      reason: entry.reason,
    };
  }

  private accept(symbol: string, latencyMs: number): SymbolLatency | InvalidLatencySample {
    if (!Number.isFinite(latencyMs)) return this.refuse('NOT_FINITE', symbol, latencyMs);
    if (latencyMs < 0) return this.refuse('NEGATIVE', symbol, latencyMs);
    const known = this.symbols.get(symbol);
    if (known !== undefined) return known;
    if (this.symbols.size >= this.maxSymbols) return this.refuse('TOO_MANY_SYMBOLS', symbol, latencyMs);
    const created = new SymbolLatency(this.window);
    this.symbols.set(symbol, created);
    return created;
  }

  private refuse(
    code: InvalidLatencySample['code'],
    symbol: string,
    latencyMs: number,
  ): InvalidLatencySample {
    this.rejected += 1;
    return new InvalidLatencySample(code, symbol, latencyMs);
  }

  private evaluate(entry: SymbolLatency): LatencyTransition | null {
    const p95 = entry.placementPercentiles().p95;
    if (p95 === null) return null;
    const samples = entry.placement.size;
    const resumeAt = this.threshold * this.resumeRatio;
    if (!entry.paused) {
      if (samples < Math.min(this.minSamples, this.window) || p95 <= this.threshold) return null;
      entry.paused = true;
      entry.reason =
        `placement p95 ${round(p95)} ms > ${round(this.threshold)} ms over the last ${samples} orders; ` +
        `entries resume when p95 ≤ ${round(resumeAt)} ms`;
      return 'PAUSED';
    }
    if (p95 > resumeAt) {
      // Keep the reason current so the dashboard shows the latest p95 while paused.
      entry.reason =
        `placement p95 ${round(p95)} ms over the last ${samples} orders (threshold ${round(this.threshold)} ms); ` +
        `entries resume when p95 ≤ ${round(resumeAt)} ms`;
      return null;
    }
    entry.paused = false;
    entry.reason = null;
    return 'RESUMED';
  }
}

const round = (ms: number): number => Math.round(ms * 10) / 10;
