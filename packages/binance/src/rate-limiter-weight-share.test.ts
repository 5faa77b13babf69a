import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter';

const T0 = 1_700_000_020_000; // 40 s into a minute window
const weight = (n: number) => new Headers({ 'x-mbx-used-weight-1m': String(n) });
const declare6000 = (rl: RateLimiter) =>
  rl.setLimits([{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }]);

describe('RateLimiter weight share (several bots on one IP)', () => {
  it('budgets only its share of the declared limit and holds at the delay fraction of that share', () => {
    const rl = new RateLimiter({ now: () => T0, weightShare: 0.25 });
    declare6000(rl);
    expect(rl.snapshot().weight_limit_1m).toBe(1500);
    // 1250 = 1000/1200 of 1500: a whole-IP budget would still send, the quarter share holds.
    rl.onResponse(200, weight(1249));
    expect(rl.admit('GET /api/v3/account', false).delayMs).toBe(0);
    rl.onResponse(200, weight(1250));
    expect(rl.admit('GET /api/v3/account', false).delayMs).toBe(20_000);
  });

  it('warns at the warn fraction of its share, not of the whole IP limit', () => {
    const warnings: string[] = [];
    const rl = new RateLimiter({
      now: () => T0,
      weightShare: 0.5,
      logger: { warn: (_o, m) => warnings.push(m) },
    });
    declare6000(rl);
    rl.onResponse(200, weight(2000)); // 800/1200 of 3000
    expect(warnings).toEqual(['binance: request weight above warn threshold']);
  });

  it('uses the whole declared limit by default', () => {
    const rl = new RateLimiter({ now: () => T0 });
    declare6000(rl);
    rl.onResponse(200, weight(4999));
    expect([rl.snapshot().weight_limit_1m, rl.admit('GET /api/v3/account', false).delayMs]).toEqual([
      6000, 0,
    ]);
  });

  it.each([0, -0.1, 1.5, Number.NaN])('refuses a share of %s with a clear error', (share) => {
    expect(() => new RateLimiter({ weightShare: share })).toThrow(/weightShare must be in \(0, 1\]/);
  });
});
