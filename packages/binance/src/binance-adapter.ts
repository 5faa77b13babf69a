import type { HealthDto, RateLimitDto } from '@aurora/contracts';
import { BinanceExchange } from './binance-exchange';
import { silentLogger, type Logger } from './errors';
import { ExchangeInfoCache } from './exchange-info';
import type { Credentials } from './http-transport';
import { MarketStream } from './market-stream';
import { BinanceRestClient } from './rest-client';
import { UserStream, type UserStreamOptions } from './user-stream';
import type { Venue } from './venue';

export interface BinanceAdapterOptions {
  venue: Venue;
  /** Without credentials: market data only (no user stream, private calls refused). */
  credentials?: Credentials;
  symbols: readonly string[];
  recvWindowMs?: number;
  timeoutMs?: number;
  /** RuntimeConfig.rate_limit. */
  warnFraction?: number;
  delayFraction?: number;
  /** Fraction of the declared REQUEST_WEIGHT limit this bot may use (AURORA_REQUEST_WEIGHT_SHARE). */
  weightShare?: number;
  userStreamMode?: UserStreamOptions['mode'];
  wsApiAuth?: UserStreamOptions['wsApiAuth'];
  klineInterval?: string;
  logger?: Logger;
  now?: () => number;
}

/** The adapter's part of HealthDto. */
export type AdapterHealth = Pick<
  HealthDto,
  | 'user_stream_last_event_at'
  | 'user_stream_connected'
  | 'market_data_last_message_at'
  | 'market_stream_connected'
  | 'clock_offset_ms'
  | 'last_time_sync_at'
  | 'exchange_info_loaded_at'
>;

/**
 * Everything one venue needs, built and started in the right order: the clock first (signed
 * calls need it), then the trading rules (they carry the rate limits), then the streams.
 */
export class BinanceAdapter {
  readonly rest: BinanceRestClient;
  readonly exchange: BinanceExchange;
  readonly exchangeInfo: ExchangeInfoCache;
  readonly userStream: UserStream | null;
  readonly marketStream: MarketStream;

  constructor(opts: BinanceAdapterOptions) {
    const logger = opts.logger ?? silentLogger;
    this.rest = new BinanceRestClient({
      venue: opts.venue,
      credentials: opts.credentials,
      recvWindowMs: opts.recvWindowMs,
      timeoutMs: opts.timeoutMs,
      warnFraction: opts.warnFraction,
      delayFraction: opts.delayFraction,
      weightShare: opts.weightShare,
      logger,
      now: opts.now,
    });
    this.exchange = new BinanceExchange(this.rest);
    this.exchangeInfo = new ExchangeInfoCache({
      load: () => this.rest.exchangeInfo(opts.symbols),
      logger,
      now: opts.now,
    });
    this.userStream = opts.credentials
      ? new UserStream({
          venue: opts.venue,
          credentials: opts.credentials,
          rest: this.rest,
          mode: opts.userStreamMode,
          wsApiAuth: opts.wsApiAuth,
          logger,
          now: opts.now,
        })
      : null;
    this.marketStream = new MarketStream({
      venue: opts.venue,
      symbols: opts.symbols,
      klineInterval: opts.klineInterval,
      logger,
      now: opts.now,
    });
  }

  /** Subscribe listeners (userStream.onEvent, marketStream.subscribe) before calling this. */
  async start(): Promise<void> {
    await this.rest.start();
    await this.exchangeInfo.start();
    this.userStream?.start();
    this.marketStream.start();
  }

  async stop(): Promise<void> {
    this.exchangeInfo.stop();
    this.rest.stop();
    await Promise.all([this.userStream?.stop(), this.marketStream.stop()]);
  }

  health(): AdapterHealth {
    return {
      user_stream_last_event_at: this.userStream?.lastEventAt ?? null,
      user_stream_connected: this.userStream?.connected ?? false,
      market_data_last_message_at: this.marketStream.lastMessageAt,
      market_stream_connected: this.marketStream.connected,
      clock_offset_ms: this.rest.timeSync.lastSyncAt === null ? null : this.rest.timeSync.offsetMs,
      last_time_sync_at: this.rest.timeSync.lastSyncAt,
      exchange_info_loaded_at: this.exchangeInfo.loadedAt,
    };
  }

  rateLimits(): RateLimitDto {
    return this.rest.rateLimiter.snapshot();
  }
}
