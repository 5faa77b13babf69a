import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiErrorBody,
  ConfigResponse,
  ResearchApplyResponse,
  ResearchDetailResponse,
  ResearchListResponse,
  ResearchTrialBacktestResponse,
  StateSnapshot,
} from '@aurora/contracts';
import { OPT_RUN, WF_RUN, seedResearchStore } from '../research/research-store.fixture';
import { startTestBot, TEST_TOKEN, type TestBot } from '../testing/bot-harness';
import { applyCli } from '../../../../packages/research/src/cli/apply-cli';

const RUNNER = {
  url: new URL('../backtests/synthetic-runner.fixture.ts', import.meta.url).href,
  exportName: 'runSyntheticBacktest',
};

let bot: TestBot;
let bare: TestBot;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-research-'));
  seedResearchStore(dir);
  [bot, bare] = await Promise.all([
    startTestBot({}, dir, { backtestRunner: RUNNER }),
    startTestBot({}, undefined, { backtestRunner: null }),
  ]);
});
afterAll(async () => {
  await Promise.all([bot?.close(), bare?.close()]);
});

const counter = async (b: TestBot, re: RegExp): Promise<number> =>
  Number(re.exec(await (await b.api('/metrics')).text())?.[1] ?? 0);
const badInput = (b: TestBot) => counter(b, /aurora_bad_input_total\{source="api"\} (\d+)/);
const storeErrors = (b: TestBot) => counter(b, /aurora_research_store_errors_total (\d+)/);
const config = async (b: TestBot) =>
  ConfigResponse.parse(await (await b.api('/api/v1/config')).json()).config;
const apply = (b: TestBot, n: number, json: unknown, run = OPT_RUN) =>
  b.api(`/api/v1/research/runs/${run}/trials/${n}/apply`, { method: 'POST', json });
const errorOf = async (res: Response) => ApiErrorBody.parse(await res.json()).error;

describe('/api/v1/research', () => {
  it('is guarded like every other route', async () => {
    for (const path of ['/api/v1/research/runs', `/api/v1/research/runs/${OPT_RUN}`])
      expect((await bot.api(path, { token: null })).status).toBe(401);
    for (const action of ['backtest', 'apply'])
      expect(
        (
          await bot.api(`/api/v1/research/runs/${OPT_RUN}/trials/1/${action}`, {
            method: 'POST',
            json: { confirm: 'ema-cross' },
            token: null,
          })
        ).status,
      ).toBe(401);
  });

  it('lists the top-level runs with their progress and best trial', async () => {
    const { items } = ResearchListResponse.parse(await (await bot.api('/api/v1/research/runs')).json());
    expect(items.map((r) => r.id).sort()).toEqual([OPT_RUN, WF_RUN].sort());
    const opt = items.find((r) => r.id === OPT_RUN)!;
    expect(opt).toMatchObject({
      kind: 'optimize',
      status: 'interrupted',
      strategy: 'ema-cross',
      symbols: ['BTCUSDT'],
      sampler: 'nsga2',
      trials_planned: 8,
      trials_done: 4,
      trials_failed: 1,
      best: { n: 1, score: 7.9 },
      windows: null,
    });
    expect(items.find((r) => r.id === WF_RUN)).toMatchObject({
      kind: 'walk-forward',
      windows: { done: 3, planned: 3 },
    });
    expect(opt.objectives).toEqual([
      { name: 'return', metric: 'totalReturnPct', better: 'higher' },
      { name: 'drawdown', metric: 'maxDrawdownPct', better: 'lower' },
    ]);
  });

  it('details an optimization: every trial with its scores, and the Pareto front over both objectives', async () => {
    const d = ResearchDetailResponse.parse(await (await bot.api(`/api/v1/research/runs/${OPT_RUN}`)).json());
    expect(d.trials.map((t) => t.status)).toEqual(['done', 'done', 'done', 'done', 'failed', 'running']);
    expect(d.trials[1]).toMatchObject({
      params: { fast: 12, slow: 40 },
      scores: [7.9, 5.6],
      metrics: { trades: 12 },
    });
    expect(d.trials[4]).toMatchObject({
      scores: [null, null],
      metrics: null,
      error: 'fast must be below slow',
    });
    // Trial 2 (2.0 %, 4.0 % DD) is dominated by trial 0 (4.2 %, 3.1 %); the others trade return for drawdown.
    expect(d.pareto_front).toEqual([0, 1, 3]);
    expect(d.walk_forward).toBeNull();
  });

  it('details a walk-forward run: in against out of sample per window, the degradation, the in-sample runs', async () => {
    const d = ResearchDetailResponse.parse(await (await bot.api(`/api/v1/research/runs/${WF_RUN}`)).json());
    const wf = d.walk_forward!;
    expect(wf.windows.map((w) => [w.in_score, w.out_score])).toEqual([
      [1.8, 1.2],
      [2.1, 0.4],
      [1.5, -0.3],
    ]);
    expect(wf.windows[0]!.degradation).toBeCloseTo(1.2 / 1.8, 9);
    expect(wf.windows[2]!.degradation).toBeCloseTo(-0.2, 9);
    expect(wf.efficiency).toBeCloseTo(1.3 / 5.4, 9);
    expect(wf.positive_out_share).toBeCloseTo(2 / 3, 9);
    expect(d.children.map((c) => c.id).sort()).toEqual(wf.windows.map((w) => w.in_run_id).sort());
    const child = ResearchDetailResponse.parse(
      await (await bot.api(`/api/v1/research/runs/${wf.windows[0]!.in_run_id}`)).json(),
    );
    expect(child.run).toMatchObject({ kind: 'in-sample', parent_id: WF_RUN, trials_done: 1 });
  });

  it('answers 404 for a run or a trial that does not exist, 409 for a trial that did not finish', async () => {
    expect(await errorOf(await bot.api('/api/v1/research/runs/no-such-run'))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(
      (await bot.api(`/api/v1/research/runs/${OPT_RUN}/trials/99/backtest`, { method: 'POST', json: {} }))
        .status,
    ).toBe(404);
    const failed = await bot.api(`/api/v1/research/runs/${OPT_RUN}/trials/4/backtest`, {
      method: 'POST',
      json: {},
    });
    expect(failed.status).toBe(409);
    expect((await errorOf(failed)).code).toBe('TRIAL_NOT_DONE');
    expect(
      (
        await bot.api(`/api/v1/research/runs/${OPT_RUN}/trials/-1/apply`, {
          method: 'POST',
          json: { confirm: 'ema-cross' },
        })
      ).status,
    ).toBe(400);
  });

  it("starts a trial's report through the backtests, then reuses it instead of starting another", async () => {
    const res = await bot.api(`/api/v1/research/runs/${OPT_RUN}/trials/1/backtest`, {
      method: 'POST',
      json: {},
    });
    expect(res.status).toBe(202);
    const { run } = ResearchTrialBacktestResponse.parse(await res.json());
    expect(run.request).toMatchObject({
      strategy: 'ema-cross',
      symbols: ['BTCUSDT'],
      data: 'synthetic:days=4,seed=5',
      params: { fast: 12, slow: 40 },
    });
    const again = await bot.api(`/api/v1/research/runs/${OPT_RUN}/trials/1/backtest`, {
      method: 'POST',
      json: {},
    });
    expect(again.status).toBe(200);
    expect(ResearchTrialBacktestResponse.parse(await again.json()).run.id).toBe(run.id);
    const d = ResearchDetailResponse.parse(await (await bot.api(`/api/v1/research/runs/${OPT_RUN}`)).json());
    expect(d.trials[1]!.report?.backtest_id).toBe(run.id);
    expect(d.trials[0]!.report).toBeNull();
  });

  it.each([
    ['no confirmation', 1, {}, 400, 'VALIDATION_FAILED'],
    ['a wrong confirmation', 1, { confirm: 'ema cross' }, 400, 'CONFIRMATION_REQUIRED'],
    [
      'a symbol the run was not optimized on',
      1,
      { confirm: 'ema-cross', symbols: ['ETHUSDT'] },
      400,
      'SYMBOL_NOT_IN_RUN',
    ],
    ["parameters the strategy's schema refuses", 2, { confirm: 'ema-cross' }, 400, 'INVALID_STRATEGY_PARAMS'],
    ['a trial that failed', 4, { confirm: 'ema-cross' }, 409, 'TRIAL_NOT_DONE'],
  ])('refuses to apply with %s, counts it, and changes nothing', async (_name, n, json, status, code) => {
    const before = await config(bot);
    const bad = await badInput(bot);
    const res = await apply(bot, n, json);
    expect(res.status).toBe(status);
    expect((await errorOf(res)).code).toBe(code);
    expect(await config(bot)).toEqual(before);
    if (status === 400) expect(await badInput(bot)).toBe(bad + 1);
  });

  it('applies a trial to Demo through the config: per-symbol strategy and params, a control action, state_version moves', async () => {
    const before = StateSnapshot.parse(await (await bot.api('/api/v1/state')).json()).truth.state_version;
    const res = await apply(bot, 1, { confirm: 'ema-cross' });
    expect(res.status).toBe(200);
    const body = ResearchApplyResponse.parse(await res.json());
    expect(body.truth.state_version).toBeGreaterThan(before);
    expect(body.applied).toMatchObject({
      run_id: OPT_RUN,
      trial: 1,
      strategy: 'ema-cross',
      symbols: ['BTCUSDT'],
    });
    // The strategy's schema filled in its defaults.
    expect(body.config.strategy.per_symbol.BTCUSDT).toEqual({
      name: 'ema-cross',
      params: { fast: 12, slow: 40, stop_atr_mult: 2, take_profit_atr_mult: 3, confidence: 0.6 },
    });
    expect((await config(bot)).strategy.per_symbol.BTCUSDT?.params).toMatchObject({ fast: 12, slow: 40 });
    const state = StateSnapshot.parse(await (await bot.api('/api/v1/state')).json());
    const action = state.control_actions.find((a) => a.action === 'research.apply');
    expect(action?.source).toContain(`research run ${OPT_RUN} trial 1`);
  });

  it('from the terminal: npm run research -- apply goes through the same endpoint, refusals included', async () => {
    const saved = process.env.AURORA_API_TOKEN;
    process.env.AURORA_API_TOKEN = TEST_TOKEN;
    try {
      const out: string[] = [];
      const refused = await applyCli([OPT_RUN, '2', '--confirm', 'not-the-strategy', '--url', bot.url], (l) => out.push(l));
      expect(refused).toBe(1);
      expect(out.join('\n')).toMatch(/refused \(400 CONFIRMATION_REQUIRED\)/);
      const before = StateSnapshot.parse(await (await bot.api('/api/v1/state')).json()).truth.state_version;
      out.length = 0;
      expect(await applyCli([OPT_RUN, '1', '--confirm', 'ema-cross', '--url', bot.url], (l) => out.push(l))).toBe(0);
      expect(out[0]).toMatch(/^applied trial #1 of .*: ema-cross on BTCUSDT \(fast=12 slow=40/);
      expect(StateSnapshot.parse(await (await bot.api('/api/v1/state')).json()).truth.state_version).toBeGreaterThan(before);
      process.env.AURORA_API_TOKEN = 'wrong-token-0123456789abcdef';
      expect(await applyCli([OPT_RUN, '1', '--confirm', 'ema-cross', '--url', bot.url], () => undefined)).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.AURORA_API_TOKEN;
      else process.env.AURORA_API_TOKEN = saved;
    }
  });

  it('a bot without research.db lists nothing; an unreadable one answers 503 with the reason, counted, and heals', async () => {
    expect(ResearchListResponse.parse(await (await bare.api('/api/v1/research/runs')).json()).items).toEqual(
      [],
    );
    const path = join(bare.dataDir, 'research.db');
    writeFileSync(
      path,
      'this is not a database, it is a note somebody saved with the wrong name\n'.repeat(20),
    );
    const errors = await storeErrors(bare);
    const res = await bare.api('/api/v1/research/runs');
    expect(res.status).toBe(503);
    const err = await errorOf(res);
    expect(err.code).toBe('RESEARCH_STORE_UNAVAILABLE');
    expect(err.message).toMatch(/not an SQLite database/);
    expect(await storeErrors(bare)).toBe(errors + 1);
    const state = StateSnapshot.parse(await (await bare.api('/api/v1/state')).json());
    expect(state.recent_errors.some((e) => e.code === 'RESEARCH_STORE_UNAVAILABLE')).toBe(true);
    rmSync(path);
    expect((await bare.api('/api/v1/research/runs')).status).toBe(200);
  });
});
