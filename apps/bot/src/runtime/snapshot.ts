import type { StateSnapshot } from '@aurora/contracts';
import { intentToOrderDto } from '@aurora/core';
import { EMPTY_RATE_LIMITS, positionDto, type TradingKernel } from '@aurora/engine';
import type { AppState } from '../state/app-state';
import type { BinanceVenue } from './binance-venue';
import type { ConfigService } from './config-service';
import { marketFeedDto } from './market-feed-watch';

/** What the snapshot reads of the runtime: the kernel, its Binance venue and the host's own measures. */
export interface SnapshotSource extends Pick<
  TradingKernel,
  'engines' | 'market' | 'account' | 'lastReconcileResult' | 'venueConnected' | 'querySources' | 'pnlSeries' | 'audit' | 'observerFlow'
> {
  readonly venue: BinanceVenue | null;
  eventLoopLagMs(): number | null;
}

const RECENT_DECISIONS = 50;
const RECENT_CLOSED = 20;

/** The whole truth in one object: what GET /state answers and the WebSocket pushes. */
export function buildSnapshot(
  rt: SnapshotSource,
  d: { state: AppState; config: ConfigService; dbHealthy(): boolean },
  wsClients: number,
): StateSnapshot {
  const { state, config } = d;
  const cfg = config.get();
  const e = rt.engines;
  const h = rt.venue?.health();
  const open = e.positions.getOpenPositions();
  const recentClosed = e.positions
    .getAllPositions()
    .filter((p) => p.status === 'Closed' || p.status === 'Cancelled')
    .sort((a, b) => (b.closedAt ?? b.updatedAt) - (a.closedAt ?? a.updatedAt))
    .slice(0, RECENT_CLOSED);
  const openSymbols = [...new Set(open.map((p) => p.symbol))];
  const matrixSymbols = openSymbols.length > 0 ? openSymbols : cfg.symbols;
  const deadMan = e.deadMan.toDto();
  const pnl = e.risk.pnlToday();
  const venue = rt.venue;
  const feed = venue?.marketFeed() ?? null;
  return {
    truth: state.truth(),
    started_at: state.startedAt,
    ready: state.ready,
    trading_mode: state.tradingMode,
    account_mode: state.accountMode,
    venue: {
      kind: venue?.kind ?? 'sim',
      rest_url: venue?.connection.venue.restUrl ?? '',
      ws_url: venue?.connection.venue.wsApiUrl ?? '',
      ...(feed ? { market_feed: marketFeedDto(feed) } : {}),
    },
    no_go_reason: state.noGoReason,
    symbols: cfg.symbols,
    quote_asset: cfg.quote_asset,
    health: {
      user_stream_last_event_at: h?.user_stream_last_event_at ?? null,
      user_stream_connected: h?.user_stream_connected ?? false,
      market_data_last_message_at: rt.market.lastMessageAt ?? h?.market_data_last_message_at ?? null,
      market_stream_connected: h?.market_stream_connected ?? false,
      last_reconcile_at: rt.lastReconcileResult?.finished_at ?? null,
      clock_offset_ms: h?.clock_offset_ms ?? null,
      last_time_sync_at: h?.last_time_sync_at ?? null,
      database_ok: d.dbHealthy(),
      venue_connected: rt.venueConnected(),
      exchange_info_loaded_at: h?.exchange_info_loaded_at ?? null,
      event_loop_lag_ms: rt.eventLoopLagMs(),
      ws_clients: wsClients,
    },
    balances: rt.account.list().map((b) => ({ asset: b.asset, free: b.free.toFixed(), locked: b.locked.toFixed() })),
    dust: e.positions.dust.list().map((x) => {
      const px = rt.account.priceOf(x.asset);
      return { asset: x.asset, qty: x.qty.toFixed(), booked_value: x.bookedValue.toFixed(), mark_value: px ? x.qty.mul(px).toFixed() : null };
    }),
    market: rt.market.quotes(cfg.symbols),
    positions: [...open, ...recentClosed].map((p) => positionDto(rt.querySources(), p)),
    open_orders: e.intents.listOpen().map(intentToOrderDto),
    risk: e.risk.toDto(),
    // The risk engine's own figures, so equity_change_today here and in risk are one number.
    pnl_today: {
      realized_today: pnl.realizedToday.toFixed(),
      unrealized_now: pnl.unrealizedNow.toFixed(),
      unrealized_at_day_start: pnl.unrealizedAtDayStart.toFixed(),
      equity_change_today: pnl.equityChangeToday.toFixed(),
      series: rt.pnlSeries.list(),
    },
    rate_limits: rt.venue?.rateLimits() ?? EMPTY_RATE_LIMITS,
    recent_decisions: e.pipeline.recent(RECENT_DECISIONS),
    last_reconcile: rt.lastReconcileResult,
    last_audit: rt.audit.lastResult,
    control_actions: state.controlActions(50),
    recent_errors: state.recentErrors(50),
    latency: e.latency.snapshot(),
    tca: e.tca.summary(),
    correlation: e.correlation.matrix(matrixSymbols),
    dead_man: deadMan,
    observer: rt.observerFlow.observer.dto(),
  };
}
