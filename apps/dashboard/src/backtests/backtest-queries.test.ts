import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { API_PREFIX, type BacktestListResponse, type BacktestRunSummary } from '@aurora/contracts';
import { startTestBot, type TestBot } from '../../../bot/src/testing/bot-harness';
import { ApiClient } from '../api/api-client';
import { ApiRequestError } from '../api/api-errors';
import { formToRequest, defaultForm } from './backtest-model';
import { applyBacktestPush, BACKTESTS_KEY, backtestStrategiesQuery, backtestsQuery, startBacktest } from './backtest-queries';

// The page's data hooks read through these query definitions, against a real bot on loopback
// whose backtest runner is the test double (generated candles, deterministic).
const RUNNER = { url: new URL('../../../bot/src/backtests/synthetic-runner.fixture.ts', import.meta.url).href, exportName: 'runSyntheticBacktest' };

let bot: TestBot;
let api: ApiClient;
beforeAll(async () => {
  bot = await startTestBot({}, undefined, { backtestRunner: RUNNER });
  api = new ApiClient(bot.token, () => undefined, `${bot.url}${API_PREFIX}`);
});
afterAll(async () => {
  await bot?.close();
});

const run = (id: string, over: Partial<BacktestRunSummary> = {}): BacktestRunSummary => ({
  id,
  status: 'running',
  request: { strategy: 'ema-cross', params: {}, symbols: ['BTCUSDT'], from: 0, to: 1, balance: '10000', data: 'catalog' },
  started_at: 1,
  finished_at: null,
  progress: 0,
  error: null,
  figures: null,
  ...over,
});

describe('backtest data hooks', () => {
  it('load the strategies the bot has, and say that it can run backtests', async () => {
    const qc = new QueryClient();
    const data = await qc.fetchQuery(backtestStrategiesQuery(api));
    expect(data.available).toBe(true);
    expect(data.strategies.map((s) => s.name)).toContain('ema-cross');
  });

  it('start a run from the form, see it in the list at once, and read its report when it is done', async () => {
    const qc = new QueryClient();
    const form = formToRequest({ ...defaultForm(Date.UTC(2024, 0, 10), 'ema-cross'), from: '2024-01-01', to: '2024-01-03', source: 'synthetic', seed: '9' });
    if (!form.ok) throw new Error(JSON.stringify(form.problems));
    const started = await startBacktest(api, qc, form.request);
    expect(qc.getQueryData<BacktestListResponse>(BACKTESTS_KEY)?.items[0]).toMatchObject({ id: started.id, status: 'running' });

    let done: BacktestRunSummary | undefined;
    for (let i = 0; i < 100 && done?.status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const list = await qc.fetchQuery({ ...backtestsQuery(api), staleTime: 0 });
      done = list.items.find((r) => r.id === started.id);
    }
    expect(done).toMatchObject({ status: 'done', progress: 1 });
    const html = await api.getText(`/backtests/${started.id}/report.html`);
    expect(html).toContain(done!.figures!.trade_hash);
    await expect(api.getText('/backtests/bt-20240101-000000-abcdef/report.html')).rejects.toBeInstanceOf(ApiRequestError);
  });

  it('a refused start surfaces the bot\'s code', async () => {
    const qc = new QueryClient();
    const form = formToRequest({ ...defaultForm(Date.UTC(2024, 0, 10), 'no-such-strategy'), from: '2024-01-01', to: '2024-01-02' });
    if (!form.ok) throw new Error('form');
    await expect(startBacktest(api, qc, form.request)).rejects.toMatchObject({ status: 400, code: 'UNKNOWN_STRATEGY' });
    expect(qc.getQueryData(BACKTESTS_KEY)).toBeUndefined();
  });

  it('a pushed progress lands in the cached list; the end of a run reads the list again', async () => {
    const qc = new QueryClient();
    qc.setQueryData<BacktestListResponse>(BACKTESTS_KEY, { items: [run('a', { status: 'done' })] });
    applyBacktestPush(qc, run('b', { progress: 0.25 }));
    expect(qc.getQueryData<BacktestListResponse>(BACKTESTS_KEY)?.items.map((r) => [r.id, r.progress])).toEqual([
      ['b', 0.25],
      ['a', 0],
    ]);
    expect(qc.getQueryState(BACKTESTS_KEY)?.isInvalidated).toBe(false);
    applyBacktestPush(qc, run('b', { status: 'done', progress: 1 }));
    expect(qc.getQueryData<BacktestListResponse>(BACKTESTS_KEY)?.items[0]).toMatchObject({ id: 'b', status: 'done' });
    expect(qc.getQueryState(BACKTESTS_KEY)?.isInvalidated).toBe(true);
  });
});
