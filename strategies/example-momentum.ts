/*
 * An example user strategy (docs/STRATEGIES.md). Every .ts/.mjs/.js file in this folder
 * (AURORA_STRATEGIES_DIR, default ./strategies) is loaded at start-up; pick it for a symbol in
 * the runtime config: "strategy": { "per_symbol": { "BTCUSDT": { "name": "example-momentum" } } }.
 * Import only types from @aurora/core (they vanish at load) and libraries such as zod.
 */
import { z } from 'zod';
import type { Strategy } from '@aurora/core';

const Params = z.strictObject({
  /** Compare the close with the close this many candles earlier. */
  lookback: z.number().int().min(2).max(500).default(30),
  /** Buy when the close is at least this much above it, in percent. */
  min_rise_pct: z.number().min(0.01).max(50).default(0.5),
  stop_atr_mult: z.number().min(0.1).max(20).default(2),
  take_profit_atr_mult: z.number().min(0.1).max(50).default(3),
});
type Params = z.infer<typeof Params>;

const strategy: Strategy<Params> = {
  name: 'example-momentum',
  description: 'Long when the close has risen min_rise_pct over the last lookback candles (example).',
  params: Params,
  warmupCandles: (p) => p.lookback + 1,
  create: (_symbol, p) => {
    let armed = true; // one proposal per rise: re-armed once the rise is gone
    return {
      onCandle(ctx) {
        const n = ctx.candles.length;
        const now = ctx.candles[n - 1];
        const then = ctx.candles[n - 1 - p.lookback];
        if (ctx.atr === null || now === undefined || then === undefined) return null;
        const risePct = (now.close.toNumber() / then.close.toNumber() - 1) * 100;
        if (risePct < p.min_rise_pct) {
          armed = true;
          return null;
        }
        if (!armed) return null;
        armed = false;
        return ctx.propose({
          side: 'BUY',
          stopDistance: ctx.atr * p.stop_atr_mult,
          targetDistance: ctx.atr * p.take_profit_atr_mult,
          confidence: 0.6,
          signals: [{ name: 'example-momentum', direction: 'LONG', strength: 1, confidence: 0.6, inputs: { rise_pct: risePct } }],
        });
      },
    };
  },
};

export default strategy;
