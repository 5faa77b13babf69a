import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiErrorBody, WS_PROTOCOL } from '@aurora/contracts';
import { AUTH_FAILURES_PER_MINUTE } from '../api/auth';
import { buildServer } from '../api/server';
import { TEST_TOKEN, startTestBot, type TestBot } from '../testing/bot-harness';
import { freshDataDir, presetQuietConfig, removeDir } from './data-dir';
import { waitReady } from './exchange-truth';
import { startSimVenue, type SimVenue } from './sim-venue';

/*
 * Issue 11 item 3: the security checklist's items that security.test.ts does not already run,
 * each as an attack on one bot (external simulator, so venue key and secret exist to leak).
 */

const SECRET_MARKER = 'outside-the-dashboard-7f3a9c';

let venue: SimVenue;
let bot: TestBot;
let dir: string;
let dashDir: string;

beforeAll(async () => {
  venue = await startSimVenue();
  dir = freshDataDir();
  presetQuietConfig(dir);
  // A dashboard of our own next to a file it must never serve.
  dashDir = join(dir, 'www', 'dist');
  mkdirSync(join(dashDir, 'assets'), { recursive: true });
  writeFileSync(join(dashDir, 'index.html'), '<!doctype html><title>dash</title>');
  writeFileSync(join(dashDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'www', 'secret.txt'), SECRET_MARKER);
  writeFileSync(join(dir, 'secret.txt'), SECRET_MARKER);
  bot = await startTestBot({ ...venue.env, AURORA_DASHBOARD_DIR: dashDir }, dir);
  await waitReady(bot.api);
}, 60_000);

afterAll(async () => {
  await bot?.close();
  await venue?.close();
  removeDir(dir);
});

/** An HTTP request with the path sent exactly as given (fetch would normalise the dots away). */
function rawGet(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(bot.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('token brute force', () => {
  it('answers 429 once an address has failed too often, and still admits the right token', async () => {
    // A bot of its own: the failure counter starts at zero.
    const d = freshDataDir();
    presetQuietConfig(d);
    const fresh = await startTestBot(venue.env, d);
    try {
      const statuses: number[] = [];
      for (let i = 0; i <= AUTH_FAILURES_PER_MINUTE; i++) {
        statuses.push((await fresh.api('/api/v1/state', { token: `guess-${i}-0123456789abcdef` })).status);
      }
      expect(statuses.slice(0, AUTH_FAILURES_PER_MINUTE).every((s) => s === 401)).toBe(true);
      expect(statuses[AUTH_FAILURES_PER_MINUTE]).toBe(429);
      const limited = await fresh.api('/api/v1/control/kill', { method: 'POST', json: {}, token: 'guess-x' });
      expect(limited.status).toBe(429);
      expect(ApiErrorBody.parse(await limited.json()).error.code).toBe('RATE_LIMITED');
      expect((await fresh.api('/api/v1/state')).status).toBe(200);
    } finally {
      await fresh.close();
      removeDir(d);
    }
  });
});

describe('token in the URL', () => {
  it('is refused on every query parameter name a client might use', async () => {
    for (const q of ['token', 'access_token', 'api_token', 'authorization', 'auth']) {
      for (const v of [TEST_TOKEN, `Bearer ${TEST_TOKEN}`]) {
        const res = await bot.api(`/api/v1/state?${q}=${encodeURIComponent(v)}`, { token: null });
        expect(res.status, `${q}=${v}`).toBe(401);
      }
    }
  });

  it('does not admit a WebSocket whose token is only in the URL', async () => {
    const ws = new WebSocket(`${bot.url.replace('http', 'ws')}/api/v1/ws?token=${TEST_TOKEN}`, [WS_PROTOCOL]);
    const types: string[] = [];
    ws.on('message', (m) => types.push(String((JSON.parse(String(m)) as { type: string }).type)));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'ping', id: 1 }));
    const code = await new Promise((r) => ws.on('close', r));
    expect([code, types]).toEqual([4401, []]);
  });
});

describe('static dashboard', () => {
  it('serves the dashboard, and no traversal (plain, encoded, double-encoded, backslash) leaves it', async () => {
    expect((await rawGet('/assets/app.js')).body).toBe('console.log(1)');
    const attempts = [
      '/../secret.txt',
      '/../../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/..%2f..%2fsecret.txt',
      '/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/%252e%252e/secret.txt',
      '/..%5csecret.txt',
      '/..\\secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/%c0%ae%c0%ae/secret.txt',
      '/assets/app.js%00.html',
      '//secret.txt',
      '/.%2e/secret.txt',
      `/${'../'.repeat(12)}etc/passwd`,
    ];
    const leaks: string[] = [];
    for (const path of attempts) {
      const res = await rawGet(path);
      if (res.status >= 500 || res.body.includes(SECRET_MARKER) || res.body.includes('root:'))
        leaks.push(`${path} → ${res.status} ${res.body.slice(0, 60)}`);
    }
    expect(leaks).toEqual([]);
  });
});

describe('slow and oversize bodies', () => {
  it('refuses a body over the limit with 400 and keeps serving', async () => {
    const res = await bot.api('/api/v1/control/pause', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'x'.repeat(200_000) }),
    });
    expect(res.status).toBe(400);
    expect(ApiErrorBody.parse(await res.json()).error.code).toBe('BODY_TOO_LARGE');
    expect((await bot.api('/api/v1/health')).status).toBe(200);
  });

  it('times out a client that trickles its body (slowloris) instead of holding the connection', async () => {
    // Its own server on the same bot with a short timeout, so the test does not wait 10 s.
    const { app, wsHub } = await buildServer(bot.ctx, { requestTimeoutMs: 1_000 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as { port: number };
      const started = Date.now();
      const outcome = await new Promise<string>((resolve) => {
        const sock = connect(port, '127.0.0.1', () => {
          sock.write(
            'POST /api/v1/control/pause HTTP/1.1\r\nHost: x\r\n' +
              `Authorization: Bearer ${TEST_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
          );
        });
        const drip = setInterval(() => sock.write(' '), 200);
        let answer = '';
        sock.on('data', (c) => (answer += String(c)));
        const done = (why: string) => {
          clearInterval(drip);
          sock.destroy();
          resolve(`${why} ${answer.split('\r\n')[0] ?? ''}`);
        };
        sock.on('close', () => done('closed'));
        sock.on('error', () => done('closed'));
        setTimeout(() => done('still open'), 6_000);
      });
      expect(outcome).toMatch(/^closed/);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(bot.ctx.state.truth().state_version).toBeGreaterThan(0);
    } finally {
      wsHub.close();
      await app.close();
    }
  }, 15_000);
});

describe('no secret in error bodies, metrics or the dashboard bundle', () => {
  const secrets = () => [TEST_TOKEN, venue.apiKey, venue.apiSecret];

  it('keeps the token and venue credentials out of error bodies and /metrics', async () => {
    const bodies: string[] = [];
    // Errors an attacker can provoke without the token, and authenticated ones that carry none of
    // the secrets in the request (an error may echo the caller's own input back to that caller).
    for (const res of [
      await bot.api('/api/v1/state', { token: venue.apiSecret }),
      await bot.api(`/api/v1/no-such-route?key=${venue.apiSecret}`, { token: null }),
      await bot.api('/api/v1/control/kill', { method: 'POST', json: { token: TEST_TOKEN }, token: null }),
      await bot.api('/api/v1/control/pause', { method: 'POST', json: { reason: 5 } }),
      await bot.api('/api/v1/config', { method: 'PATCH', json: { risk: { max_daily_loss_pct: 'lots' } } }),
      await bot.api('/api/v1/positions/none/close', { method: 'POST', json: {} }),
      await bot.api('/api/v1/control/pause', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"reason": "${venue.apiSecret}`,
      }),
    ]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      bodies.push(await res.text());
    }
    bodies.push(await (await bot.api('/metrics')).text());
    const leaks = bodies.filter((b) => secrets().some((s) => b.includes(s)));
    expect(leaks).toEqual([]);
  });

  const dist = join(__dirname, '../../../dashboard/dist');
  it.skipIf(!existsSync(dist))('ships no credential in the built dashboard bundle', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(dist);
    expect(files.length).toBeGreaterThan(0);
    const fromEnv = [
      process.env.AURORA_API_TOKEN,
      process.env.BINANCE_API_KEY,
      process.env.BINANCE_API_SECRET,
    ].filter((v): v is string => typeof v === 'string' && v.length >= 8);
    const found: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const s of fromEnv) if (text.includes(s)) found.push(`${f}: an environment credential`);
      // A Binance key or secret is 64 alphanumerics; an assignment to a credential name is a leak.
      if (/["'`][A-Za-z0-9]{64}["'`]/.test(text)) found.push(`${f}: a 64-character key-like literal`);
      if (/(api[_-]?secret|api[_-]?key|AURORA_API_TOKEN)["']?\s*[:=]\s*["'`][^"'`\s]{12,}/i.test(text))
        found.push(`${f}: a credential assignment`);
    }
    expect(found).toEqual([]);
  });
});
