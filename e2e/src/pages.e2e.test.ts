import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  ConfigResponse,
  DecisionsResponse,
  OrdersResponse,
  TradesResponse,
  type PositionDto,
} from '@aurora/contracts';
import { configLeaves, expectFiguresMatchState, inputValueOf } from './api-parity';
import { ROUTES, gotoRoute, openWithToken, screenshot } from './dashboard-page';
import { startStack, type Stack } from './harness';
import { cutOffParts } from './page-probes';
import { buyAtMarket, filledPositionFor, waitUntilTradable } from './trading-flow';

const SYMBOL = 'BTCUSDT';

/* (2) Every page shows the API's values; (6) every page at 1280 and 1920 px, nothing cut off. */
describe('pages against a trading bot', () => {
  let stack: Stack;
  let page: Page;
  let position: PositionDto;

  beforeAll(async () => {
    stack = await startStack();
    await waitUntilTradable(stack, SYMBOL);
    const decision = await buyAtMarket(stack, SYMBOL);
    position = await filledPositionFor(stack, decision.id);
    page = await stack.browser.newPage(1280);
    await openWithToken(page, stack.url, stack.token);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('overview: header, KPIs, PnL and balances equal GET /state', async () => {
    await gotoRoute(page, 'overview');
    await expectFiguresMatchState(page, stack, (s) => ({
      ...Object.fromEntries(s.balances.map((b) => [`balance-${b.asset}-free`, b.free])),
      'kpi-equity-value': s.risk.equity,
      'kpi-equity-change-value': s.risk.equity_change_today,
      'kpi-realized-value': s.pnl_today.realized_today,
      'kpi-exposure-value': s.risk.total_exposure_usdt,
      'kpi-open-positions-value': String(s.risk.open_positions_count),
      'pnl-realized': s.pnl_today.realized_today,
      'pnl-unrealized': s.pnl_today.unrealized_now,
      'pnl-equity-change': s.pnl_today.equity_change_today,
    }));
    const trades = await stack.api.get('/trades?limit=25&offset=0', TradesResponse);
    const first = trades.items[0];
    expect(first, 'the fill made in beforeAll').toBeDefined();
    await expect
      .poll(() => page.getByTestId(`trade-${first?.id}-price`).getAttribute('data-num'))
      .toBe(first?.price);
    await expect
      .poll(() => page.getByTestId('action-log-trades-pages-total').getAttribute('data-num'))
      .toBe(String(trades.total));
  });

  it('positions: the open position and the aggregates equal GET /state', async () => {
    await gotoRoute(page, 'positions');
    await expectFiguresMatchState(page, stack, (s) => {
      const p = s.positions.find((x) => x.id === position.id);
      return {
        'agg-exposure-value': s.risk.total_exposure_usdt,
        'agg-realized-value': s.pnl_today.realized_today,
        'agg-unrealized-value': s.pnl_today.unrealized_now,
        'agg-equity-change-value': s.pnl_today.equity_change_today,
        'agg-open-value': String(s.risk.open_positions_count),
        [`position-${position.id}-qty`]: p?.open_qty ?? null,
        [`position-${position.id}-entry`]: p?.avg_entry_price ?? null,
        [`position-${position.id}-mark`]: p?.mark_price ?? null,
        [`position-${position.id}-upnl`]: p?.unrealized_pnl ?? null,
      };
    });
  });

  it('risk: gauge, breaker, rate limits equal GET /state; limits equal GET /config', async () => {
    await gotoRoute(page, 'risk');
    await expectFiguresMatchState(page, stack, (s) => ({
      'gauge-equity-change-pct': String(s.risk.equity_change_today_pct),
      'gauge-equity-change': s.risk.equity_change_today,
      'gauge-max-loss': String(s.risk.max_daily_loss_pct),
      'gauge-remaining': String(s.risk.remaining_daily_loss_pct),
      'breaker-consecutive-losses': String(s.risk.consecutive_losses),
      'breaker-daily-trades': String(s.risk.daily_trades_count),
      'rl-weight-used': String(s.rate_limits.used_weight_1m),
      'rl-orders-10s-used': String(s.rate_limits.order_count_10s),
    }));
    const { config } = await stack.api.get('/config', ConfigResponse);
    for (const [path, value] of configLeaves(config.risk, 'risk.')) {
      expect(await page.getByTestId(`config-${path}`).inputValue(), path).toBe(inputValueOf(value));
    }
  });

  it('orders & trades: totals and rows equal GET /orders and GET /trades', async () => {
    await gotoRoute(page, 'history');
    const orders = await stack.api.get('/orders?status=all&limit=25&offset=0', OrdersResponse);
    const trades = await stack.api.get('/trades?limit=25&offset=0', TradesResponse);
    await expect
      .poll(() => page.getByTestId('orders-pages-total').getAttribute('data-num'))
      .toBe(String(orders.total));
    await expect
      .poll(() => page.getByTestId('trades-pages-total').getAttribute('data-num'))
      .toBe(String(trades.total));
    const order = orders.items.find((o) => o.position_id === position.id);
    expect(order).toBeDefined();
    expect(await page.getByTestId(`order-${order?.intent_id}-qty`).getAttribute('data-num')).toBe(
      order?.quantity,
    );
  });

  it('decisions: total and the envelope equal GET /decisions', async () => {
    await gotoRoute(page, 'decisions');
    const decisions = await stack.api.get('/decisions?limit=25&offset=0', DecisionsResponse);
    await expect
      .poll(() => page.getByTestId('decisions-pages-total').getAttribute('data-num'))
      .toBe(String(decisions.total));
    const manual = decisions.items.find((d) => d.id === position.decision_id);
    expect(manual).toBeDefined();
    await page.getByTestId(`decision-row-${manual?.id}`).click();
    const modal = page.getByTestId('decision-modal');
    expect(await modal.getByTestId('envelope-entry-price').getAttribute('data-num')).toBe(
      manual?.proposal.entry_price,
    );
    await page.keyboard.press('Escape');
  });

  it('settings: every config value equals GET /config', async () => {
    await gotoRoute(page, 'settings');
    const { config } = await stack.api.get('/config', ConfigResponse);
    await page.getByTestId('settings-form').waitFor();
    for (const [path, value] of configLeaves(config)) {
      const input = page.getByTestId(`config-${path}`);
      if ((await input.getAttribute('type')) === 'checkbox')
        expect(await input.isChecked(), path).toBe(value === true);
      else expect(await input.inputValue(), path).toBe(inputValueOf(value));
    }
  });

  it.each([1280, 1920])('every page at %i px: screenshot, nothing wider than the window', async (width) => {
    await page.setViewportSize({ width, height: 1000 });
    for (const route of ROUTES) {
      await gotoRoute(page, route);
      await expect.poll(() => page.getByTestId('state-loading').count(), { timeout: 5_000 }).toBe(0);
      expect(await cutOffParts(page), `${route} at ${width}px`).toEqual([]);
      await screenshot(page, `${route}-${width}`);
    }
  });
});
