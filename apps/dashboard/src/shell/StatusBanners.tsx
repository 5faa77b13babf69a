import { OctagonAlert, PauseCircle, RadioTower, WifiOff } from 'lucide-react';
import type { NoGoReason } from '@aurora/contracts';
import { useLiveState, useTruthState } from '../live/live-context';
import { Timestamp } from '../ui/figures';
import { Button } from '../ui/Button';
import { marketFeedNotice } from './market-feed-notice';

/** Codes that mean "no trading will happen": shown red. Others (pause, start-up) amber. */
const RED_CODES = new Set<NoGoReason['code']>([
  'CIRCUIT_BREAKER',
  'KILLED',
  'DEAD_MAN_SWITCH',
  'VENUE_DOWN',
  'MARKET_FEED_DOWN',
]);

export function NoGoBanner() {
  const { state } = useTruthState();
  if (!state) return null;
  const reason = state.no_go_reason;
  const breaker = state.risk.circuit_breaker;
  const breakerOpen = breaker.state === 'Open';
  if (!reason && !breakerOpen) return null;
  const red = breakerOpen || (reason !== null && RED_CODES.has(reason.code));
  const code = reason?.code ?? 'CIRCUIT_BREAKER';
  const message = reason?.message ?? `Circuit breaker open (${breaker.reason ?? 'no reason given'})`;
  return (
    <div
      role="alert"
      data-testid="banner-no-go"
      data-severity={red ? 'red' : 'amber'}
      className={`flex items-center gap-2 px-4 py-1.5 text-sm font-medium ${red ? 'bg-down/90 text-white' : 'bg-warn/85 text-black'}`}
    >
      {red ? <OctagonAlert size={16} /> : <PauseCircle size={16} />}
      <span className="font-bold tracking-wide" data-testid="banner-no-go-code">
        NO-GO · {code.replaceAll('_', ' ')}
      </span>
      <span data-testid="banner-no-go-reason" className="min-w-0 truncate">
        {message}
      </span>
      <span className="ml-auto text-xs whitespace-nowrap opacity-90">
        since <Timestamp ms={reason?.since ?? breaker.tripped_at} /> UTC
      </span>
    </div>
  );
}

/** The mirror feed's upstream (Binance's public streams) is not live: halted or on made-up prices. */
export function MarketFeedBanner() {
  const { state } = useTruthState();
  const notice = marketFeedNotice(state?.venue.market_feed);
  if (!state || !notice) return null;
  const red = notice.severity === 'red';
  return (
    <div
      role="alert"
      data-testid="banner-market-feed"
      data-severity={notice.severity}
      className={`flex items-center gap-2 px-4 py-1.5 text-sm font-medium ${red ? 'bg-down/90 text-white' : 'bg-warn/85 text-black'}`}
    >
      <RadioTower size={16} />
      <span className="font-bold tracking-wide" data-testid="banner-market-feed-title">
        {notice.title}
      </span>
      <span className="min-w-0 truncate" data-testid="banner-market-feed-detail">
        {notice.detail}
      </span>
      {state.venue.market_feed ? (
        <span className="ml-auto text-xs whitespace-nowrap opacity-90">
          since <Timestamp ms={state.venue.market_feed.since} /> UTC
        </span>
      ) : null}
    </div>
  );
}

export function DisconnectedBanner() {
  const live = useLiveState();
  const { retry } = useTruthState();
  const { status, lastError } = live.connection;
  if (status === 'open' || status === 'stopped') return null;
  // Before the first snapshot the page shows its own loading state; the banner is for lost links.
  if (status === 'connecting' && live.snapshot === null) return null;
  return (
    <div
      role="alert"
      data-testid="banner-disconnected"
      className="flex items-center gap-2 bg-down px-4 py-1.5 text-sm font-medium text-white"
    >
      <WifiOff size={16} />
      <span>Live feed disconnected — showing the last known state.</span>
      {lastError ? <span className="min-w-0 truncate opacity-80">{lastError}</span> : null}
      <Button className="ml-auto border-white/60 bg-white/10 text-white hover:bg-white/20" onClick={retry}>
        Reconnect now
      </Button>
    </div>
  );
}
