import type { Strategy } from '@aurora/core';
import { z } from 'zod';

export const RandomEntryParams = z.strictObject({
  /** Which random entries: the same seed gives the same entries on the same candles. */
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  /** Chance (0..1) of a proposal on each closed candle. */
  rate: z.number().min(0).max(1).default(0.01),
  stop_atr_mult: z.number().min(0.1).max(20).default(2),
  take_profit_atr_mult: z.number().min(0.1).max(50).default(3),
  confidence: z.number().min(0).max(1).default(0.6),
  /** Candles before the first proposal (the runner's ATR must be warm). */
  warmup: z.number().int().min(1).max(1000).default(20),
});
export type RandomEntryParams = z.infer<typeof RandomEntryParams>;

/** A uniform draw in [0, 1) from (seed, symbol, candle time): pure, so a strategy may use it. */
function draw(seed: number, symbol: string, openTime: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  const mix = (x: number) => {
    h = Math.imul(h ^ x, 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  };
  for (let i = 0; i < symbol.length; i++) mix(symbol.charCodeAt(i));
  mix(openTime / 60_000);
  mix(Math.floor(openTime / 60_000 / 2 ** 32));
  return h / 2 ** 32;
}

/**
 * The baseline of the significance test: BUY at random on a share `rate` of closed candles, with
 * an ATR stop and target like the built-ins. Everything after the entry — sizing, gates, stop,
 * target, the kernel's exits — is the kernel's, as for any strategy. Not a trading idea.
 */
export const randomEntry: Strategy<RandomEntryParams> = {
  name: 'random-entry',
  description: 'Random BUY entries at a given rate (seeded, pure), ATR stop and target: the baseline of the significance test.',
  params: RandomEntryParams,
  warmupCandles: (p) => p.warmup,
  create: (symbol, p) => ({
    onCandle(ctx) {
      const last = ctx.candles[ctx.candles.length - 1];
      if (ctx.atr === null || last === undefined || draw(p.seed, symbol, last.openTime) >= p.rate) return null;
      return ctx.propose({
        side: 'BUY',
        stopDistance: ctx.atr * p.stop_atr_mult,
        targetDistance: ctx.atr * p.take_profit_atr_mult,
        confidence: p.confidence,
        signals: [{ name: 'random-entry', direction: 'LONG', strength: 1, confidence: p.confidence, inputs: {} }],
      });
    },
  }),
};
