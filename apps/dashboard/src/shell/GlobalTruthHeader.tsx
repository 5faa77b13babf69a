import type { ReactNode } from 'react';
import { Activity, Wifi, WifiOff } from 'lucide-react';
import { useLiveState, useTruthState } from '../live/live-context';
import { useServerNow } from '../live/server-clock';
import { Age, Num, Timestamp } from '../ui/figures';
import { Badge, type BadgeTone } from '../ui/Badge';
import type { AccountMode, TradingMode } from '@aurora/contracts';

const TRADING_TONE: Record<TradingMode, BadgeTone> = { RUNNING: 'up', PAUSED: 'warn', KILLED: 'down' };
const ACCOUNT_TONE: Record<AccountMode, BadgeTone> = { DEMO: 'accent', LIVE: 'down' };

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline gap-1.5 whitespace-nowrap">
      <span className="text-[11px] text-muted uppercase">{label}</span>
      <span className="font-mono text-xs">{children}</span>
    </div>
  );
}

/** The truth the screen is showing: which state version, when, and how fresh each input is. */
export function GlobalTruthHeader() {
  const { state } = useTruthState();
  const live = useLiveState();
  const serverNow = useServerNow();
  const connected = live.connection.status === 'open';

  if (!state) {
    return (
      <div data-testid="truth-header" className="flex h-8 items-center gap-3 px-4 text-xs text-muted">
        <Activity size={14} className="animate-pulse" /> Waiting for the first state snapshot…
      </div>
    );
  }

  return (
    <div data-testid="truth-header" className="flex flex-wrap items-center gap-x-5 gap-y-1 px-4 py-1.5">
      <Badge tone={ACCOUNT_TONE[state.account_mode]} testId="account-mode">
        {state.account_mode}
      </Badge>
      <Badge tone={TRADING_TONE[state.trading_mode]} testId="trading-mode">
        {state.trading_mode}
      </Badge>
      <Badge testId="venue">{state.venue.kind.toUpperCase()}</Badge>
      <Item label="State v">
        <Num value={state.truth.state_version} testId="truth-state-version" />
      </Item>
      <Item label="Server">
        <Timestamp ms={state.truth.server_time} testId="truth-server-time" />
        <span className="ml-1 text-muted">UTC</span>
      </Item>
      <Item label="WS seq">
        <Num value={state.truth.ws_sequence} testId="truth-ws-seq" />
      </Item>
      <Item label="State age">
        <Age since={state.truth.server_time} now={serverNow} warnAfterMs={10_000} testId="truth-state-age" />
      </Item>
      <Item label="Market">
        <Age
          since={state.health.market_data_last_message_at}
          now={serverNow}
          warnAfterMs={5_000}
          testId="truth-market-age"
        />
      </Item>
      <Item label="User stream">
        <Age since={state.health.user_stream_last_event_at} now={serverNow} testId="truth-user-stream-age" />
      </Item>
      <div className="ml-auto flex items-center gap-1.5 text-xs" data-testid="connection-status">
        {connected ? <Wifi size={14} className="text-up" /> : <WifiOff size={14} className="text-down" />}
        <span className={connected ? 'text-up' : 'text-down'}>{connected ? 'Live' : 'Disconnected'}</span>
      </div>
    </div>
  );
}
