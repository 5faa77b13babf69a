import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import DecimalJs from 'decimal.js';
import { PositionDetailResponse, PositionsResponse } from '@aurora/contracts';
import { figure, openWithToken, screenshot } from './dashboard-page';
import { startStack, waitFor, type Stack } from './harness';
import { buyAtMarket, filledPositionFor, waitUntilTradable } from './trading-flow';

const SYMBOL = 'BTCUSDT';

/* (3, the other way) Moving the simulator's price through the take-profit closes the position on screen. */
describe('exits reach the dashboard', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    await waitUntilTradable(stack, SYMBOL);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('moves a position to Closed positions within 1 s of the API closing it after a price jump', async () => {
    const sim = stack.sim;
    expect(sim, 'the e2e bot runs the embedded simulator').not.toBeNull();
    const page = await stack.browser.newPage(1280);
    await openWithToken(page, stack.url, stack.token, 'positions');

    const decision = await buyAtMarket(stack, SYMBOL);
    const open = await filledPositionFor(stack, decision.id);
    await page.getByTestId(`position-row-${open.id}`).waitFor();
    expect(open.take_profit_price, 'a strategy-sized manual entry carries a take-profit').not.toBeNull();

    // Hold the synthetic feed still, then put the market clearly through the take-profit.
    await sim?.pauseFeed(true);
    await sim?.setPrice(SYMBOL, new DecimalJs(open.take_profit_price ?? '0').times('1.003').toFixed(2));

    const closed = await waitFor(
      async () => {
        const page = await stack.api.get('/positions?status=closed&limit=100', PositionsResponse);
        return page.items.find((p) => p.id === open.id);
      },
      15_000,
      'the take-profit exit to close the position',
    );
    const closedAt = Date.now();
    await page.getByTestId(`closed-position-row-${open.id}`).waitFor({ timeout: 1_000 });
    expect(Date.now() - closedAt).toBeLessThanOrEqual(1_000);
    await page.getByTestId(`position-row-${open.id}`).waitFor({ state: 'detached', timeout: 1_000 });

    // The details of the closed position: the whole timeline and the API's realized PnL.
    const detail = await stack.api.get(`/positions/${open.id}`, PositionDetailResponse);
    expect(detail.position.status).toBe('Closed');
    await page.getByTestId(`closed-position-row-${open.id}`).getByRole('button', { name: 'Details' }).click();
    const modal = page.getByTestId('position-modal');
    await modal.getByTestId('position-timeline').waitFor();
    expect(await figure(page, 'position-modal-realized')).toBe(detail.position.realized_pnl);
    expect(await modal.getByTestId('timeline-closed').getByText('—').count()).toBe(0);
    expect(closed.closed_at).not.toBeNull();
    await screenshot(page, 'exit-closed-position-1280');
    await page.close();
  });
});
