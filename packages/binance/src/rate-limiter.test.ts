import { describe, expect, it } from 'vitest';
import { ExchangeRetryable } from '@aurora/core';
import { RateLimiter } from './rate-limiter';
import exchangeInfo from './fixtures/exchange-info.json';
import type { RateLimitRule } from './rate-limiter';

const headers = (h: Record<string, string>) => new Headers(h);
const T0 = 1_700_000_020_000; // 40 s into a minute window

const setup = () => {
  let now = T0;
  const warnings: string[] = [];
  const rl = new RateLimiter({ now: () => now, logger: { warn: (_o, msg) => warnings.push(msg) } });
  rl.setLimits([{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 1200 }]);
  return { rl, warnings, set: (t: number) => (now = t) };
};

describe('RateLimiter', () => {
  it('adopts the limits declared in exchangeInfo.rateLimits', () => {
    const rl = new RateLimiter({ now: () => T0 });
    rl.setLimits(exchangeInfo.rateLimits as RateLimitRule[]);
    const s = rl.snapshot();
    expect([s.weight_limit_1m, s.order_limit_10s, s.order_limit_1d]).toEqual([6000, 50, 160000]);
  });

  it('reads the weight and order-count headers of every response', () => {
    const { rl } = setup();
    rl.onResponse(
      200,
      headers({ 'X-MBX-USED-WEIGHT-1M': '37', 'X-MBX-ORDER-COUNT-10S': '3', 'X-MBX-ORDER-COUNT-1D': '41' }),
    );
    const s = rl.snapshot();
    expect([s.used_weight_1m, s.order_count_10s, s.order_count_1d, s.updated_at]).toEqual([37, 3, 41, T0]);
  });

  it('warns once per window when weight crosses 800/1200 of the declared limit', () => {
    const { rl, warnings } = setup();
    rl.onResponse(200, headers({ 'x-mbx-used-weight-1m': '799' }));
    expect(warnings).toHaveLength(0);
    rl.onResponse(200, headers({ 'x-mbx-used-weight-1m': '800' }));
    rl.onResponse(200, headers({ 'x-mbx-used-weight-1m': '850' }));
    expect(warnings).toEqual(['binance: request weight above warn threshold']);
  });

  it('scales the thresholds with the declared limit instead of assuming 1200', () => {
    const { rl } = setup();
    rl.setLimits([{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }]);
    rl.onResponse(200, headers({ 'x-mbx-used-weight-1m': '1100' }));
    expect(rl.admit('GET /api/v3/account', false).delayMs).toBe(0);
    rl.onResponse(200, headers({ 'x-mbx-used-weight-1m': '5000' }));
    expect(rl.admit('GET /api/v3/account', false).delayMs).toBe(20_000);
  });

  it('holds requests above 1000/1200 until the minute window rolls, and counts them', () => {
    const { rl, set } = setup();
    rl.onResponse(200, headers({ 'x-mbx-used-weight-1m': '1000' }));
    expect(rl.admit('GET /api/v3/account', false)).toEqual({ delayMs: 20_000 });
    expect(rl.snapshot().delayed_requests).toBe(1);
    set(T0 + 20_000); // next minute: the old counter no longer applies
    expect(rl.admit('GET /api/v3/account', false)).toEqual({ delayMs: 0 });
    expect(rl.snapshot().used_weight_1m).toBe(0);
  });

  it('holds order requests at the 10 s order limit, not other requests', () => {
    const { rl } = setup();
    rl.setLimits([{ rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 5 }]);
    rl.onResponse(200, headers({ 'x-mbx-order-count-10s': '5' }));
    expect(rl.admit('POST /api/v3/order', true).delayMs).toBe(10_000);
    expect(rl.admit('GET /api/v3/account', false).delayMs).toBe(0);
  });

  it('holds entries once all but the exit reserve of the order budget is spent, while exits still go', () => {
    const { rl } = setup();
    rl.setLimits([{ rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50 }]);
    // 40 of 50 orders used: the last 10 (20 %) are held for exits.
    rl.onResponse(200, headers({ 'x-mbx-order-count-10s': '40' }));
    expect(rl.admit('POST /api/v3/order', true, 'ENTRY').delayMs).toBe(10_000);
    expect(rl.admit('POST /api/v3/order', true, 'EXIT').delayMs).toBe(0);
    rl.onResponse(200, headers({ 'x-mbx-order-count-10s': '50' }));
    expect(rl.admit('POST /api/v3/order', true, 'EXIT').delayMs).toBe(10_000);
  });

  it('on 429 honours Retry-After: refuses to send until it passes, then sends again', () => {
    const { rl, set } = setup();
    rl.onResponse(429, headers({ 'Retry-After': '7' }));
    expect(rl.snapshot().rate_limited).toBe(true);
    expect(rl.snapshot().retry_after_until).toBe(T0 + 7_000);
    let thrown: unknown;
    try {
      rl.admit('GET /api/v3/account', false);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ExchangeRetryable);
    expect((thrown as ExchangeRetryable).retryAfterMs).toBe(7_000);
    set(T0 + 7_000);
    expect(rl.admit('GET /api/v3/account', false).delayMs).toBe(0);
    expect(rl.snapshot().rate_limited).toBe(false);
  });

  it('on 418 sends nothing until the ban ends, then resumes', () => {
    const { rl, set } = setup();
    rl.onResponse(418, headers({ 'Retry-After': '120' }));
    expect(rl.snapshot().banned_until).toBe(T0 + 120_000);
    set(T0 + 119_999);
    expect(() => rl.admit('POST /api/v3/order', true)).toThrow(/banned/);
    set(T0 + 120_000);
    expect(rl.admit('POST /api/v3/order', true).delayMs).toBe(0);
    expect(rl.snapshot().banned_until).toBeNull();
  });

  it('a 418 without Retry-After still bans for Binance minimum of 2 minutes', () => {
    const { rl } = setup();
    rl.onResponse(418, headers({}));
    expect(rl.snapshot().banned_until).toBe(T0 + 120_000);
  });

  it('ignores garbage header values', () => {
    const { rl } = setup();
    rl.onResponse(200, headers({ 'x-mbx-used-weight-1m': 'lots' }));
    expect(rl.snapshot().used_weight_1m).toBe(0);
  });
});
