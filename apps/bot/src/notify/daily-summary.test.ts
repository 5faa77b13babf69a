import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultRuntimeConfig } from '@aurora/contracts';
import { DailySummarySchedule, SUMMARY_LEAD_MS, msUntilDailySummary } from './daily-summary';
import type { Notification } from './notification';

const at = (iso: string) => Date.parse(iso);

describe('daily summary time', () => {
  it('is one minute before the UTC trading day ends', () => {
    expect(msUntilDailySummary(at('2026-12-01T12:00:00Z'), 0)).toBe(at('2026-12-01T23:59:00Z') - at('2026-12-01T12:00:00Z'));
  });

  it('moves to the next day once this day’s summary time has passed', () => {
    const now = at('2026-12-01T23:59:30Z');
    expect(now + msUntilDailySummary(now, 0)).toBe(at('2026-12-02T23:59:00Z'));
  });

  it('follows the trading-day offset (a day starting 08:00 UTC is summarised at 07:59 UTC)', () => {
    // offset +480 min: the trading day starts at 00:00 UTC+8 = 16:00 UTC the day before.
    const now = at('2026-12-01T10:00:00Z');
    expect(now + msUntilDailySummary(now, 480)).toBe(at('2026-12-01T16:00:00Z') - SUMMARY_LEAD_MS);
    expect(now + msUntilDailySummary(now, -480)).toBe(at('2026-12-02T08:00:00Z') - SUMMARY_LEAD_MS);
  });
});

describe('daily summary schedule', () => {
  const figures = {
    snapshot: () =>
      ({
        quote_asset: 'USDT',
        pnl_today: { realized_today: '12.5', unrealized_now: '-1', unrealized_at_day_start: '0', equity_change_today: '11.5', series: [] },
        risk: { trading_day: '2026-12-01', equity_change_today_pct: 0.115, daily_trades_count: 3, max_daily_trades: 60, consecutive_losses: 0, max_consecutive_losses: 4, remaining_daily_loss_pct: 3, max_daily_loss_pct: 3, equity: '10012.5', start_of_day_equity: '10000' },
      }) as never,
    trading: { positions: () => ({ items: [], total: 0 }) } as never,
  };

  afterEach(() => vi.useRealTimers());

  it('sends the day’s figures at 23:59 UTC and again the next day; not when switched off', () => {
    vi.useFakeTimers({ now: at('2026-12-01T12:00:00Z') });
    let on = true;
    const got: Notification[] = [];
    const s = new DailySummarySchedule(figures, () => ({ notify: { ...defaultRuntimeConfig().notify, daily_summary: on }, risk: defaultRuntimeConfig().risk }), { now: () => Date.now() }, { notify: (n) => got.push(n) });
    s.start();
    vi.advanceTimersByTime(at('2026-12-01T23:58:59Z') - Date.now());
    expect(got).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ kind: 'DAILY_SUMMARY', title: 'Daily summary 2026-12-01', data: { realized_pnl: '12.5', trades: '3' } });
    expect(got[0]!.text).toContain('Realized today: 12.5 USDT');
    expect(got[0]!.text).toContain('No open positions.');
    on = false;
    vi.advanceTimersByTime(86_400_000);
    expect(got).toHaveLength(1);
    on = true;
    vi.advanceTimersByTime(86_400_000);
    expect(got).toHaveLength(2);
    s.stop();
  });
});
