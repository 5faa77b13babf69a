import { describe, expect, it } from 'vitest';
import { applyConfigPatch, defaultRuntimeConfig, RuntimeConfigPatch } from './runtime-config';

describe('PATCH /config', () => {
  it('a patch of one field keeps every other field of its section as the operator set it', () => {
    const current = defaultRuntimeConfig();
    current.risk.max_concurrent_positions = 7;
    current.risk.max_total_exposure_usdt = '900';
    current.reconcile.interval_s = current.reconcile.interval_s + 5;
    const patch = RuntimeConfigPatch.parse({ risk: { max_daily_loss_pct: 1 } });
    expect(patch).toEqual({ risk: { max_daily_loss_pct: 1 } });
    const next = applyConfigPatch(current, patch);
    expect(next.risk.max_daily_loss_pct).toBe(1);
    expect(next.risk.max_concurrent_positions).toBe(7);
    expect(next.risk.max_total_exposure_usdt).toBe('900');
    expect(next.reconcile.interval_s).toBe(current.reconcile.interval_s);
  });

  it('still refuses unknown fields and out-of-range values', () => {
    expect(RuntimeConfigPatch.safeParse({ risk: { nope: 1 } }).success).toBe(false);
    expect(RuntimeConfigPatch.safeParse({ risk: { max_daily_loss_pct: 99 } }).success).toBe(false);
  });
});
