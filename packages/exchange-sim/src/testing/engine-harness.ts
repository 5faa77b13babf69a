import { ManualClock } from '@aurora/core';
import { SimExchange, type SimExchangeOptions } from '../engine/exchange';
import type { UserEventEnvelope } from '../engine/events';

/** 2026-01-01 12:00:30 UTC: mid-minute, so candles do not roll on the first steps. */
export const T0 = Date.UTC(2026, 0, 1, 12, 0, 30);

export interface Harness {
  ex: SimExchange;
  clock: ManualClock;
  apiKey: string;
  events: UserEventEnvelope['event'][];
  /** Events since the last call. */
  take(): UserEventEnvelope['event'][];
}

/** A small deterministic venue for engine tests: BTCUSDT + BNBUSDT, BTC moved to 50000. */
export function harness(
  opts: SimExchangeOptions & { balances?: Record<string, string>; bnbBurn?: boolean } = {},
): Harness {
  const clock = new ManualClock(T0);
  const ex = new SimExchange({
    seed: 7,
    symbols: ['BTCUSDT', 'BNBUSDT'],
    historyCandles: 20,
    clock,
    book: { depthFactor: 0.1 },
    ...opts,
  });
  ex.onPrice('BTCUSDT', '50000');
  ex.onPrice('BNBUSDT', '600');
  const { apiKey } = ex.createAccount({ balances: opts.balances, bnbBurn: opts.bnbBurn });
  const events: UserEventEnvelope['event'][] = [];
  let seen = 0;
  ex.onUserEvent((e) => events.push(e.event));
  return {
    ex,
    clock,
    apiKey,
    events,
    take() {
      const out = events.slice(seen);
      seen = events.length;
      return out;
    },
  };
}

export function balanceOf(ex: SimExchange, apiKey: string, asset: string): { free: string; locked: string } {
  const b = ex.accountInfo(apiKey).balances.find((x) => x.asset === asset);
  return b ? { free: b.free, locked: b.locked } : { free: '0.00000000', locked: '0.00000000' };
}

/** Runs `fn` expecting a SimApiError; returns its code and message. */
export function rejection(fn: () => unknown): { code: number; msg: string } {
  try {
    fn();
  } catch (e) {
    const err = e as { code?: number; message: string };
    if (typeof err.code === 'number') return { code: err.code, msg: err.message };
    throw e;
  }
  throw new Error('expected a rejection');
}
