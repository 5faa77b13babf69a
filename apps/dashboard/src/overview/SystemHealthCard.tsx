import type { ReactNode } from 'react';
import { HeartPulse } from 'lucide-react';
import { useLiveState } from '../live/live-context';
import { useServerNow } from '../live/server-clock';
import { Card } from '../ui/Card';
import { Age, Duration, Num, Timestamp } from '../ui/figures';
import { WithState } from '../ui/data-views';
import { venueLabel } from '../shell/market-feed-notice';

function Row({
  label,
  ok,
  children,
  testId,
}: {
  label: string;
  ok?: boolean;
  children: ReactNode;
  testId: string;
}) {
  return (
    <div
      data-testid={testId}
      className="flex items-center justify-between gap-2 border-b border-edge/50 py-1 last:border-0"
    >
      <span className="flex items-center gap-1.5 text-xs text-muted">
        {ok !== undefined ? (
          <span
            data-ok={ok ? 'true' : 'false'}
            className={`inline-block h-1.5 w-1.5 rounded-full ${ok ? 'bg-up' : 'bg-down'}`}
          />
        ) : null}
        {label}
      </span>
      <span className="font-mono text-xs">{children}</span>
    </div>
  );
}

export function SystemHealthCard() {
  const live = useLiveState();
  const now = useServerNow();
  return (
    <Card title="System health" icon={<HeartPulse size={14} />} testId="card-system-health">
      <WithState rows={6}>
        {(state) => {
          const h = state.health;
          return (
            <div>
              <Row label="User stream event" ok={h.user_stream_connected} testId="health-user-stream">
                <Age since={h.user_stream_last_event_at} now={now} testId="health-user-stream-age" />
              </Row>
              <Row label="Market data" ok={h.market_stream_connected} testId="health-market-data">
                <Age
                  since={h.market_data_last_message_at}
                  now={now}
                  warnAfterMs={5_000}
                  testId="health-market-age"
                />
              </Row>
              <Row
                label="Last reconcile"
                ok={state.last_reconcile?.ok ?? undefined}
                testId="health-reconcile"
              >
                <Age since={h.last_reconcile_at} now={now} testId="health-reconcile-age" />
              </Row>
              <Row label="Clock offset" testId="health-clock-offset">
                <Num value={h.clock_offset_ms} dp={0} suffix="ms" testId="health-clock-offset-value" />
              </Row>
              <Row
                label="Dashboard WS latency"
                ok={live.connection.status === 'open'}
                testId="health-ws-latency"
              >
                {live.latencyMs === null ? (
                  <span className="text-muted">—</span>
                ) : (
                  <span className="num" data-measured="">
                    {live.latencyMs.toFixed(0)}
                    <span className="ml-0.5 text-muted">ms</span>
                  </span>
                )}
              </Row>
              <Row label="Uptime" testId="health-uptime">
                <Duration
                  ms={now === null ? null : now - state.started_at}
                  source={String(state.started_at)}
                  testId="health-uptime-value"
                />
              </Row>
              <Row label="Venue" ok={h.venue_connected} testId="health-venue">
                <span data-testid="health-venue-label">{venueLabel(state.venue)}</span>
              </Row>
              <Row label="Database" ok={h.database_ok} testId="health-database">
                {h.database_ok ? 'ok' : 'failing'}
              </Row>
              <Row label="Event loop lag" testId="health-loop-lag">
                <Num value={h.event_loop_lag_ms} dp={1} suffix="ms" />
              </Row>
              <Row label="Heartbeat deadline" testId="health-dead-man">
                {state.dead_man.enabled ? <Timestamp ms={state.dead_man.heartbeat_deadline_at} /> : 'off'}
              </Row>
              <Row label="Dashboards connected" testId="health-ws-clients">
                <Num value={h.ws_clients} />
              </Row>
              {live.badMessages > 0 ? (
                <p className="mt-1 text-xs text-warn" data-testid="health-bad-messages">
                  <span className="num" data-measured="">
                    {live.badMessages}
                  </span>{' '}
                  live messages dropped (contract mismatch): {live.lastBadMessage}
                </p>
              ) : null}
            </div>
          );
        }}
      </WithState>
    </Card>
  );
}
