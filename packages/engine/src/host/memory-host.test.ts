import { describe, expect, it } from 'vitest';
import { defaultRuntimeConfig } from '@aurora/contracts';
import { ManualClock } from '@aurora/core';
import { memoryHost } from './memory-host';

describe('memoryHost', () => {
  it('moves the version on every change, raises a held no-go once, folds repeated errors within a minute', () => {
    const clock = new ManualClock(1_000);
    const h = memoryHost(clock, defaultRuntimeConfig());
    const v0 = h.state.version;
    h.state.raiseNoGo('AUDIT', 'x');
    h.state.raiseNoGo('AUDIT', 'x');
    expect(h.state.version).toBe(v0 + 1);
    expect(h.state.hasNoGo('AUDIT')).toBe(true);
    h.state.clearNoGo('AUDIT');
    h.state.clearNoGo('AUDIT');
    expect(h.state.version).toBe(v0 + 2);

    h.state.recordError('execution', 'REJECTED', 'first');
    clock.advance(30_000);
    h.state.recordError('execution', 'REJECTED', 'second');
    clock.advance(61_000);
    h.state.recordError('execution', 'REJECTED', 'third');
    expect(h.state.errors.map((e) => [e.message, e.count])).toEqual([
      ['second', 2],
      ['third', 1],
    ]);
    expect(h.state.errorCount('execution', 'REJECTED')).toBe(3);
  });

  it('counts metrics per label set and tells config listeners of a change', () => {
    const h = memoryHost(new ManualClock(0), defaultRuntimeConfig());
    h.metrics.orders.inc({ purpose: 'ENTRY', outcome: 'ACKED' });
    h.metrics.orders.inc({ outcome: 'ACKED', purpose: 'ENTRY' });
    h.metrics.breakerState.set(2);
    expect(h.metrics.orders.get({ purpose: 'ENTRY', outcome: 'ACKED' })).toBe(2);
    expect(h.metrics.breakerState.get()).toBe(2);
    const seen: string[] = [];
    h.config.onChange((next, prev) => seen.push(`${prev.quote_asset}->${next.quote_asset}`));
    h.config.set({ ...h.config.get(), quote_asset: 'USDC' });
    expect(seen).toEqual(['USDT->USDC']);
  });
});
