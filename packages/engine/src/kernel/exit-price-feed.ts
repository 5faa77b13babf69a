import type { KernelParts } from './kernel-parts';

/** A book older than this is not trusted for exits: the price comes from REST instead. */
export const EXIT_BOOK_STALE_MS = 3_000;
/** At most one REST bookTicker per symbol in this interval (weight 2 each). */
const REST_MIN_INTERVAL_MS = 2_000;

/**
 * Feeds the exit evaluation on the 1 s tick, so stops, trailing stops and holding times are
 * checked when no book update arrives. For a symbol with an open position whose book is stale or
 * whose market stream is down, the price is read from REST (bookTicker) first. The REST price
 * updates the market picture for exits only: it does not feed the dead-man switch, so entries
 * stay paused while the stream is down.
 */
export class ExitPriceFeed {
  private readonly fetching = new Set<string>();
  private readonly lastFetchAt = new Map<string, number>();

  constructor(
    private readonly k: KernelParts,
    private readonly evaluate: (symbol: string) => void,
  ) {}

  onTick(now: number): void {
    const venue = this.k.venue;
    if (!venue || !this.k.d.state.ready) return;
    const streamUp = venue.health().market_stream_connected;
    const symbols = new Set<string>();
    for (const p of this.k.engines.positions.getOpenPositions())
      if (p.status === 'Open') symbols.add(p.symbol);
    for (const symbol of symbols) {
      const age = this.k.market.bookAgeMs(symbol, now);
      if (streamUp && age !== null && age <= EXIT_BOOK_STALE_MS) this.evaluate(symbol);
      else this.fetchThenEvaluate(symbol, now);
    }
    for (const symbol of this.lastFetchAt.keys()) if (!symbols.has(symbol)) this.lastFetchAt.delete(symbol);
  }

  private fetchThenEvaluate(symbol: string, now: number): void {
    const venue = this.k.venue;
    if (
      !venue ||
      this.fetching.has(symbol) ||
      now - (this.lastFetchAt.get(symbol) ?? -Infinity) < REST_MIN_INTERVAL_MS
    )
      return;
    this.fetching.add(symbol);
    this.lastFetchAt.set(symbol, now);
    venue.exchange
      .getBookTicker(symbol)
      .then((t) => {
        this.k.market.onBookTicker(t);
        this.evaluate(symbol);
      })
      .catch((err: Error) =>
        this.k.d.log.warn({ symbol, err: err.message }, 'REST book ticker for exits failed'),
      )
      .finally(() => this.fetching.delete(symbol));
  }
}
