import { z } from 'zod';
import type { Strategy } from '../strategy';
import { emaOf, lastCloses } from './series';

export const EmaCrossParams = z
  .strictObject({
    fast: z.number().int().min(2).max(200).default(9),
    slow: z.number().int().min(3).max(500).default(21),
    stop_atr_mult: z.number().min(0.1).max(20).default(2),
    take_profit_atr_mult: z.number().min(0.1).max(50).default(3),
    confidence: z.number().min(0).max(1).default(0.6),
  })
  .refine((p) => p.fast < p.slow, { message: 'must be smaller than slow', path: ['fast'] });
export type EmaCrossParams = z.infer<typeof EmaCrossParams>;

/** Enough candles that the slow EMA has forgotten its SMA seed. */
const lookback = (p: EmaCrossParams): number => p.slow * 4;

/** Buys when the fast EMA crosses above the slow one on a closed candle. Long only. */
export const emaCross: Strategy<EmaCrossParams> = {
  name: 'ema-cross',
  description: 'Long when the fast EMA of closes crosses above the slow EMA; ATR stop and target.',
  params: EmaCrossParams,
  warmupCandles: (p) => lookback(p) + 1,
  create: (_symbol, p) => ({
    onCandle(ctx) {
      if (ctx.atr === null || ctx.candles.length < lookback(p) + 1) return null;
      const closes = lastCloses(ctx.candles, lookback(p) + 1);
      const before = closes.slice(0, -1);
      const fast = emaOf(closes, p.fast);
      const slow = emaOf(closes, p.slow);
      const fastPrev = emaOf(before, p.fast);
      const slowPrev = emaOf(before, p.slow);
      if (fast === null || slow === null || fastPrev === null || slowPrev === null) return null;
      if (!(fastPrev <= slowPrev && fast > slow)) return null;
      return ctx.propose({
        side: 'BUY',
        stopDistance: ctx.atr * p.stop_atr_mult,
        targetDistance: ctx.atr * p.take_profit_atr_mult,
        confidence: p.confidence,
        signals: [{ name: 'ema-cross', direction: 'LONG', strength: 1, confidence: p.confidence, inputs: { fast, slow } }],
      });
    },
  }),
};
