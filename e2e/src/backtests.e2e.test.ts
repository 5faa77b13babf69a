import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BacktestDetailResponse, BacktestListResponse, BacktestStartResponse } from '@aurora/contracts';
import { openWithToken, screenshot } from './dashboard-page';
import { startStack, waitFor, type Stack } from './harness';
import { cutOffParts } from './page-probes';

// The runner is the bot's test double (generated candles, deterministic): the kernel's runner
// is wired by start-bot once it exists; the page and the API around it are what is tested here.
const RUNNER = {
  url: new URL('../../apps/bot/src/backtests/synthetic-runner.fixture.ts', import.meta.url).href,
  exportName: 'runSyntheticBacktest',
};

describe('the Backtests page', () => {
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack({}, { backtestRunner: RUNNER });
    page = await stack.browser.newPage(1280);
    await openWithToken(page, stack.url, stack.token);
    await page.getByTestId('nav-backtests').click();
    await page.getByTestId('page-backtests').waitFor();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('starts a run from the form and lists it with the figures the API reports', async () => {
    await page.getByTestId('bt-strategy').selectOption('ema-cross');
    await page.getByTestId('bt-symbols').fill('btcusdt, ETHUSDT');
    await page.getByTestId('bt-from').fill('2024-01-01');
    await page.getByTestId('bt-to').fill('2024-01-14');
    await page.getByTestId('bt-source').selectOption('synthetic');
    await page.getByTestId('bt-seed').fill('11');
    await page.getByTestId('bt-start').click();

    const run = await waitFor(
      async () => (await stack.api.get('/backtests', BacktestListResponse)).items.find((r) => r.status === 'done'),
      20_000,
      'the run to finish',
    );
    expect(run.request).toMatchObject({ strategy: 'ema-cross', symbols: ['BTCUSDT', 'ETHUSDT'], data: 'synthetic:days=14,seed=11' });
    const row = page.getByTestId(`bt-run-${run.id}`);
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toContain('done');
    const sources = await row.locator('[data-num]').evaluateAll((els) => els.map((e) => e.getAttribute('data-num')));
    expect(sources).toEqual(expect.arrayContaining([String(run.figures!.total_return_pct), String(run.figures!.trades), run.figures!.net_profit]));
  });

  it('opens the report in a new tab, with the trade hash of the stored report', async () => {
    const run = (await stack.api.get('/backtests', BacktestListResponse)).items.find((r) => r.status === 'done')!;
    const { report } = await stack.api.get(`/backtests/${run.id}`, BacktestDetailResponse);
    const [tab] = await Promise.all([stack.browser.context.waitForEvent('page'), page.getByTestId(`bt-open-${run.id}`).click()]);
    await tab.getByText(report!.trade_hash).waitFor({ timeout: 10_000 });
    expect(await tab.title()).toBe('Backtest · ema-cross · BTCUSDT, ETHUSDT');
    await tab.close();
  });

  it('shows a run\'s progress as it is pushed, and refuses a second start while it runs', async () => {
    const { run } = await stack.api.post(
      '/backtests',
      { strategy: 'rsi-reversion', symbols: ['BTCUSDT'], from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 0, 8), data: 'synthetic:seed=2,pause=400' },
      BacktestStartResponse,
    );
    const pct = page.getByTestId('bt-progress-pct');
    await expect.poll(async () => Number(await pct.getAttribute('data-num').catch(() => '0')), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('bt-start').isDisabled()).toBe(true);
    expect((await stack.api.raw('/backtests', { json: { strategy: 'ema-cross', symbols: ['BTCUSDT'], from: 0, to: 86_400_000 } })).status).toBe(409);
    await screenshot(page, 'backtests-running-1280');
    expect(await cutOffParts(page)).toEqual([]);
    await page.getByTestId(`bt-open-${run.id}`).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('bt-progress').count()).toBe(0);
    await screenshot(page, 'backtests-1280');
  });
});
