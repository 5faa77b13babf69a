import { StrategyRegistry, type AnyStrategy, type StrategyInstance } from '@aurora/core';
import type { BacktestSignal } from './run-data';

/**
 * A registry of the same strategies whose instances also write down every proposal they make
 * once warm (what the runner passes on to the pipeline): the signals the look-ahead check
 * compares. The strategy code runs unchanged; only its return value is copied.
 */
export function tapSignals(source: StrategyRegistry, out: BacktestSignal[]): StrategyRegistry {
  return new StrategyRegistry(source.names().map((name) => tapped(source.get(name)!, out)));
}

function tapped(s: AnyStrategy, out: BacktestSignal[]): AnyStrategy {
  return {
    name: s.name,
    description: s.description,
    params: s.params,
    warmupCandles: (p: unknown) => s.warmupCandles(p),
    create(symbol: string, params: unknown): StrategyInstance {
      const instance = s.create(symbol, params);
      const warm = s.warmupCandles(params);
      const onCandle: StrategyInstance['onCandle'] = (ctx) => {
        const c = instance.onCandle(ctx);
        const last = ctx.candles[ctx.candles.length - 1];
        if (c !== null && last !== undefined && ctx.candles.length >= warm)
          out.push({
            time: last.closeTime,
            symbol: c.symbol,
            side: c.side,
            entry: c.entryPrice.toFixed(),
            stop: c.stopPrice.toFixed(),
            target: c.takeProfitPrice.toFixed(),
            confidence: c.confidence,
            atr: c.atr,
          });
        return c;
      };
      // The instance may be a class with private fields: reads go to it, bound to it.
      return new Proxy(instance, {
        get(target, prop) {
          if (prop === 'onCandle') return onCandle;
          const v: unknown = Reflect.get(target, prop, target);
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
    },
  };
}
