import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  BacktestListResponse,
  ConfigResponse,
  ResearchDetailResponse,
  StateSnapshot,
} from '@aurora/contracts';
import { OPT_RUN, WF_RUN, seedResearchStore } from '../../apps/bot/src/research/research-store.fixture';
import { openWithToken, screenshot } from './dashboard-page';
import { startStack, waitFor, type Stack } from './harness';
import { cutOffParts } from './page-probes';

// The bot's backtest test double (generated candles, deterministic) makes the trials' reports;
// the runs are written through the optimizer's own ResearchStore before the bot starts.
const RUNNER = {
  url: new URL('../../apps/bot/src/backtests/synthetic-runner.fixture.ts', import.meta.url).href,
  exportName: 'runSyntheticBacktest',
};

describe('the Research page', () => {
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack({}, { backtestRunner: RUNNER, prepareDataDir: (dir) => seedResearchStore(dir) });
    page = await stack.browser.newPage(1280);
    await openWithToken(page, stack.url, stack.token);
    await page.getByTestId('nav-research').click();
    await page.getByTestId('page-research').waitFor();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('lists the runs with their progress and best score', async () => {
    const row = page.getByTestId(`research-run-${OPT_RUN}`);
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('ema-cross');
    expect(text).toContain('return · drawdown');
    expect(text).toContain('nsga2');
    expect(text).toContain('interrupted');
    expect(
      await row.locator('[data-num]').evaluateAll((els) => els.map((e) => e.getAttribute('data-num'))),
    ).toContain('7.9');
    const wf = await page.getByTestId(`research-run-${WF_RUN}`).innerText();
    expect(wf).toContain('walk-forward');
    expect(wf).toContain('3/3 windows');
    await screenshot(page, 'research-runs-1280');
    expect(await cutOffParts(page)).toEqual([]);
  });

  it('opens a run: the trials sortable by objective, the Pareto front drawn lazily', async () => {
    await page.getByTestId(`research-run-${OPT_RUN}`).click();
    await page.getByTestId('research-run-view').waitFor();
    const chart = page.getByTestId('pareto-chart');
    await chart.waitFor();
    expect(await chart.getAttribute('data-front')).toBe('3');
    expect(await chart.getAttribute('data-points')).toBe('4');
    await chart.locator('svg').first().waitFor();
    const order = () =>
      page
        .getByTestId('research-trials')
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
    expect((await order()).slice(0, 4)).toEqual(['trial-1', 'trial-0', 'trial-3', 'trial-2']);
    await page.getByTestId('research-trials').getByRole('button', { name: 'drawdown' }).click();
    expect((await order()).slice(0, 4)).toEqual(['trial-3', 'trial-0', 'trial-2', 'trial-1']);
    await screenshot(page, 'research-run-1280');
    expect(await cutOffParts(page)).toEqual([]);
  });

  it('backtests a trial for its report, then opens that report with one click', async () => {
    await page.getByTestId('trial-backtest-1').click();
    const run = await waitFor(
      async () =>
        (await stack.api.get('/backtests', BacktestListResponse)).items.find((r) => r.status === 'done'),
      20_000,
      'the trial backtest to finish',
    );
    expect(run.request).toMatchObject({
      strategy: 'ema-cross',
      symbols: ['BTCUSDT'],
      params: { fast: 12, slow: 40 },
    });
    const open = page.getByTestId('trial-report-1');
    await open.waitFor({ timeout: 15_000 });
    const [tab] = await Promise.all([stack.browser.context.waitForEvent('page'), open.click()]);
    await tab.getByText(run.figures!.trade_hash).waitFor({ timeout: 10_000 });
    await tab.close();
    const detail = await stack.api.get(`/research/runs/${OPT_RUN}`, ResearchDetailResponse);
    expect(detail.trials[1]!.report?.backtest_id).toBe(run.id);
  });

  it('uses a trial in Demo only once the strategy name is typed, through the config', async () => {
    const before = (await stack.api.get('/state', StateSnapshot)).truth.state_version;
    await page.getByTestId('trial-apply-1').click();
    const dialog = page.getByTestId('apply-dialog');
    await dialog.waitFor();
    const confirm = page.getByTestId('apply-dialog-confirm');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('apply-confirm').fill('ema cross');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('apply-confirm').fill('ema-cross');
    await screenshot(page, 'research-apply-1280');
    await confirm.click();
    await dialog.waitFor({ state: 'detached' });
    const { config, truth } = await stack.api.get('/config', ConfigResponse);
    expect(config.strategy.per_symbol.BTCUSDT).toMatchObject({
      name: 'ema-cross',
      params: { fast: 12, slow: 40 },
    });
    expect(truth.state_version).toBeGreaterThan(before);
    const actions = (await stack.api.get('/state', StateSnapshot)).control_actions;
    expect(actions.some((a) => a.action === 'research.apply')).toBe(true);
  });

  it('shows a walk-forward run: in against out of sample per window, and its in-sample runs', async () => {
    await page.getByTestId('research-back').click();
    await page.getByTestId(`research-run-${WF_RUN}`).click();
    const chart = page.getByTestId('walk-forward-chart');
    await chart.waitFor();
    expect(await chart.getAttribute('data-windows')).toBe('3');
    await chart.locator('svg').first().waitFor();
    expect(Number(await page.getByTestId('wf-efficiency').getAttribute('data-num'))).toBeCloseTo(
      (1.3 / 5.4) * 100,
      6,
    );
    await screenshot(page, 'research-walk-forward-1280');
    expect(await cutOffParts(page)).toEqual([]);
    await page.getByTestId('wf-open-0').click();
    await page.getByTestId('trial-0').waitFor();
    expect(await page.getByTestId('research-back').innerText()).toContain('Walk-forward run');
  });
});
