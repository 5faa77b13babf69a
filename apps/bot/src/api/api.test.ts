import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiErrorBody, ConfigResponse, StateSnapshot, WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX, defaultRuntimeConfig } from '@aurora/contracts';
import { startTestBot, type TestBot } from '../testing/bot-harness';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot({ AURORA_CORS_ORIGINS: 'http://allowed.test' });
});
afterAll(async () => {
  await bot.close();
});

const truthHeaders = (res: Response) => ({
  v: Number(res.headers.get('x-state-version')),
  t: Number(res.headers.get('x-server-time')),
  s: res.headers.get('x-ws-sequence'),
});

describe('auth', () => {
  it('serves health without a token', async () => {
    const res = await bot.api('/api/v1/health', { token: null });
    expect([200, 503]).toContain(res.status);
    const body = (await res.json()) as { checks: { database: boolean } };
    expect(body.checks.database).toBe(true);
  });

  it('answers 401 on a missing or wrong token, leaking nothing, with the truth', async () => {
    for (const token of [null, 'wrong-token-xxxxxxxxxxxx']) {
      const res = await bot.api('/api/v1/state', { token });
      expect(res.status).toBe(401);
      const body = ApiErrorBody.parse(await res.json());
      expect(body.error.code).toBe('UNAUTHORIZED');
      expect(JSON.stringify(body)).not.toContain(bot.token);
      expect(truthHeaders(res).v).toBeGreaterThan(0);
    }
  });

  it('protects metrics too', async () => {
    expect((await bot.api('/metrics', { token: null })).status).toBe(401);
    const res = await bot.api('/metrics');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('aurora_state_version');
    expect(text).toMatch(/aurora_stream_messages\{stream="market",kind="malformed"\} 0/);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});

describe('truth on every response', () => {
  it('puts headers and a truth object on success, 400 and 404 alike', async () => {
    for (const [path, init] of [
      ['/api/v1/state', {}],
      ['/api/v1/config', {}],
      ['/api/v1/nope', {}],
      ['/api/v1/config', { method: 'PATCH', json: { nope: 1 } }],
    ] as const) {
      const res = await bot.api(path, init);
      const h = truthHeaders(res);
      expect(h.v).toBeGreaterThan(0);
      expect(Math.abs(h.t - Date.now())).toBeLessThan(60_000);
      expect(h.s).not.toBeNull();
      const body = (await res.json()) as { truth: { state_version: number } };
      expect(body.truth.state_version).toBe(h.v);
    }
  });

  it('GET /state is a valid StateSnapshot', async () => {
    const res = await bot.api('/api/v1/state');
    const state = StateSnapshot.parse(await res.json());
    expect(state.account_mode).toBe('DEMO');
    expect(state.venue.kind).toBe('sim');
  });
});

describe('bad input changes nothing', () => {
  const versionNow = async () => Number((await bot.api('/api/v1/config')).headers.get('x-state-version'));

  it.each([
    ['malformed JSON', { body: '{"risk": {', headers: { 'content-type': 'application/json' } }, 'MALFORMED_JSON'],
    ['an unknown field', { json: { risk: { max_daily_loss_pct: 2, bogus: true } } }, 'VALIDATION_FAILED'],
    ['a wrong type', { json: { risk: { max_daily_loss_pct: 'two' } } }, 'VALIDATION_FAILED'],
    ['an out-of-bounds value', { json: { risk: { max_daily_loss_pct: 1e9 } } }, 'VALIDATION_FAILED'],
    ['a mode change through config', { json: { account_mode: 'LIVE' } }, 'VALIDATION_FAILED'],
    ['an oversize body', { json: { symbols: Array.from({ length: 20_000 }, () => 'BTCUSDT') } }, 'BODY_TOO_LARGE'],
  ])('refuses %s with 400 and a named problem', async (_name, init, code) => {
    const before = await versionNow();
    const cfgBefore = ConfigResponse.parse(await (await bot.api('/api/v1/config')).json()).config;
    const res = await bot.api('/api/v1/config', { method: 'PATCH', ...init });
    expect(res.status).toBe(400);
    const body = ApiErrorBody.parse(await res.json());
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(5);
    const cfgAfter = ConfigResponse.parse(await (await bot.api('/api/v1/config')).json()).config;
    expect(cfgAfter).toEqual(cfgBefore);
    // Other engines may bump the version meanwhile; the config itself must not have changed.
    expect(await versionNow()).toBeGreaterThanOrEqual(before);
  });

  it('names the offending field', async () => {
    const res = await bot.api('/api/v1/config', { method: 'PATCH', json: { strategy: { ema_fast: 'x' } } });
    const body = ApiErrorBody.parse(await res.json());
    expect(body.error.fields?.map((f) => f.path)).toContain('strategy.ema_fast');
  });

  it('applies a valid patch, persists it and bumps state_version', async () => {
    const before = await versionNow();
    const res = await bot.api('/api/v1/config', { method: 'PATCH', json: { risk: { max_daily_loss_pct: 2.5 } } });
    expect(res.status).toBe(200);
    const { config } = ConfigResponse.parse(await res.json());
    expect(config.risk.max_daily_loss_pct).toBe(2.5);
    expect(config.risk.max_consecutive_losses).toBe(defaultRuntimeConfig().risk.max_consecutive_losses);
    expect(Number(res.headers.get('x-state-version'))).toBeGreaterThan(before);
  });

  it('refuses cross-field contradictions', async () => {
    const res = await bot.api('/api/v1/config', { method: 'PATCH', json: { strategy: { ema_fast: 50, ema_slow: 20 } } });
    expect(res.status).toBe(400);
  });

  it('refuses a per-symbol strategy parameter its own schema rejects, naming the field', async () => {
    const cfgBefore = ConfigResponse.parse(await (await bot.api('/api/v1/config')).json()).config;
    const res = await bot.api('/api/v1/config', {
      method: 'PATCH',
      json: { strategy: { per_symbol: { BTCUSDT: { name: 'ema-cross', params: { fast: 1 } }, ETHUSDT: { name: 'no-such' } } } },
    });
    expect(res.status).toBe(400);
    const body = ApiErrorBody.parse(await res.json());
    expect(body.error.fields?.map((f) => f.path)).toEqual(['strategy.per_symbol.BTCUSDT.params.fast', 'strategy.per_symbol.ETHUSDT.name']);
    expect(ConfigResponse.parse(await (await bot.api('/api/v1/config')).json()).config).toEqual(cfgBefore);
  });

  it('applies a per-symbol strategy choice with its params over the defaults', async () => {
    const res = await bot.api('/api/v1/config', {
      method: 'PATCH',
      json: { strategy: { per_symbol: { BTCUSDT: { name: 'donchian-breakout', params: { period: 30 } } } } },
    });
    expect(res.status).toBe(200);
    const { config } = ConfigResponse.parse(await res.json());
    expect(config.strategy.per_symbol).toEqual({ BTCUSDT: { name: 'donchian-breakout', params: { period: 30 } } });
    expect(config.strategy.ema_fast).toBe(defaultRuntimeConfig().strategy.ema_fast);
    await bot.api('/api/v1/config', { method: 'PATCH', json: { strategy: { per_symbol: {} } } });
  });

  it('serves the config JSON Schema', async () => {
    const body = (await (await bot.api('/api/v1/config/schema')).json()) as { schema: { properties: Record<string, unknown> } };
    expect(Object.keys(body.schema.properties)).toEqual(expect.arrayContaining(['risk', 'strategy', 'symbols']));
  });
});

describe('control', () => {
  it('pause changes the mode, bumps state_version and records the action', async () => {
    const before = StateSnapshot.parse(await (await bot.api('/api/v1/state')).json());
    const res = await bot.api('/api/v1/control/pause', { method: 'POST', json: { reason: 'test' } });
    expect(res.status).toBe(200);
    const after = StateSnapshot.parse(await (await bot.api('/api/v1/state')).json());
    expect(after.trading_mode).toBe('PAUSED');
    expect(after.truth.state_version).toBeGreaterThan(before.truth.state_version);
    expect(after.control_actions[0]).toMatchObject({ action: 'pause', before: before.trading_mode, after: 'PAUSED', detail: 'test' });
    await bot.api('/api/v1/control/resume', { method: 'POST', json: {} });
  });

  it('refuses Live when not enabled, and with a wrong phrase', async () => {
    const res = await bot.api('/api/v1/control/account-mode', { method: 'POST', json: { mode: 'LIVE', confirm: 'yes' } });
    expect(res.status).toBe(403);
    expect(ApiErrorBody.parse(await res.json()).error.code).toBe('LIVE_DISABLED');
    const state = StateSnapshot.parse(await (await bot.api('/api/v1/state')).json());
    expect(state.account_mode).toBe('DEMO');
  });

  it('validates control bodies', async () => {
    const res = await bot.api('/api/v1/control/pause', { method: 'POST', json: { reason: 5 } });
    expect(res.status).toBe(400);
  });
});

describe('CORS', () => {
  it('allows only the configured origins', async () => {
    const ok = await bot.api('/api/v1/state', { headers: { origin: 'http://allowed.test' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://allowed.test');
    const bad = await bot.api('/api/v1/state', { headers: { origin: 'http://evil.test' } });
    expect(bad.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('WebSocket push', () => {
  const wsUrl = () => bot.url.replace('http', 'ws') + '/api/v1/ws';
  const nextMessage = (ws: WebSocket, pred: (m: { type: string; seq?: number; state?: StateSnapshot }) => boolean) =>
    new Promise<{ type: string; seq?: number; state?: StateSnapshot }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching message')), 5000);
      ws.on('message', (raw) => {
        const m = JSON.parse(String(raw)) as { type: string; seq?: number; state?: StateSnapshot };
        if (pred(m)) {
          clearTimeout(timer);
          resolve(m);
        }
      });
    });

  it('sends a snapshot on connect (token in the subprotocol) and pushes changes in sequence', async () => {
    const ws = new WebSocket(wsUrl(), [WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX + bot.token]);
    const first = await nextMessage(ws, (m) => m.type === 'snapshot');
    expect(ws.protocol).toBe(WS_PROTOCOL);
    StateSnapshot.parse(first.state);
    const pushed = nextMessage(ws, (m) => m.type === 'snapshot' && m.state?.trading_mode === 'PAUSED');
    await bot.api('/api/v1/control/pause', { method: 'POST', json: {} });
    const m = await pushed;
    expect(m.seq).toBeGreaterThan(first.seq ?? 0);
    expect(m.state?.truth.ws_sequence).toBe(m.seq);
    ws.close();
    await bot.api('/api/v1/control/resume', { method: 'POST', json: {} });
  });

  it('accepts the token as the first message and answers ping', async () => {
    const ws = new WebSocket(wsUrl(), [WS_PROTOCOL]);
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'auth', token: bot.token }));
    await nextMessage(ws, (m) => m.type === 'snapshot');
    ws.send(JSON.stringify({ type: 'ping', id: 7 }));
    const pong = await nextMessage(ws, (m) => m.type === 'pong');
    expect((pong as unknown as { id: number }).id).toBe(7);
    ws.close();
  });

  it('closes an unauthenticated socket with 4401', async () => {
    const ws = new WebSocket(wsUrl(), [WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX + 'wrong-token-000000000']);
    const code = await new Promise<number>((r) => ws.on('close', (c) => r(c)));
    expect(code).toBe(4401);
  });
});

describe('rate limits on control endpoints', () => {
  it('answers 429 with the truth once a client floods heartbeat', async () => {
    let last: Response | null = null;
    for (let i = 0; i < 130; i++) {
      last = await bot.api('/api/v1/heartbeat', { method: 'POST', json: {} });
      if (last.status === 429) break;
    }
    expect(last?.status).toBe(429);
    const body = ApiErrorBody.parse(await last!.json());
    expect(body.error.code).toBe('RATE_LIMITED');
  });
});
