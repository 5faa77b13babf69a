import { ManualClock } from '@aurora/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from './start-server';
import { rest, TestSocket } from '../testing/sim-client';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 30); // 30 s before the minute window resets
const clock = new ManualClock(T0);
let sim: SimServer;

beforeAll(async () => {
  sim = await startSimServer({
    clock,
    historyCandles: 5,
    feed: { kind: 'synthetic', tickMs: 60_000 },
    rateLimits: { requestWeightPerMinute: 10, ordersPer10s: 2, banAfterViolations: 2, banMs: 60_000 },
  });
});
afterAll(() => sim.close());

describe('rate limits', () => {
  it('declares the configured limits in exchangeInfo', () => {
    const info = sim.exchange.exchangeInfo() as {
      rateLimits: { rateLimitType: string; interval: string; limit: number }[];
    };
    expect(info.rateLimits.slice(0, 2)).toEqual([
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 10 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 2 },
    ]);
  });

  it('answers 429 with Retry-After past the minute weight, then 418 for an IP that keeps going', async () => {
    for (let i = 1; i <= 10; i++) {
      const r = await rest(sim.restUrl, '/api/v3/ping');
      expect(r.status).toBe(200);
      expect(r.headers.get('x-mbx-used-weight-1m')).toBe(String(i));
    }
    for (let i = 0; i < 2; i++) {
      const r = await rest(sim.restUrl, '/api/v3/ping');
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('30');
      expect(r.body).toEqual({
        code: -1003,
        msg: 'Too much request weight used; current limit is 10 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.',
      });
    }
    const banned = await rest(sim.restUrl, '/api/v3/ping');
    expect(banned.status).toBe(418);
    expect(banned.headers.get('retry-after')).toBe('60');
    expect(banned.body).toEqual({
      code: -1003,
      msg: `Way too much request weight used; IP banned until ${T0 + 60_000}. Please use WebSocket Streams for live updates to avoid bans.`,
    });
    const ws = await TestSocket.open(sim.wsApiUrl);
    expect(await ws.request(1, 'ping')).toMatchObject({
      status: 418,
      error: { code: -1003, data: { retryAfter: T0 + 60_000 } },
    });
    ws.close();

    clock.advance(61_000);
    expect((await rest(sim.restUrl, '/api/v3/ping')).status).toBe(200);
  });

  it('limits new orders per 10 s with -1015', async () => {
    clock.advance(60_000);
    const { apiKey, apiSecret } = sim.createAccount();
    const place = () =>
      rest(sim.restUrl, '/api/v3/order', {
        method: 'POST',
        apiKey,
        secret: apiSecret,
        timestamp: clock.now(),
        params: { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.0002' },
      });
    expect((await place()).headers.get('x-mbx-order-count-10s')).toBe('1');
    expect((await place()).headers.get('x-mbx-order-count-10s')).toBe('2');
    const third = await place();
    expect(third.status).toBe(429);
    expect(third.body).toEqual({
      code: -1015,
      msg: 'Too many new orders; current limit is 2 orders per 10 SECOND.',
    });
    clock.advance(10_000);
    expect((await place()).status).toBe(200);
  });
});
