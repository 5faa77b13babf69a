import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateResponse } from '@aurora/contracts';
import { screenshot, stateVersionShown } from './dashboard-page';
import { startStack, type Stack } from './harness';

/* (1) The foundation: token entry, live state, a control action round-trip. */
describe('foundation', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('enters the token, pauses, and shows the new state_version and trading mode', async () => {
    const heartbeatBefore = (await stack.api.get('/state', StateResponse)).dead_man.last_heartbeat_at ?? 0;
    const page = await stack.browser.newPage(1280);
    await page.goto(stack.url);
    await page.getByTestId('token-input').fill(stack.token);
    await page.getByTestId('token-submit').click();
    await page.getByTestId('truth-state-version').waitFor();
    expect(page.url()).not.toContain(stack.token);

    await expect.poll(() => page.getByTestId('trading-mode').innerText()).toBe('RUNNING');
    // The dashboard's heartbeat on load reaches the dead-man switch.
    await expect
      .poll(async () => (await stack.api.get('/state', StateResponse)).dead_man.last_heartbeat_at ?? 0)
      .toBeGreaterThan(heartbeatBefore);
    const before = await stateVersionShown(page);

    await page.getByTestId('control-pause').click();

    await expect.poll(() => page.getByTestId('trading-mode').innerText(), { timeout: 3_000 }).toBe('PAUSED');
    await expect.poll(() => stateVersionShown(page)).toBeGreaterThan(before);
    const api = await stack.api.get('/state', StateResponse);
    expect(api.trading_mode).toBe('PAUSED');
    expect(await page.getByTestId('banner-no-go').getAttribute('data-severity')).toBe('amber');
    await screenshot(page, 'foundation-paused-1280');

    await page.getByTestId('control-resume').click();
    await expect.poll(() => page.getByTestId('trading-mode').innerText(), { timeout: 3_000 }).toBe('RUNNING');
    await page.close();
  });

  it('refuses a wrong token on the token screen', async () => {
    const page = await stack.browser.newPage(1280);
    await page.goto(stack.url);
    await page.getByTestId('token-input').fill('not-the-token-0123456789');
    await page.getByTestId('token-submit').click();
    await expect.poll(() => page.getByTestId('token-error').innerText()).toContain('refused');
    expect(await page.getByTestId('truth-header').count()).toBe(0);
    await page.close();
  });
});
