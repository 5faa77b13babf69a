import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultRuntimeConfig, type WsEventMessage } from '@aurora/contracts';
import { Dec, ExchangeRejected, ManualClock, type BookTicker, type ExchangePort } from '@aurora/core';
import { createLogger } from '../logging/logger';
import { createMetrics } from '../metrics/metrics';
import { ObserverFlow, type KernelParts } from '@aurora/engine';
import { resolveBaseline } from './observer-baseline';

const T0 = Date.UTC(2026, 11, 1, 12);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Only what ObserverFlow reads; the rest of the runtime is not involved. */
function harness() {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-observer-'));
  dirs.push(dir);
  const clock = new ManualClock(T0);
  const config = { ...defaultRuntimeConfig(), symbols: ['BTCUSDT'] };
  const events: WsEventMessage['event'][] = [];
  const metrics = createMetrics();
  let book: BookTicker | null = null;
  let changes = 0;
  const kit = {
    d: {
      clock,
      config: { get: () => config },
      metrics,
      log: createLogger('silent', { destination: new Writable({ write: (_c, _e, cb) => cb() }) }),
      state: { changed: () => (changes += 1) },
      broadcast: (e: WsEventMessage['event']) => events.push(e),
    },
    engines: {
      intents: { get: () => undefined },
      positions: { getPosition: () => undefined },
      tca: { dto: () => null },
      strategies: new Map([['BTCUSDT', { strategyName: 'ensemble', paramsId: '0123456789ab' }]]),
    },
    market: { book: () => book },
    venue: null,
  } as unknown as KernelParts;
  const flow = new ObserverFlow(kit, (key) => resolveBaseline(dir, key));
  const setSpread = (bid: string, ask: string) => {
    book = {
      symbol: 'BTCUSDT',
      updateId: 1,
      bidPrice: new Dec(bid),
      bidQty: new Dec(1),
      askPrice: new Dec(ask),
      askQty: new Dec(1),
      receivedAt: clock.now(),
    };
  };
  return { flow, clock, events, metrics, setSpread, changes: () => changes };
}

describe('ObserverFlow', () => {
  it('a widening spread becomes an ANOMALY event on the broadcast the notifiers read, and a metric', async () => {
    const h = harness();
    for (let i = 0; i < 80; i++) {
      h.clock.advance(1000);
      h.setSpread('100000.00', i % 2 === 0 ? '100000.10' : '100000.20'); // 0.01–0.02 bps
      h.flow.tick(h.clock.now());
    }
    expect(h.events).toEqual([]);
    h.clock.advance(1000);
    h.setSpread('100000.00', '100100.00'); // ≈ 10 bps
    h.flow.tick(h.clock.now());
    expect(h.events).toHaveLength(1);
    expect(h.events[0]).toMatchObject({ kind: 'ANOMALY', at: h.clock.now() });
    expect(h.events[0]?.message).toBe(
      'Bid/ask spread on BTCUSDT: 10.00 bps is 19.96 robust z above the median 0.015 bps of the previous 80 values (scale 0.500 bps; threshold 8)',
    );
    expect(h.changes()).toBe(1);
    const metric = await h.metrics.anomalies.get();
    expect(metric.values).toEqual([{ labels: { series: 'spread_bps', detector: 'ROBUST_Z' }, value: 1 }]);
    const res = h.flow.anomalies();
    expect(res.anomalies[0]?.evidence.points.at(-1)?.v).toBeCloseTo(9.995, 3);
    expect(res.series.map((s) => [s.series, s.symbol])).toEqual([
      ['price_jump_bps', 'BTCUSDT'],
      ['spread_bps', 'BTCUSDT'],
    ]);
  });

  it('a stale book is not sampled twice', () => {
    const h = harness();
    h.setSpread('100', '100.01');
    h.flow.tick(h.clock.now());
    h.clock.advance(1000);
    h.flow.tick(h.clock.now());
    expect(h.flow.observer.summaries().find((s) => s.series === 'spread_bps')?.samples).toBe(1);
  });

  it('the exchange decorator counts refusals as rejects and successes with their round trip; other failures are neither', async () => {
    const h = harness();
    const outcomes: Array<'ok' | 'rejected' | 'unknown'> = [
      ...Array<'ok'>(18).fill('ok'),
      'rejected',
      'unknown',
      'ok',
    ];
    const port = {
      placeOrder: () => {
        const next = outcomes.shift();
        h.clock.advance(40);
        if (next === 'rejected')
          return Promise.reject(new ExchangeRejected('-2010 insufficient balance', -2010, 400));
        if (next === 'unknown') return Promise.reject(new Error('socket hang up'));
        return Promise.resolve({});
      },
    } as unknown as ExchangePort;
    const wrapped = h.flow.wrapExchange(port);
    const req = { symbol: 'BTCUSDT', clientOrderId: 'x' } as Parameters<ExchangePort['placeOrder']>[0];
    for (let i = 0; i < 21; i++) await wrapped.placeOrder(req).catch(() => undefined);
    const byName = new Map(h.flow.observer.summaries().map((s) => [s.series, s]));
    expect(byName.get('placement_latency_ms')).toMatchObject({ samples: 19, last: { v: 40 } });
    // 20 counted outcomes (the unknown one is not), one of them a reject: 1/20.
    expect(byName.get('reject_rate')).toMatchObject({ samples: 1, last: { v: 0.05 } });
  });

  it('says "no baseline" for live PnL when the data directory holds no backtest report', () => {
    const h = harness();
    expect(h.flow.anomalies().baseline).toEqual({
      status: 'NONE',
      message: 'no baseline: no backtest report at backtest-baseline.json in the data directory',
    });
  });
});
