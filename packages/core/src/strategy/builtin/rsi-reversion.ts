import { z } from 'zod';
import type { Strategy } from '../strategy';
import { lastCloses, rsiOf } from './series';

export const RsiReversionParams = z.strictObject({
  period: z.number().int().min(2).max(100).default(14),
  /** Buy when RSI comes back up through this level from below. */
  oversold: z.number().min(1).max(50).default(30),
  stop_atr_mult: z.number().min(0.1).max(20).default(1.5),
  take_profit_atr_mult: z.number().min(0.1).max(50).default(2),
  confidence: z.number().min(0).max(1).default(0.6),
});
export type RsiReversionParams = z.infer<typeof RsiReversionParams>;

const lookback = (p: RsiReversionParams): number => p.period * 5;

/** Mean reversion: buys when RSI crosses back above the oversold level. Long only. */
export const rsiReversion: Strategy<RsiReversionParams> = {
  name: 'rsi-reversion',
  description: 'Long when Wilder RSI crosses back above the oversold level; ATR stop and target.',
  params: RsiReversionParams,
  warmupCandles: (p) => lookback(p) + 1,
  create: (_symbol, p) => ({
    onCandle(ctx) {
      if (ctx.atr === null || ctx.candles.length < lookback(p) + 1) return null;
      const closes = lastCloses(ctx.candles, lookback(p) + 1);
      const rsi = rsiOf(closes, p.period);
      const rsiPrev = rsiOf(closes.slice(0, -1), p.period);
      if (rsi === null || rsiPrev === null) return null;
      if (!(rsiPrev < p.oversold && rsi >= p.oversold)) return null;
      return ctx.propose({
        side: 'BUY',
        stopDistance: ctx.atr * p.stop_atr_mult,
        targetDistance: ctx.atr * p.take_profit_atr_mult,
        confidence: p.confidence,
        signals: [{ name: 'rsi-reversion', direction: 'LONG', strength: 1, confidence: p.confidence, inputs: { rsi, rsi_prev: rsiPrev } }],
      });
    },
  }),
};
