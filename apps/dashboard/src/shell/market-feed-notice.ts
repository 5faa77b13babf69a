import type { MarketFeedDto, StateSnapshot } from '@aurora/contracts';

export interface MarketFeedNotice {
  severity: 'red' | 'amber';
  title: string;
  detail: string;
}

/**
 * What the operator must be told about the mirror feed (paper trading on Binance's prices), or
 * null when there is nothing to say: no mirror, or its upstream is live. Red when the market is
 * halted (no real prices, nothing fills); amber while connecting and on the synthetic fallback
 * the operator asked for (trading goes on, on made-up prices).
 */
export function marketFeedNotice(feed: MarketFeedDto | undefined): MarketFeedNotice | null {
  if (!feed || feed.upstream === 'live') return null;
  const why = feed.error ? ` (${feed.error})` : '';
  if (feed.market === 'synthetic')
    return {
      severity: 'amber',
      title: 'MIRROR DOWN · SYNTHETIC PRICES',
      detail: `${feed.upstream_url} unreachable${why}: the simulator runs its synthetic market until it is back`,
    };
  if (feed.upstream === 'connecting')
    return {
      severity: 'amber',
      title: 'MIRROR CONNECTING',
      detail: `waiting for ${feed.upstream_url}: no real prices yet, the market is closed`,
    };
  return {
    severity: 'red',
    title: 'MIRROR DOWN · MARKET HALTED',
    detail: `${feed.upstream_url} unreachable${why}: no real prices, no order can fill`,
  };
}

/** The Venue row's text: the venue kind, and the mirror's state when the market follows Binance's. */
export function venueLabel(venue: StateSnapshot['venue']): string {
  const feed = venue.market_feed;
  if (!feed) return venue.kind;
  const state =
    feed.upstream === 'live' ? 'live' : feed.market === 'synthetic' ? 'fallback: synthetic' : feed.upstream;
  return `${venue.kind} · mirror ${state}`;
}
