import type { Decimal } from 'decimal.js';
import { ManualClock } from '../clock';
import { dec } from '../money/decimal';
import { PositionEngine } from './position-engine';
import type { PositionEngineOptions } from './position-engine-types';
import type { IllegalTransition } from './transitions';

export const T0 = Date.UTC(2024, 0, 15, 12, 0, 0);
export const BNB_PRICE = dec('600.5');

/** A PositionEngine on a ManualClock with BNB priced, collecting illegal transitions. Test support only. */
export function makeEngine(overrides: Partial<PositionEngineOptions> = {}) {
  const clock = new ManualClock(T0);
  const illegal: IllegalTransition[] = [];
  const prices = new Map<string, Decimal>([['BNB', BNB_PRICE]]);
  const engine = new PositionEngine({
    clock,
    quoteAsset: 'USDT',
    tradingDayOffsetMin: 0,
    priceOf: (asset) => prices.get(asset) ?? null,
    onIllegal: (e) => illegal.push(e),
    ...overrides,
  });
  return { engine, clock, illegal, prices };
}
