import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  ApiErrorBody,
  BacktestDetailResponse,
  BacktestListResponse,
  BacktestStrategiesResponse,
  WS_PROTOCOL,
  WS_TOKEN_PROTOCOL_PREFIX,
  WsServerMessage,
  type BacktestRunSummary,
} from '@aurora/contracts';
import { startTestBot, type TestBot } from '../testing/bot-harness';

const RUNNER = { url: new URL('../backtests/synthetic-runner.fixture.ts', import.meta.url).href, exportName: 'runSyntheticBacktest' };
const T0 = Date.UTC(2024, 0, 1);
const body = (over: Record<string, unknown> = {}) => ({
  strategy: 'ema-cross',
  symbols: ['BTCUSDT'],
  from: T0,
  to: T0 + 4 * 86_400_000,
  balance: '5000',
  data: 'synthetic:seed=5,pause=40',
  ...over,
});

let bot: TestBot;
let bare: TestBot;
beforeAll(async () => {
  [bot, bare] = await Promise.all([startTestBot({}, undefined, { backtestRunner: RUNNER }), startTestBot()]);
});
afterAll(async () => {
  await Promise.all([bot?.close(), bare?.close()]);
});

const badInputCount = async (b: TestBot): Promise<number> => {
  const text = await (await b.api('/metrics')).text();
  return Number(/aurora_bad_input_total\{source="api"\} (\d+)/.exec(text)?.[1] ?? 0);
};

function backtestMessages(ws: WebSocket): { runs: BacktestRunSummary[]; ended: Promise<BacktestRunSummary> } {
  const runs: BacktestRunSummary[] = [];
  const ended = new Promise<BacktestRunSummary>((resolve) => {
    ws.on('message', (raw) => {
      const m = WsServerMessage.parse(JSON.parse(String(raw)));
      if (m.type !== 'backtest') return;
      runs.push(m.run);
      if (m.run.status !== 'running') resolve(m.run);
    });
  });
  return { runs, ended };
}

describe('/api/v1/backtests', () => {
  it('is guarded like every other route', async () => {
    for (const path of ['/api/v1/backtests', '/api/v1/backtests/strategies', '/api/v1/backtests/bt-20240101-000000-abcdef/report.html']) {
      expect((await bot.api(path, { token: null })).status).toBe(401);
    }
    expect((await bot.api('/api/v1/backtests', { method: 'POST', json: body(), token: null })).status).toBe(401);
  });

  it('lists the loaded strategies with their parameter schemas', async () => {
    const res = BacktestStrategiesResponse.parse(await (await bot.api('/api/v1/backtests/strategies')).json());
    expect(res.available).toBe(true);
    expect(res.strategies.map((s) => s.name)).toEqual(expect.arrayContaining(['ensemble', 'ema-cross', 'rsi-reversion', 'donchian-breakout']));
  });

  it('answers 400 naming the bad fields, and counts it', async () => {
    const before = await badInputCount(bot);
    const cases: Array<[unknown, string, string]> = [
      [body({ symbols: [] }), 'VALIDATION_FAILED', 'symbols'],
      [body({ symbols: ['btcusdt'] }), 'VALIDATION_FAILED', 'symbols.0'],
      [body({ to: T0 - 1 }), 'VALIDATION_FAILED', 'to'],
      [body({ balance: '-5' }), 'VALIDATION_FAILED', 'balance'],
      [body({ data: 'file:///etc/passwd' }), 'VALIDATION_FAILED', 'data'],
      [{ ...body(), extra: 1 }, 'VALIDATION_FAILED', '(root)'],
      [body({ strategy: 'no-such' }), 'UNKNOWN_STRATEGY', 'strategy'],
      [body({ params: { fast: 50, slow: 10 } }), 'INVALID_STRATEGY_PARAMS', 'params.fast'],
    ];
    for (const [json, code, path] of cases) {
      const res = await bot.api('/api/v1/backtests', { method: 'POST', json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      const err = ApiErrorBody.parse(await res.json()).error;
      expect(err.code).toBe(code);
      expect(err.fields?.map((f) => f.path)).toContain(path);
    }
    expect(await badInputCount(bot)).toBe(before + cases.length);
  });

  it('starts a run (202), pushes its progress over the WebSocket, refuses a second (409), and serves its report', async () => {
    const ws = new WebSocket(bot.url.replace('http', 'ws') + '/api/v1/ws', [WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX + bot.token]);
    await new Promise((r) => ws.once('open', r));
    const pushed = backtestMessages(ws);

    const res = await bot.api('/api/v1/backtests', { method: 'POST', json: body() });
    expect(res.status).toBe(202);
    const { run } = (await res.json()) as { run: BacktestRunSummary };
    expect(run).toMatchObject({ status: 'running', progress: 0, request: { strategy: 'ema-cross', balance: '5000' } });

    const busy = await bot.api('/api/v1/backtests', { method: 'POST', json: body() });
    expect(busy.status).toBe(409);
    expect(ApiErrorBody.parse(await busy.json()).error.code).toBe('BACKTEST_RUNNING');
    const listed = BacktestListResponse.parse(await (await bot.api('/api/v1/backtests')).json());
    expect(listed.items[0]).toMatchObject({ id: run.id, status: 'running' });

    const done = await pushed.ended;
    ws.close();
    expect(done).toMatchObject({ id: run.id, status: 'done', progress: 1 });
    expect(pushed.runs.some((r) => r.status === 'running' && r.progress > 0 && r.progress < 1)).toBe(true);

    const detail = BacktestDetailResponse.parse(await (await bot.api(`/api/v1/backtests/${run.id}`)).json());
    expect(detail.report?.trade_hash).toBe(done.figures?.trade_hash);
    expect(detail.report?.start_balance).toBe('5000');

    const page = await bot.api(`/api/v1/backtests/${run.id}/report.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain(done.figures!.trade_hash);

    const after = BacktestListResponse.parse(await (await bot.api('/api/v1/backtests')).json());
    expect(after.items[0]).toMatchObject({ id: run.id, status: 'done', figures: { trade_hash: done.figures!.trade_hash } });
  });

  it('answers 404 for a run that does not exist, and for a path that is not an id', async () => {
    for (const id of ['bt-20240101-000000-abcdef', '..%2F..%2Fapi_token', 'x'.repeat(65)]) {
      const a = await bot.api(`/api/v1/backtests/${id}`);
      expect([400, 404]).toContain(a.status);
      expect((await bot.api(`/api/v1/backtests/${id}/report.html`)).status).toBeGreaterThanOrEqual(400);
    }
  });

  it('without a wired runner answers 503 BACKTEST_UNAVAILABLE, with a clear message', async () => {
    expect(BacktestStrategiesResponse.parse(await (await bare.api('/api/v1/backtests/strategies')).json()).available).toBe(false);
    const res = await bare.api('/api/v1/backtests', { method: 'POST', json: body() });
    expect(res.status).toBe(503);
    const err = ApiErrorBody.parse(await res.json()).error;
    expect(err.code).toBe('BACKTEST_UNAVAILABLE');
    expect(err.message).toMatch(/no backtest runner is wired/);
  });
});
