import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  ApiErrorBody,
  ConfigResponse,
  ProposalResponse,
  WS_PROTOCOL,
  WS_TOKEN_PROTOCOL_PREFIX,
} from '@aurora/contracts';
import { buildServer, type RegisteredRoute } from '../api/server';
import { TEST_TOKEN, startTestBot, type TestBot } from '../testing/bot-harness';
import { freshDataDir, presetQuietConfig, removeDir } from './data-dir';
import { getPositions, getState, waitReady } from './exchange-truth';
import { expectBooksClean } from './books-audit';
import { startSimVenue, type SimVenue } from './sim-venue';
import { waitFor } from './wait-for';

/*
 * Issue 7 item 6 against one running bot (external simulator, API token, CORS allowlist):
 * every route guarded, CORS, validated bodies, no secret in any log line, rate-limited commands.
 */

const ALLOWED_ORIGIN = 'http://allowed.test';
const WRONG_TOKEN = 'wrong-token-3f9a1c7e5b2d4680';

let venue: SimVenue;
let bot: TestBot;
let dir: string;
let routes: readonly RegisteredRoute[];

beforeAll(async () => {
  venue = await startSimVenue();
  dir = freshDataDir();
  presetQuietConfig(dir);
  bot = await startTestBot({ ...venue.env, AURORA_CORS_ORIGINS: ALLOWED_ORIGIN }, dir);
  await waitReady(bot.api);
  // The same server, built again from the same context, only to read its route table.
  const twin = await buildServer(bot.ctx);
  routes = twin.routes;
  twin.wsHub.close();
  await twin.app.close();
});

afterAll(async () => {
  await bot?.close();
  await venue?.close();
  removeDir(dir);
});

const isApi = (r: RegisteredRoute) => r.url.startsWith('/api/') || r.url === '/metrics';
// A trial number must look like one, so the body (not the path) is what a bad case gets refused for.
const concrete = (url: string) => url.replace(/:n\b/g, '0').replace(/:[A-Za-z]+/g, 'some-id');
const bodyRoutes = () => routes.filter((r) => isApi(r) && (r.method === 'POST' || r.method === 'PATCH'));

describe('(b) authentication', () => {
  it('finds every API route in the route table', async () => {
    const keys = routes.filter(isApi).map((r) => `${r.method} ${r.url}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        'GET /api/v1/state',
        'POST /api/v1/control/kill',
        'GET /metrics',
        'GET /api/v1/ws',
      ]),
    );
    expect(keys.length).toBeGreaterThan(25);
    await expectBooksClean(bot.api, { sim: venue });
  });

  it('answers 401 on every route but health without a token, and with a wrong one', async () => {
    const open: string[] = [];
    for (const r of routes.filter(isApi)) {
      const init: RequestInit = { method: r.method };
      if (r.method === 'POST' || r.method === 'PATCH') {
        init.headers = { 'content-type': 'application/json' };
        init.body = '{}';
      }
      for (const token of [null, WRONG_TOKEN]) {
        const res = await bot.api(concrete(r.url), { ...init, token });
        const publicRoute = r.url === '/api/v1/health' && (r.method === 'GET' || r.method === 'HEAD');
        // Past AUTH_FAILURES_PER_MINUTE failures this address is answered 429: refused all the same.
        const refused = res.status === 401 || res.status === 429;
        if (publicRoute === refused)
          open.push(`${r.method} ${r.url} (token ${token ? 'wrong' : 'none'}) → ${res.status}`);
      }
    }
    expect(open).toEqual([]);
    await expectBooksClean(bot.api, { sim: venue });
  });

  it('refuses a WebSocket with a wrong token in the subprotocol or in the first message', async () => {
    const url = bot.url.replace('http', 'ws') + '/api/v1/ws';
    const viaProtocol = new WebSocket(url, [WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX + WRONG_TOKEN]);
    expect(await new Promise((r) => viaProtocol.on('close', r))).toBe(4401);
    const viaMessage = new WebSocket(url, [WS_PROTOCOL]);
    await new Promise((r) => viaMessage.once('open', r));
    viaMessage.send(JSON.stringify({ type: 'auth', token: WRONG_TOKEN }));
    expect(await new Promise((r) => viaMessage.on('close', r))).toBe(4401);
    await expectBooksClean(bot.api, { sim: venue });
  });
});

describe('(c) CORS allowlist', () => {
  const preflight = (origin: string) =>
    bot.api('/api/v1/control/kill', {
      method: 'OPTIONS',
      token: null,
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });

  it('lets the allowed origin preflight a command with the Authorization header', async () => {
    const res = await preflight(ALLOWED_ORIGIN);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    await expectBooksClean(bot.api, { sim: venue });
  });

  it('gives any other origin no CORS grant, on preflight or on a request', async () => {
    expect((await preflight('http://evil.test')).headers.get('access-control-allow-origin')).toBeNull();
    const res = await bot.api('/api/v1/state', { headers: { origin: 'http://evil.test' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    await expectBooksClean(bot.api, { sim: venue });
  });
});

/** Bodies each POST/PATCH route must refuse with 400; every such route needs an entry. */
const NINES = '9'.repeat(64);
const BAD_BODIES: Record<string, unknown[]> = {
  'POST /api/v1/control/pause': [{ reason: 'x'.repeat(501) }, { bogus: 1 }, { reason: 5 }],
  'POST /api/v1/control/resume': [{ reason: 'x'.repeat(501) }, { bogus: 1 }],
  'POST /api/v1/control/kill': [{ reason: 'x'.repeat(501) }, { bogus: 1 }],
  'POST /api/v1/control/reset-breaker': [{ reason: 'x'.repeat(501) }, { bogus: 1 }, { confirm: 'yes' }],
  'POST /api/v1/control/account-mode': [{ mode: 'PAPER' }, { mode: 'LIVE', confirm: 'x'.repeat(201) }, {}],
  'POST /api/v1/heartbeat': [{ bogus: 1 }],
  'PATCH /api/v1/config': [
    { risk: { max_daily_loss_pct: 1e9 } },
    { risk: { max_consecutive_losses: 1.5 } },
    { execution: { entry_order_type: 'FOK' } },
    { symbols: [] },
    { symbols: ['btc-usdt'] },
    { dead_man: { market_data_timeout_min: -1 } },
    { trading_mode: 'RUNNING' },
  ],
  'POST /api/v1/positions/:id/close': [
    { quantity: '-1' },
    { quantity: NINES },
    { quantity: '1e3' },
    { reason: 'x'.repeat(201) },
    { bogus: 1 },
  ],
  'POST /api/v1/backtests': [
    { strategy: 'ema-cross', symbols: [], from: 0, to: 86_400_000 },
    { strategy: 'ema-cross', symbols: ['btcusdt'], from: 0, to: 86_400_000 },
    { strategy: 'ema-cross', symbols: ['BTCUSDT'], from: 86_400_000, to: 0 },
    { strategy: 'ema-cross', symbols: ['BTCUSDT'], from: 0, to: 401 * 86_400_000 },
    { strategy: 'ema-cross', symbols: ['BTCUSDT'], from: 0, to: 86_400_000, balance: '-1' },
    { strategy: 'ema-cross', symbols: ['BTCUSDT'], from: 0, to: 86_400_000, data: 'http://127.0.0.1/x' },
    { strategy: '../ema', symbols: ['BTCUSDT'], from: 0, to: 86_400_000 },
    { bogus: 1 },
  ],
  'POST /api/v1/research/runs/:id/trials/:n/apply': [
    {},
    { confirm: 'x'.repeat(61) },
    { confirm: 'ema-cross', symbols: [] },
    { confirm: 'ema-cross', symbols: ['btcusdt'] },
    { confirm: 'ema-cross', symbols: Array.from({ length: 21 }, (_, i) => `SYM${i}USDT`) },
    { confirm: 'ema-cross', bogus: 1 },
  ],
  'POST /api/v1/research/runs/:id/trials/:n/backtest': [{ bogus: 1 }, { strategy: 'ema-cross' }],
  'POST /api/v1/reconcile': [{ bogus: 1 }],
  'POST /api/v1/audit': [{ bogus: 1 }],
  'POST /api/v1/proposals': [
    { symbol: 'btcusdt', side: 'BUY' },
    { symbol: 'BTCUSDT', side: 'HOLD' },
    { symbol: 'BTCUSDT', side: 'BUY', order_type: 'STOP' },
    { symbol: 'BTCUSDT', side: 'BUY', quantity: '-1' },
    { symbol: 'BTCUSDT', side: 'BUY', quantity: '0' },
    { symbol: 'BTCUSDT', side: 'BUY', quantity: NINES },
    { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.0000000000000000001' },
    { symbol: 'BTCUSDT', side: 'BUY', quantity: '1e5' },
    { symbol: 'BTCUSDT', side: 'BUY', price: '-5' },
    { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.001', stop_price: '-100' },
    { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.001', take_profit_price: '0' },
    { symbol: 'BTCUSDT', side: 'BUY', leverage: 10 },
  ],
};

describe('(e) every POST/PATCH body is validated with bounds', () => {
  it('has bad bodies for every POST/PATCH route', async () => {
    expect(
      bodyRoutes()
        .map((r) => `${r.method} ${r.url}`)
        .sort(),
    ).toEqual(Object.keys(BAD_BODIES).sort());
    await expectBooksClean(bot.api, { sim: venue });
  });

  it('answers 400 naming the problem, and changes nothing', async () => {
    const before = {
      config: (await (await bot.api('/api/v1/config')).json()) as unknown,
      state: await getState(bot.api),
    };
    const accepted: string[] = [];
    for (const [key, bodies] of Object.entries(BAD_BODIES)) {
      const [method, url] = key.split(' ') as [string, string];
      for (const json of bodies) {
        const res = await bot.api(concrete(url), { method, json });
        if (res.status !== 400) accepted.push(`${key} ${JSON.stringify(json).slice(0, 60)} → ${res.status}`);
        else expect(ApiErrorBody.parse(await res.json()).error.code).toBe('VALIDATION_FAILED');
      }
    }
    expect(accepted).toEqual([]);
    const after = await getState(bot.api);
    expect(ConfigResponse.parse(await (await bot.api('/api/v1/config')).json()).config).toEqual(
      ConfigResponse.parse(before.config).config,
    );
    expect([after.trading_mode, after.account_mode]).toEqual([
      before.state.trading_mode,
      before.state.account_mode,
    ]);
    expect(after.recent_decisions.length).toBe(before.state.recent_decisions.length);
    expect(venue.allOrders('BTCUSDT')).toEqual([]);
    await expectBooksClean(bot.api, { sim: venue });
  });

  // Money limits are bounded amounts: negative, zero or 64-digit values are refused.
  it('refuses negative or oversize money limits in PATCH /config', async () => {
    const { config } = ConfigResponse.parse(await (await bot.api('/api/v1/config')).json());
    try {
      for (const json of [
        { risk: { max_total_exposure_usdt: '-5' } },
        { risk: { max_position_notional_usdt: NINES } },
        { execution: { min_top_depth_usdt: '-1' } },
        { reconcile: { balance_drift_tolerance: '-1' } },
      ]) {
        expect((await bot.api('/api/v1/config', { method: 'PATCH', json })).status).toBe(400);
      }
    } finally {
      // While the bug stands the patch went through: put the limits back for the tests below.
      const { risk, execution, reconcile } = config;
      await bot.api('/api/v1/config', { method: 'PATCH', json: { risk, execution, reconcile } });
    }
    await expectBooksClean(bot.api, { sim: venue });
  });
});

describe('(a) no secret, key or token in any log line', () => {
  it('keeps the API token, the venue key and secret and every signature out of a full run', async () => {
    // Auth failures, one with the venue secret sent as a token (a pasted credential).
    await bot.api('/api/v1/state', { token: WRONG_TOKEN });
    await bot.api('/api/v1/state', { token: venue.apiSecret });
    await bot.api('/api/v1/state', { token: null, headers: { authorization: `Basic ${TEST_TOKEN}` } });
    // The dashboard's WebSocket, token in the subprotocol.
    const ws = new WebSocket(bot.url.replace('http', 'ws') + '/api/v1/ws', [
      WS_PROTOCOL,
      WS_TOKEN_PROTOCOL_PREFIX + TEST_TOKEN,
    ]);
    await new Promise((r) => ws.once('message', r));
    ws.close();
    // A round trip of signed orders, and a venue error on a signed request. The feed is paused
    // and the audits after the earlier tests take seconds: a fresh quote keeps the data gate open.
    const { bidPrice } = venue.sim.exchange.bookTicker('BTCUSDT') as unknown as { bidPrice: string };
    await venue.setPrice('BTCUSDT', bidPrice);
    const res = await bot.api('/api/v1/proposals', {
      method: 'POST',
      json: { symbol: 'BTCUSDT', side: 'BUY', order_type: 'MARKET', quantity: '0.01' },
    });
    expect(ProposalResponse.parse(await res.json()).decision.final_decision).toBe('ALLOW');
    const p = await waitFor(async () => (await getPositions(bot.api)).find((x) => x.status === 'Open'), {
      what: 'the position',
    });
    expect((await bot.api(`/api/v1/positions/${p.id}/close`, { method: 'POST', json: {} })).status).toBe(200);
    venue.sim.faults.set({
      forceError: { code: -1022, msg: 'Signature for this request is not valid.', count: 1 },
    });
    await bot.api('/api/v1/reconcile', { method: 'POST', json: {} });
    venue.sim.faults.clear();

    // The scan covered the order path and a signed request's failure, not an idle log.
    const messages = bot.logs.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages).toEqual(expect.arrayContaining(['manual proposal', 'exit placed']));
    expect(bot.logs.some((l) => l.includes('-1022'))).toBe(true);
    const leaks = bot.logs.filter(
      (line) =>
        line.includes(TEST_TOKEN) ||
        line.includes(WRONG_TOKEN) ||
        line.includes(venue.apiKey) ||
        line.includes(venue.apiSecret) ||
        /signature=/i.test(line),
    );
    expect(leaks).toEqual([]);
    await expectBooksClean(bot.api, { sim: venue });
  });
});

describe('(d) commands are rate-limited', () => {
  // A bot of its own: the limiter's counters must start at zero for exact numbers.
  let fresh: TestBot;
  let freshDir: string;
  beforeAll(async () => {
    freshDir = freshDataDir();
    presetQuietConfig(freshDir);
    fresh = await startTestBot(venue.env, freshDir);
  });
  afterAll(async () => {
    await fresh?.close();
    removeDir(freshDir);
  });

  const LIMITED: [string, string, number][] = [
    ['POST', '/api/v1/control/pause', 30],
    ['POST', '/api/v1/control/resume', 30],
    ['POST', '/api/v1/control/kill', 30],
    ['POST', '/api/v1/control/account-mode', 30],
    ['POST', '/api/v1/heartbeat', 120],
    ['PATCH', '/api/v1/config', 30],
    ['POST', '/api/v1/proposals', 60],
    ['POST', '/api/v1/positions/some-id/close', 60],
    ['POST', '/api/v1/reconcile', 60],
    ['POST', '/api/v1/audit', 60],
  ];

  it.each(LIMITED)('%s %s answers 429 after %i requests a minute', async (method, url, max) => {
    // Invalid bodies: counted by the limiter, yet they change nothing.
    const statuses: number[] = [];
    for (let i = 0; i <= max; i++) {
      statuses.push((await fresh.api(url, { method, json: { bogus: i } })).status);
    }
    expect(statuses.slice(0, max).filter((s) => s === 429)).toEqual([]);
    expect(statuses[max]).toBe(429);
    const limited = await fresh.api(url, { method, json: { bogus: 0 } });
    expect(ApiErrorBody.parse(await limited.json()).error.code).toBe('RATE_LIMITED');
    // The limiter was just exhausted on purpose: the bot's own POST /audit may be refused too.
    await expectBooksClean(fresh.api, { sim: venue }, { botAudit: false });
  });
});
