import type { AnyStrategy, Kline } from '@aurora/core';
import type { CandleSeries } from '@aurora/history';
import { z } from 'zod';

/*
 * Test material, never registered in the product: strategies with the bugs the bias checks exist
 * to find.
 */

const NoParams = z.strictObject({});

/**
 * Look-ahead through a closure over the raw candles: BUY when the close 30 minutes later — read
 * from the data set, not from the context — is higher (the classic "label from the future" bug).
 * The context cannot leak the future; the closure can.
 */
export function futurePeeker(series: readonly CandleSeries[], aheadMinutes = 30): AnyStrategy {
  return {
    name: 'future-peeker',
    description: 'test: reads a close from the future',
    params: NoParams,
    warmupCandles: () => 20,
    create(symbol) {
      const s = series.find((x) => x.symbol === symbol)!;
      const closes = s.numbers('close');
      const index = new Map<number, number>();
      for (let i = 0; i < s.length; i++) index.set(s.openTime[i]!, i);
      return {
        onCandle(ctx) {
          const last = ctx.candles[ctx.candles.length - 1]!;
          const ahead = index.get(last.openTime + aheadMinutes * 60_000);
          if (ctx.atr === null || ahead === undefined || !(closes[ahead]! > last.close.toNumber())) return null;
          return ctx.propose({ side: 'BUY', stopDistance: ctx.atr * 2, targetDistance: ctx.atr * 3, confidence: 0.9 });
        },
      };
    },
  };
}

/** What a strategy that tries to read ahead through its context saw: the worst it found. */
export interface PeekLog {
  calls: number;
  /** Candles found in the context (now or in a kept reference) that closed after the current one. */
  futureSeen: number;
  /** Reads past the end of the array that returned a candle. */
  pastEnd: number;
}

/**
 * Tries every way the context offers to see the future: reads past the end of `ctx.candles`,
 * keeps the array reference of an earlier call and looks in it for candles newer than the one
 * closing now. It never proposes.
 */
export function contextPeeker(log: PeekLog): AnyStrategy {
  return {
    name: 'context-peeker',
    description: 'test: tries to read the future through its context',
    params: NoParams,
    warmupCandles: () => 5,
    create() {
      const kept: ReadonlyArray<Kline>[] = [];
      return {
        onCandle(ctx) {
          log.calls++;
          const now = ctx.candles[ctx.candles.length - 1]!.closeTime;
          if (ctx.candles[ctx.candles.length] !== undefined || ctx.candles.at(ctx.candles.length) !== undefined) log.pastEnd++;
          kept.push(ctx.candles);
          if (kept.length > 3) kept.shift();
          for (const arr of kept) for (const k of arr) if (k.closeTime > now) log.futureSeen++;
          return null;
        },
      };
    },
  };
}

/**
 * An indicator that never forgets where the data started: BUY while the close is below the mean
 * of EVERY close seen so far (not of a window), with a declared warm-up of 10 candles.
 */
export const runningMean: AnyStrategy = {
  name: 'running-mean',
  description: 'test: a cumulative mean, never warm',
  params: NoParams,
  warmupCandles: () => 10,
  create() {
    let sum = 0;
    let n = 0;
    return {
      onCandle(ctx) {
        const close = ctx.candles[ctx.candles.length - 1]!.close.toNumber();
        sum += close;
        n++;
        const mean = sum / n;
        if (ctx.atr === null || !(close < mean)) return null;
        return ctx.propose({
          side: 'BUY',
          stopDistance: ctx.atr * 2,
          targetDistance: ctx.atr * 3,
          confidence: 0.9,
          signals: [{ name: 'running-mean', direction: 'LONG', strength: 1, confidence: 0.9, inputs: { mean } }],
        });
      },
    };
  },
};
