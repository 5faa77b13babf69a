import type { MarketFeedDto } from '@aurora/contracts';
import type { MirrorStatus } from '@aurora/exchange-sim';
import type { Logger } from '../logging/logger';
import type { AppState } from '../state/app-state';

export const marketFeedDto = (s: MirrorStatus): MarketFeedDto => ({
  kind: 'mirror',
  upstream_url: s.url,
  upstream: s.upstream,
  market: s.market,
  fallback: s.fallback,
  since: s.since,
  last_trade_at: s.lastTradeAt,
  error: s.error,
});

/**
 * Turns the mirror's upstream state into the bot's state, loudly. No real market (connecting or
 * down, no fallback): a MARKET_FEED_DOWN no-go, because the simulator has halted and nothing
 * would fill honestly. Down with the synthetic fallback the operator asked for: trading goes on,
 * but an error entry says the prices are now made up (and the snapshot's market_feed shows it).
 */
export class MarketFeedWatch {
  private last: string | null = null;

  constructor(
    private readonly state: AppState,
    private readonly log: Logger,
  ) {}

  update(status: MirrorStatus | null): void {
    if (status === null) {
      this.state.clearNoGo('MARKET_FEED_DOWN');
      this.last = null;
      return;
    }
    const key = `${status.upstream}/${status.market}`;
    const changed = key !== this.last;
    this.last = key;
    const why = status.error ? ` (${status.error})` : '';
    if (status.upstream === 'live') {
      this.state.clearNoGo('MARKET_FEED_DOWN');
      if (changed) this.log.info({ upstream: status.url }, 'mirror: following the upstream market');
      return;
    }
    if (status.market === 'synthetic') {
      this.state.clearNoGo('MARKET_FEED_DOWN');
      if (changed) {
        const msg = `Mirror upstream ${status.url} unreachable${why}: SYNTHETIC prices until it is back (fallback asked for)`;
        this.state.recordError('market-feed', 'MIRROR_FALLBACK', msg);
        this.log.error(
          { upstream: status.url, error: status.error },
          'mirror: upstream down, synthetic fallback',
        );
      }
      return;
    }
    const msg =
      status.upstream === 'connecting'
        ? `Connecting to the mirror upstream ${status.url}: no real prices yet, the market is closed`
        : `Mirror upstream ${status.url} unreachable${why}: the market is halted, no order can fill`;
    this.state.raiseNoGo('MARKET_FEED_DOWN', msg);
    if (changed && status.upstream === 'down') {
      this.state.recordError('market-feed', 'MIRROR_DOWN', msg);
      this.log.error({ upstream: status.url, error: status.error }, 'mirror: upstream down, market halted');
    }
  }
}
