import { describe, expect, it } from 'vitest';
import type { MarketFeedDto } from '@aurora/contracts';
import { marketFeedNotice, venueLabel } from './market-feed-notice';

const feed = (over: Partial<MarketFeedDto>): MarketFeedDto => ({
  kind: 'mirror',
  upstream_url: 'wss://data-stream.binance.vision:443',
  upstream: 'live',
  market: 'mirroring',
  fallback: 'none',
  since: 1,
  last_trade_at: null,
  error: null,
  ...over,
});

describe('market feed notice', () => {
  it('says nothing without a mirror or while its upstream is live', () => {
    expect(marketFeedNotice(undefined)).toBeNull();
    expect(marketFeedNotice(feed({}))).toBeNull();
  });

  it('is red when the upstream is down and the market halted, naming the host and the error', () => {
    expect(marketFeedNotice(feed({ upstream: 'down', market: 'halted', error: 'ECONNREFUSED' }))).toEqual({
      severity: 'red',
      title: 'MIRROR DOWN · MARKET HALTED',
      detail:
        'wss://data-stream.binance.vision:443 unreachable (ECONNREFUSED): no real prices, no order can fill',
    });
  });

  it('is amber on the synthetic fallback and while connecting', () => {
    expect(
      marketFeedNotice(feed({ upstream: 'down', market: 'synthetic', fallback: 'synthetic' })),
    ).toMatchObject({
      severity: 'amber',
      title: 'MIRROR DOWN · SYNTHETIC PRICES',
    });
    expect(marketFeedNotice(feed({ upstream: 'connecting' }))?.severity).toBe('amber');
  });

  it('labels the venue with the mirror state', () => {
    const venue = { kind: 'sim' as const, rest_url: '', ws_url: '' };
    expect(venueLabel(venue)).toBe('sim');
    expect(venueLabel({ ...venue, market_feed: feed({}) })).toBe('sim · mirror live');
    expect(venueLabel({ ...venue, market_feed: feed({ upstream: 'down', market: 'halted' }) })).toBe(
      'sim · mirror down',
    );
    expect(venueLabel({ ...venue, market_feed: feed({ upstream: 'down', market: 'synthetic' }) })).toBe(
      'sim · mirror fallback: synthetic',
    );
  });
});
