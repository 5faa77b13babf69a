import { adjustPrice, minQuantityFor } from '@aurora/core';
import type { Ids, KernelLogger, KernelMetrics } from '../kernel-deps';
import type { VenuePort } from '../ports/venue-port';
import type { Engines } from './engines';
import type { MarketData } from './market-data';

/** Order latency samples → Prometheus histograms and the per-symbol latency guard. */
export class LatencyMarks {
  constructor(
    private readonly engines: Engines,
    private readonly metrics: KernelMetrics,
    private readonly log: KernelLogger,
    private readonly ids: Ids,
    private readonly monotonicMs: () => number,
  ) {}

  placement(symbol: string, sentAt: number | null, ackedAt: number | null): void {
    if (sentAt === null || ackedAt === null) return;
    const ms = ackedAt - sentAt;
    this.metrics.placementLatency.observe({ symbol }, ms / 1000);
    const res = this.engines.latency.recordPlacement(symbol, ms);
    if (res.ok && res.transition) this.log.warn({ symbol, transition: res.transition }, 'latency guard');
  }

  ackToFill(symbol: string, ackedAt: number | null, firstFillAt: number | null): void {
    if (ackedAt === null || firstFillAt === null) return;
    const ms = Math.max(0, firstFillAt - ackedAt);
    this.metrics.ackToFill.observe({ symbol }, ms / 1000);
    this.engines.latency.recordAckToFill(symbol, ms);
  }

  /**
   * A symbol paused by the latency guard places no entries, so no new samples would ever lift
   * the pause. Probe it with a validated-but-not-executed order (POST /api/v3/order/test, the same
   * signed path) and feed the round trip to the tracker: the pause ends when the venue recovers.
   */
  async probePausedSymbols(venue: VenuePort | null, market: MarketData): Promise<void> {
    const testOrder = venue?.testOrder?.bind(venue);
    if (!venue || !testOrder) return;
    for (const symbol of this.engines.latency.pausedSymbols()) {
      const book = market.book(symbol);
      const f = venue.filters(symbol);
      if (!book || !f) continue;
      const started = this.monotonicMs();
      try {
        await testOrder({
          symbol,
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          quantity: minQuantityFor(book.bidPrice, f),
          price: adjustPrice(book.bidPrice, f, 'BUY'),
          clientOrderId: `probe-${this.ids.uuid().slice(0, 29)}`, // Binance caps client ids at 36 chars
        });
        const res = this.engines.latency.recordPlacement(symbol, this.monotonicMs() - started);
        if (res.ok && res.transition === 'RESUMED') this.log.info({ symbol }, 'latency guard: entries resumed');
      } catch (err) {
        this.log.warn({ symbol, err: (err as Error).message }, 'latency probe failed');
      }
    }
  }
}
