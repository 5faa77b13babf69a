import type { HealthDto, RateLimitDto, VenueKind } from '@aurora/contracts';
import type { BookTicker, ExchangePort, Kline, PlaceOrderRequest, SymbolFilters, UserStreamEvent } from '@aurora/core';

/**
 * The venue as the kernel sees it. Live and Demo wire it to the Binance adapter (REST + WS API +
 * streams); the backtest wires it to the simulator's matching engine in-process (no HTTP, no
 * sockets). The kernel never learns which: one trading code, whatever the venue.
 */
export interface VenuePort {
  readonly kind: VenueKind;
  /** One line for the operator: which venue, which host. */
  readonly description: string;
  /** Orders, queries, account, klines, book ticker, server time. */
  readonly exchange: ExchangePort;
  /** The symbol's trading rules once loaded (start() loads them); undefined before or if unknown. */
  filters(symbol: string): SymbolFilters | undefined;
  /** Every user-data event (executionReport, balances, stream terminated/resynced). Returns unsubscribe. */
  onUserEvent(listener: (e: UserStreamEvent) => void): () => void;
  /** Every market event of the configured symbols. Returns unsubscribe. */
  onMarketEvent(listener: (e: MarketEvent) => void): () => void;
  /** Load rules, sync time, open streams. Throws when the venue is unreachable (the kernel retries). */
  start(): Promise<void>;
  /** Re-sync the request clock after -1021 (a no-op where there is no skew). */
  resyncTime(): Promise<void>;
  health(): VenueHealth;
  rateLimits(): RateLimitDto;
  /** Message counters per stream and kind (for metrics); empty where not applicable. */
  streamStats(): { user: Record<string, number> | null; market: Record<string, number> | null };
  close(): Promise<void>;
  /**
   * Validate an order without executing it (Binance's POST /api/v3/order/test): the latency
   * guard's probe of a paused symbol. Absent where a round trip means nothing (in-process).
   */
  testOrder?(req: PlaceOrderRequest): Promise<void>;
}

export type VenueHealth = Pick<
  HealthDto,
  | 'user_stream_last_event_at'
  | 'user_stream_connected'
  | 'market_data_last_message_at'
  | 'market_stream_connected'
  | 'clock_offset_ms'
  | 'last_time_sync_at'
  | 'exchange_info_loaded_at'
>;

export interface MarketGap {
  stream: 'kline' | 'bookTicker';
  symbol: string;
  reason: 'missing' | 'backwards';
  previous: number;
  current: number;
  /** Whole intervals skipped (kline 'missing' only; 0 otherwise). */
  missingIntervals: number;
  detectedAt: number;
}

/** Structurally the Binance adapter's MarketStreamEvent: the adapter satisfies it as is. */
export type MarketEvent =
  | { kind: 'kline'; kline: Kline }
  | { kind: 'bookTicker'; ticker: BookTicker }
  | { kind: 'gap'; gap: MarketGap }
  /** After every reconnect: data may have been missed while disconnected. */
  | { kind: 'resynced'; at: number };
