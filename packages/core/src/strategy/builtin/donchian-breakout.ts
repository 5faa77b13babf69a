import { z } from 'zod';
import type { Kline } from '../../market/types';
import type { Strategy } from '../strategy';
import { channel } from './series';

export const DonchianBreakoutParams = z.strictObject({
  /** The channel: highest high and lowest low of this many candles BEFORE the current one. */
  period: z.number().int().min(2).max(500).default(20),
  stop_atr_mult: z.number().min(0.1).max(20).default(2),
  take_profit_atr_mult: z.number().min(0.1).max(50).default(4),
  confidence: z.number().min(0).max(1).default(0.6),
});
export type DonchianBreakoutParams = z.infer<typeof DonchianBreakoutParams>;

/** Breakout: buys when a candle closes above the previous `period` candles' highest high. Long only. */
export const donchianBreakout: Strategy<DonchianBreakoutParams> = {
  name: 'donchian-breakout',
  description: 'Long when the close breaks above the Donchian channel of the previous candles; ATR stop and target.',
  params: DonchianBreakoutParams,
  warmupCandles: (p) => p.period + 1,
  create: (_symbol, p) => ({
    onCandle(ctx) {
      const n = ctx.candles.length;
      if (ctx.atr === null || n < p.period + 1) return null;
      const last = ctx.candles[n - 1] as Kline;
      const prev = ctx.candles[n - 2] as Kline;
      const { high } = channel(ctx.candles, n - 1 - p.period, n - 1);
      const close = last.close.toNumber();
      // Only the first close beyond the channel: the candle before was still inside it.
      const { high: highBefore } = channel(ctx.candles, n - 2 - p.period, n - 2);
      if (!(close > high && prev.close.toNumber() <= highBefore)) return null;
      return ctx.propose({
        side: 'BUY',
        stopDistance: ctx.atr * p.stop_atr_mult,
        targetDistance: ctx.atr * p.take_profit_atr_mult,
        confidence: p.confidence,
        signals: [{ name: 'donchian-breakout', direction: 'LONG', strength: 1, confidence: p.confidence, inputs: { close, channel_high: high } }],
      });
    },
  }),
};
