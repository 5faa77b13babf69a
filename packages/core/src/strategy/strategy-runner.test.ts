import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultRuntimeConfig, RuntimeConfig, StrategyConfig } from '@aurora/contracts';
import { ProposalRefused, StrategyRunner } from './strategy-runner';
import { StrategyRegistry } from './registry';
import type { Strategy, StrategyContext } from './strategy';
import { barsToKlines, flatBars } from './strategy.fixture';

/** Records what it was shown and proposes a BUY on every candle. */
function spy(warmup = 3) {
  const seen: { last: number; count: number }[] = [];
  const strategy: Strategy<{ n: number }> = {
    name: 'spy',
    description: 'test',
    params: z.object({ n: z.number().default(1) }),
    warmupCandles: () => warmup,
    create: () => ({
      onCandle(ctx: StrategyContext) {
        seen.push({ last: ctx.candles[ctx.candles.length - 1]?.openTime ?? -1, count: ctx.candles.length });
        return ctx.propose({ side: 'BUY', stopDistance: 1, targetDistance: 2, confidence: 0.7 });
      },
    }),
  };
  return { strategy, seen };
}

const klines = barsToKlines('BTCUSDT', flatBars(10));

describe('StrategyRunner', () => {
  it('shows the strategy closed candles up to the current one only (no look-ahead)', () => {
    const { strategy, seen } = spy();
    const r = new StrategyRunner('BTCUSDT', strategy, { n: 1 }, { atrPeriod: 3 });
    klines.forEach((k) => r.onKline(k));
    expect(seen).toEqual(klines.map((k, i) => ({ last: k.openTime, count: i + 1 })));
    expect(r.onKline({ ...klines[9]!, closed: false, openTime: klines[9]!.openTime + 60_000 })).toBeNull();
    expect(seen).toHaveLength(10);
  });

  it('drops proposals until the warm-up is complete, then stamps them with the strategy name', () => {
    const { strategy } = spy(4);
    const r = new StrategyRunner('BTCUSDT', strategy, { n: 1 }, { atrPeriod: 3 });
    const out = klines.map((k) => r.onKline(k));
    expect(out.slice(0, 3)).toEqual([null, null, null]);
    expect(out[3]).toMatchObject({ strategy: 'spy', side: 'BUY', confidence: 0.7 });
    expect(out[3]?.stopPrice.toString()).toBe(klines[3]!.close.minus(1).toString());
  });

  it('a strategy that throws proposes nothing for that candle, reports the error, and keeps running', () => {
    let calls = 0;
    const errors: string[] = [];
    const flaky: Strategy<Record<string, never>> = {
      name: 'flaky',
      description: 'test',
      params: z.object({}),
      warmupCandles: () => 1,
      create: () => ({
        onCandle(ctx) {
          if (++calls === 2) throw new Error('boom');
          return ctx.propose({ side: 'BUY', stopDistance: 1, targetDistance: 1, confidence: 0.6 });
        },
      }),
    };
    const r = new StrategyRunner('BTCUSDT', flaky, {}, { atrPeriod: 3, onError: (e) => errors.push(e.message) });
    const out = klines.slice(0, 3).map((k) => r.onKline(k));
    expect(out.map((c) => c !== null)).toEqual([true, false, true]);
    expect(errors).toEqual(['boom']);
  });

  it('stamps proposals with the params identity, and passes on checked exit rules, refusing bounds-breaking ones', () => {
    const errors: string[] = [];
    const exits: Strategy<{ hold: number }> = {
      name: 'own-exits',
      description: 'test',
      params: z.object({ hold: z.number() }),
      warmupCandles: () => 1,
      create: (_symbol, p) => ({
        onCandle: (ctx) => ctx.propose({ side: 'BUY', stopDistance: 1, targetDistance: 1, confidence: 0.6, maxHoldingMin: p.hold, trailingAtrMult: 0.5 }),
      }),
    };
    const kinds: string[] = [];
    const onError = (e: Error) => {
      errors.push(e.message);
      kinds.push(e instanceof ProposalRefused ? e.name : 'other');
    };
    const r = new StrategyRunner('BTCUSDT', exits, { hold: 30 }, { atrPeriod: 3, onError });
    const ok = r.onKline(klines[0]!);
    expect(ok).toMatchObject({ strategy: 'own-exits', paramsId: r.paramsId, exitOverrides: { trailingAtrMult: 0.5, maxHoldingMin: 30 } });
    expect(r.paramsId).toMatch(/^[0-9a-f]{12}$/);
    r.reconfigure(exits, { hold: 0 }, 3);
    expect(r.paramsId).not.toBe(ok?.paramsId);
    expect(r.onKline(klines[1]!)).toBeNull();
    expect(errors.at(-1)).toMatch(/^proposal refused: maxHoldingMin 0 is outside/);
    expect(kinds.at(-1)).toBe('ProposalRefused');
  });

  it('a change of strategy replays the kept candles, so the new one is warm at once', () => {
    const a = spy(3);
    const b = spy(3);
    const r = new StrategyRunner('BTCUSDT', a.strategy, { n: 1 }, { atrPeriod: 3 });
    r.warmup(klines.slice(0, 5));
    r.reconfigure({ ...b.strategy, name: 'other' }, { n: 1 }, 3);
    expect(b.seen.map((s) => s.count)).toEqual([1, 2, 3, 4, 5]);
    expect(r.onKline(klines[5]!)?.strategy).toBe('other');
  });
});

describe('StrategyRegistry', () => {
  const registry = new StrategyRegistry();
  const withChoice = (per_symbol: unknown) => StrategyConfig.parse({ ...defaultRuntimeConfig().strategy, per_symbol });

  it('an older runtime config without per_symbol still loads, every symbol on the ensemble', () => {
    expect(RuntimeConfig.parse({ strategy: { ema_fast: 5 } }).strategy.per_symbol).toEqual({});
  });

  it('gives a symbol without a choice the ensemble with the strategy section as its params', () => {
    const r = registry.resolve(defaultRuntimeConfig().strategy, 'BTCUSDT');
    expect(Array.isArray(r)).toBe(false);
    if (Array.isArray(r)) return;
    expect(r.strategy.name).toBe('ensemble');
    expect(r.params).toMatchObject({ ema_fast: 9, ema_slow: 21 });
  });

  it('gives the chosen strategy its params over its defaults', () => {
    const r = registry.resolve(withChoice({ BTCUSDT: { name: 'ema-cross', params: { fast: 5 } } }), 'BTCUSDT');
    if (Array.isArray(r)) throw new Error(JSON.stringify(r));
    expect(r.strategy.name).toBe('ema-cross');
    expect(r.params).toMatchObject({ fast: 5, slow: 21 });
  });

  it('names the field of a bad parameter and an unknown strategy', () => {
    const c = withChoice({ BTCUSDT: { name: 'ema-cross', params: { fast: 1 } }, ETHUSDT: { name: 'nope' } });
    const problems = registry.problems(c, ['BTCUSDT', 'ETHUSDT']);
    expect(problems.map((p) => p.path)).toEqual(['strategy.per_symbol.BTCUSDT.params.fast', 'strategy.per_symbol.ETHUSDT.name']);
    expect(problems[1]?.message).toContain('unknown strategy "nope"');
  });

  it('refuses a second strategy with a taken name', () => {
    expect(() => new StrategyRegistry().add({ ...registry.get('ema-cross')! })).toThrow(/already loaded/);
  });
});
