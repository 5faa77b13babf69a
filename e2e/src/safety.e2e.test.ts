import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlResponse, LIVE_CONFIRMATION_PHRASE, StateResponse } from '@aurora/contracts';
import { openWithToken, screenshot } from './dashboard-page';
import { startStack, type Stack } from './harness';

/* (5) Live needs the typed phrase; (4) a kill shows the red no-go banner with its reason. */
describe('safety controls', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('refuses the switch to Live on a wrong phrase, and shows the server refusing when Live is not enabled', async () => {
    const page = await stack.browser.newPage(1280);
    await openWithToken(page, stack.url, stack.token);
    await page.getByTestId('control-go-live').click();
    const dialog = page.getByTestId('live-dialog');
    await dialog.waitFor();

    await dialog.getByTestId('live-dialog-input').fill('i understand this trades real money');
    await dialog.getByTestId('live-dialog-confirm').click();
    await expect
      .poll(() => dialog.getByTestId('live-dialog-refused').innerText())
      .toContain('does not match');
    expect((await stack.api.get('/state', StateResponse)).account_mode).toBe('DEMO');
    await screenshot(page, 'live-dialog-refused-1280');

    // The exact phrase goes to the bot, which still refuses: AURORA_LIVE_ENABLED is false.
    await dialog.getByTestId('live-dialog-input').fill(LIVE_CONFIRMATION_PHRASE);
    await dialog.getByTestId('live-dialog-confirm').click();
    await dialog.getByTestId('state-error').waitFor();
    expect(await dialog.getByTestId('state-error').innerText()).toContain('refused');
    expect((await stack.api.get('/state', StateResponse)).account_mode).toBe('DEMO');
    expect(await page.getByTestId('account-mode').innerText()).toBe('DEMO');
    await page.close();
  });

  it('shows the red no-go banner with the reason when trading is killed', async () => {
    const page = await stack.browser.newPage(1280);
    await openWithToken(page, stack.url, stack.token);
    expect(await page.getByTestId('banner-no-go').count()).toBe(0);

    const killed = await stack.api.post(
      '/control/kill',
      { reason: 'e2e kill switch drill' },
      ControlResponse,
    );
    expect(killed.trading_mode).toBe('KILLED');

    const banner = page.getByTestId('banner-no-go');
    await banner.waitFor({ timeout: 2_000 });
    expect(await banner.getAttribute('data-severity')).toBe('red');
    const state = await stack.api.get('/state', StateResponse);
    expect(state.no_go_reason).not.toBeNull();
    expect(await page.getByTestId('banner-no-go-reason').innerText()).toBe(state.no_go_reason?.message);
    expect(await page.getByTestId('trading-mode').innerText()).toBe('KILLED');
    await screenshot(page, 'killed-banner-1280');
    await page.close();
  });
});
