import type { NotifyConfig, RiskConfig } from '@aurora/contracts';
import { tradingDayIndex, tradingDayStart } from '@aurora/core';
import type { BotContext } from '../runtime/bot-context';
import type { Notification } from './notification';
import type { Notifier } from './notifier';
import { pnlText, positionsText } from './status-text';

const DAY_MS = 86_400_000;
/** Sent this long before the trading day ends, so the day's figures are still the day's. */
export const SUMMARY_LEAD_MS = 60_000;

/** Milliseconds from `now` to the next summary time: one minute before the trading day rolls. */
export function msUntilDailySummary(now: number, tradingDayOffsetMin: number): number {
  // The risk engine's calendar: the day ends where the next one starts.
  const dayEnd = tradingDayStart(tradingDayIndex(now, tradingDayOffsetMin) + 1, tradingDayOffsetMin);
  let at = dayEnd - SUMMARY_LEAD_MS;
  if (at <= now) at += DAY_MS;
  return at - now;
}

export function dailySummary(ctx: Pick<BotContext, 'snapshot' | 'trading'>, at: number): Notification {
  const s = ctx.snapshot();
  return {
    kind: 'DAILY_SUMMARY',
    title: `Daily summary ${s.risk.trading_day}`,
    text: `${pnlText(ctx)}\n\n${positionsText(ctx)}`,
    at,
    data: {
      trading_day: s.risk.trading_day,
      realized_pnl: s.pnl_today.realized_today,
      unrealized_pnl: s.pnl_today.unrealized_now,
      equity_change_today: s.pnl_today.equity_change_today,
      trades: String(s.risk.daily_trades_count),
      equity: s.risk.equity,
      quote_asset: s.quote_asset,
    },
  };
}

/** Arms one timer for the next summary, re-arms after each; off when notify.daily_summary is false. */
export class DailySummarySchedule {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: Pick<BotContext, 'snapshot' | 'trading'>,
    private readonly config: () => { notify: NotifyConfig; risk: RiskConfig },
    private readonly clock: { now(): number },
    private readonly notifier: Notifier,
  ) {}

  start(): void {
    this.stop();
    const delay = msUntilDailySummary(this.clock.now(), this.config().risk.trading_day_offset_min);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.config().notify.daily_summary) this.notifier.notify(dailySummary(this.ctx, this.clock.now()));
      this.start();
    }, delay);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
