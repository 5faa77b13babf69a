import type { BotContext } from '../runtime/bot-context';

/*
 * Plain-text answers for the operator's phone (no Markdown: nothing to escape, nothing to break).
 * Everything is read from the same snapshot and queries the API answers with.
 */

type Ctx = Pick<BotContext, 'snapshot' | 'trading'>;

export function statusText(ctx: Ctx): string {
  const s = ctx.snapshot();
  const lines = [
    `Trading: ${s.trading_mode} · Account: ${s.account_mode} (${s.venue.kind})`,
    `Ready: ${s.ready ? 'yes' : 'no'} · Venue: ${s.health.venue_connected ? 'connected' : 'DOWN'}`,
    `No-go: ${s.no_go_reason ? `${s.no_go_reason.code}: ${s.no_go_reason.message}` : 'none'}`,
    `Breaker: ${s.risk.circuit_breaker.state} · Risk mode: ${s.risk.risk_mode}`,
    `Open positions: ${s.risk.open_positions_count}/${s.risk.max_concurrent_positions} · Open orders: ${s.open_orders.length}`,
    `Equity: ${s.risk.equity} ${s.quote_asset}`,
  ];
  return lines.join('\n');
}

export function positionsText(ctx: Ctx): string {
  const page = ctx.trading.positions({ status: 'open', limit: 20, offset: 0 });
  if (page.items.length === 0) return 'No open positions.';
  const lines = page.items.map(
    (p) =>
      `${p.symbol} ${p.side} ${p.open_qty} @ ${p.avg_entry_price ?? '?'} · mark ${p.mark_price ?? '?'} · uPnL ${p.unrealized_pnl}` +
      (p.stop_price ? ` · stop ${p.stop_price}` : '') +
      ` · ${p.status}`,
  );
  if (page.total > page.items.length) lines.push(`… and ${page.total - page.items.length} more`);
  return `Open positions (${page.total}):\n${lines.join('\n')}`;
}

export function pnlText(ctx: Ctx): string {
  const s = ctx.snapshot();
  const r = s.risk;
  return [
    `Trading day ${r.trading_day}`,
    `Equity change today: ${s.pnl_today.equity_change_today} ${s.quote_asset} (${r.equity_change_today_pct.toFixed(2)} %)`,
    `Realized today: ${s.pnl_today.realized_today} ${s.quote_asset}`,
    `Unrealized now: ${s.pnl_today.unrealized_now} ${s.quote_asset}`,
    `Trades today: ${r.daily_trades_count}/${r.max_daily_trades} · Consecutive losses: ${r.consecutive_losses}/${r.max_consecutive_losses}`,
    `Daily loss limit left: ${r.remaining_daily_loss_pct.toFixed(2)} % of ${r.max_daily_loss_pct} %`,
    `Equity: ${r.equity} ${s.quote_asset} (start of day ${r.start_of_day_equity})`,
  ].join('\n');
}
