import { describe, expect, it } from 'vitest';
import { runTickToOrderBench } from './tick-to-order-bench';

// Runs the real bot against the simulator on loopback for a handful of orders. It checks that
// the bench can still drive the product's path (hooks present, orders placed and cancelled,
// every stamp seen), never how fast anything was.
describe('runTickToOrderBench', () => {
  it('places, stamps and cancels real orders through the bot and reports every figure', async () => {
    const results = await runTickToOrderBench({ samples: 3, warmup: 1 });
    expect(results.map((r) => r.name)).toEqual([
      'tick_to_order.to_socket.p50',
      'tick_to_order.to_socket.p99',
      'tick_to_order.to_socket_excl_sqlite.p99',
      'tick_to_order.to_fetch.p50',
      'tick_to_order.to_fetch.p99',
      'tick_to_order.to_fetch_excl_sqlite.p99',
      'tick_to_order.sqlite_on_path.p50',
      'tick_to_order.sqlite_on_path.p99',
    ]);
    for (const r of results) {
      expect(r.unit).toBe('µs');
      expect(r.value).toBeGreaterThan(0);
      expect(r.baseline?.value).toBeGreaterThanOrEqual(0);
    }
    const byName = new Map(results.map((r) => [r.name, r.value]));
    // Each sample's socket write follows its fetch() call, so the percentiles keep that order.
    expect(byName.get('tick_to_order.to_socket.p50')).toBeGreaterThanOrEqual(
      byName.get('tick_to_order.to_fetch.p50') as number,
    );
    expect(results.find((r) => r.name === 'tick_to_order.sqlite_on_path.p50')?.note).toContain(
      'insertIntent',
    );
  });
});
