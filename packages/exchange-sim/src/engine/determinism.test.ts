import { ManualClock } from '@aurora/core';
import { describe, expect, it } from 'vitest';
import { T0 } from '../testing/engine-harness';
import { SimExchange } from './exchange';

/** A scripted session: feed steps, orders of every kind, a cancel, a price jump. */
function record(seed: number): string[] {
  const clock = new ManualClock(T0);
  const ex = new SimExchange({ seed, historyCandles: 30, clock });
  const log: string[] = [];
  ex.onUserEvent((e) => log.push(`user ${e.uid} ${JSON.stringify(e.event)}`));
  ex.onMarketEvent((e) => log.push(`market ${e.stream} ${JSON.stringify(e.data)}`));
  const { apiKey } = ex.createAccount();
  for (let i = 0; i < 90; i++) {
    clock.advance(1000);
    ex.step();
    if (i === 10)
      ex.placeOrder(apiKey, { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '200' });
    if (i === 20) {
      const bid = Number(ex.bookTicker('ETHUSDT').bidPrice);
      ex.placeOrder(apiKey, {
        symbol: 'ETHUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.05',
        price: (bid * 0.97).toFixed(2),
      });
    }
    if (i === 30) ex.placeOrder(apiKey, { symbol: 'BNBUSDT', side: 'SELL', type: 'MARKET', quantity: '0.5' });
    if (i === 60) ex.cancelOpenOrders(apiKey, 'ETHUSDT');
    if (i === 70) ex.onPrice('BTCUSDT', '70000');
  }
  log.push(JSON.stringify(ex.accountInfo(apiKey).balances));
  return log;
}

describe('determinism', () => {
  it('the same seed and clock produce the identical event sequence', () => {
    const a = record(11);
    const b = record(11);
    expect(a.length).toBeGreaterThan(500);
    expect(b).toEqual(a);
  });

  it('a different seed produces a different market', () => {
    expect(record(12)).not.toEqual(record(11));
  });
});
