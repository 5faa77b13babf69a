import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figure, openWithToken, screenshot } from './dashboard-page';
import { startStack, type Stack } from './harness';
import { buyAtMarket, filledPositionFor, waitUntilTradable } from './trading-flow';

const SYMBOL = 'BTCUSDT';

/* (3) A fill made in the simulator reaches the Positions page within a second. */
describe('fills reach the dashboard', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    await waitUntilTradable(stack, SYMBOL);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('shows a filled MARKET entry in Positions within 1 s of the API reporting it', async () => {
    const page = await stack.browser.newPage(1280);
    await openWithToken(page, stack.url, stack.token, 'positions');

    const decision = await buyAtMarket(stack, SYMBOL);
    // The moment the API first reports the filled position…
    const position = await filledPositionFor(stack, decision.id);
    const reportedAt = Date.now();
    // …the row must show it filled (it may already be there as Pending) within a second.
    await page
      .locator(`[data-testid="position-${position.id}-qty"][data-num="${position.open_qty}"]`)
      .first()
      .waitFor({ timeout: 1_000 });
    expect(Date.now() - reportedAt).toBeLessThanOrEqual(1_000);

    expect(await figure(page, `position-${position.id}-qty`)).toBe(position.open_qty);
    expect(await figure(page, `position-${position.id}-entry`)).toBe(position.avg_entry_price);
    expect(await page.getByTestId(`position-${position.id}-status`).innerText()).toBe('Open');
    // The bot's TRADE_EXECUTED event arrives as a green toast.
    await page
      .getByTestId('toast-success')
      .filter({ hasText: 'Trade executed' })
      .first()
      .waitFor({ timeout: 2_000 });
    await screenshot(page, 'fill-positions-1280');

    // The details modal carries the decision envelope and the timeline.
    await page.getByTestId(`position-${position.id}-details`).click();
    const modal = page.getByTestId('position-modal');
    await modal.getByTestId('decision-envelope').waitFor();
    expect(await modal.getByTestId('envelope-id').innerText()).toBe(decision.id);
    expect(await modal.getByTestId('envelope-final').getAttribute('data-verdict')).toBe('ALLOW');
    expect(await figure(page, 'position-modal-filled')).toBe(position.filled_qty);
    await screenshot(page, 'fill-position-details-1280');
    await page.close();
  });
});
