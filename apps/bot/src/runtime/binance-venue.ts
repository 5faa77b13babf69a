import type { VenueKind } from '@aurora/contracts';
import type { PlaceOrderRequest } from '@aurora/core';
import type { BinanceAdapter } from '@aurora/binance';
import type { MarketEvent, VenuePort, VenueSession } from '@aurora/engine';
import type { MirrorStatus, SimServer } from '@aurora/exchange-sim';
import type { VenueConnection } from './venue';

/**
 * The Binance adapter (REST + WS API + streams) of a venue connection as the kernel's VenuePort.
 * What only the embedded simulator has (its mirror feed, the server itself) stays here, for the
 * app: the kernel never learns which venue it trades on.
 */
export class BinanceVenue implements VenuePort {
  constructor(readonly connection: VenueConnection) {}

  get kind(): VenueKind {
    return this.connection.kind;
  }

  get description(): string {
    return this.connection.description;
  }

  get adapter(): BinanceAdapter {
    return this.connection.adapter;
  }

  /** The embedded simulator when the app started one (closed with the venue). */
  get sim(): SimServer | null {
    return this.connection.sim;
  }

  get exchange() {
    return this.connection.adapter.exchange;
  }

  /** How the kernel tells this venue from the one before: the embedded simulator starts empty every time. */
  session(): VenueSession {
    const c = this.connection;
    return c.sim ? { ephemeral: true } : { ephemeral: false, key: `${c.kind}:${c.venue.restUrl}` };
  }

  marketFeed(): MirrorStatus | null {
    return this.connection.marketFeed();
  }

  filters(symbol: string) {
    return this.adapter.exchangeInfo.get(symbol);
  }

  onUserEvent(listener: Parameters<VenuePort['onUserEvent']>[0]): () => void {
    return this.adapter.userStream?.onEvent(listener) ?? (() => undefined);
  }

  onMarketEvent(listener: (e: MarketEvent) => void): () => void {
    return this.adapter.marketStream.subscribe(listener);
  }

  start(): Promise<void> {
    return this.adapter.start();
  }

  async resyncTime(): Promise<void> {
    await this.adapter.rest.timeSync.sync();
  }

  health() {
    return this.adapter.health();
  }

  rateLimits() {
    return this.adapter.rateLimits();
  }

  streamStats() {
    const user = this.adapter.userStream?.stats();
    return { user: user ? { ...user } : null, market: { ...this.adapter.marketStream.stats() } };
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  testOrder(req: PlaceOrderRequest): Promise<void> {
    return this.adapter.rest.testOrder(req);
  }
}
