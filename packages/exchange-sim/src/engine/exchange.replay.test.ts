import { Dec } from '@aurora/core';
import { describe, expect, it } from 'vitest';
import { SimExchange } from './exchange';
import { syntheticBars } from './feeds/synthetic-bars';

const T0 = Date.UTC(2024, 0, 1);
const venue = (opts: ConstructorParameters<typeof SimExchange>[0] = {}) => {
  const clock = { t: T0, now: () => clock.t };
  const ex = new SimExchange({ seed: 3, symbols: ['BTCUSDT'], clock, historyCandles: 0, ...opts });
  const acct = ex.createAccount({ balances: { USDT: '100000', BTC: '1' } });
  return { ex, clock, apiKey: acct.apiKey };
};

describe('replayPrice (a backtest price point)', () => {
  it('does exactly what onPrice does: same book, same fills, same trade', () => {
    const a = venue();
    const b = venue();
    for (const v of [a, b]) {
      v.ex.placeOrder(v.apiKey, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '66000' });
      v.ex.placeOrder(v.apiKey, { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '65000', stopPrice: '65500' });
    }
    for (const p of ['66500', '65990.004', '65400']) {
      a.clock.t += 1000;
      b.clock.t += 1000;
      a.ex.onPrice('BTCUSDT', p);
      b.ex.replayPrice('BTCUSDT', new Dec(p));
    }
    expect(b.ex.depth('BTCUSDT', 20)).toEqual(a.ex.depth('BTCUSDT', 20));
    expect(b.ex.myTrades(b.apiKey, 'BTCUSDT')).toEqual(a.ex.myTrades(a.apiKey, 'BTCUSDT'));
    expect(b.ex.recentTrades('BTCUSDT')).toEqual(a.ex.recentTrades('BTCUSDT'));
    expect(b.ex.myTrades(b.apiKey, 'BTCUSDT').length).toBeGreaterThan(0);
  });

  it('reports working orders and pushes the book ticker as the stream payload', () => {
    const v = venue();
    expect(v.ex.hasWorkingOrders('BTCUSDT')).toBe(false);
    v.ex.placeOrder(v.apiKey, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '60000' });
    expect(v.ex.hasWorkingOrders('BTCUSDT')).toBe(true);
    v.ex.replayPrice('BTCUSDT', new Dec('42000.5'));
    const t = v.ex.bookTickerEvent('BTCUSDT');
    expect(t.s).toBe('BTCUSDT');
    expect(new Dec(t.b).lt('42000.5') && new Dec(t.a).gt('42000.5')).toBe(true);
    expect(() => v.ex.replayPrice('BTCUSDT', new Dec(0))).toThrow(/price/);
  });
});

describe('maker and taker commission rates', () => {
  it('charges the taker rate on a MARKET fill and the maker rate on a resting fill', () => {
    const v = venue({ makerCommissionRate: '0.0002', takerCommissionRate: '0.0007' });
    const taker = v.ex.placeOrder(v.apiKey, { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.01' }) as {
      fills: { price: string; qty: string; commission: string }[];
    };
    const quote = taker.fills.reduce((s, f) => s.plus(new Dec(f.price).times(f.qty)), new Dec(0));
    const paid = taker.fills.reduce((s, f) => s.plus(f.commission), new Dec(0));
    expect(paid.toNumber()).toBeCloseTo(quote.times('0.0007').toNumber(), 6);
    v.ex.placeOrder(v.apiKey, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '66000' });
    v.ex.replayPrice('BTCUSDT', new Dec('65000'));
    const maker = v.ex.myTrades(v.apiKey, 'BTCUSDT').find((t) => t.isMaker)!;
    expect(maker.commission).toBe(new Dec('0.01').times('0.0002').toFixed(8));
  });
});

describe('syntheticBars', () => {
  it('is deterministic in its seed and prefix-stable', () => {
    const a = syntheticBars(['BTCUSDT', 'ETHUSDT'], 300, 7);
    const b = syntheticBars(['BTCUSDT', 'ETHUSDT'], 120, 7);
    const c = syntheticBars(['BTCUSDT', 'ETHUSDT'], 120, 8);
    expect(a[0]!.bars.slice(0, 120)).toEqual(b[0]!.bars);
    expect(a[1]!.bars.slice(0, 120)).toEqual(b[1]!.bars);
    expect(c[0]!.bars).not.toEqual(b[0]!.bars);
    expect(a[0]).toMatchObject({ symbol: 'BTCUSDT', tickSize: '0.01', stepSize: '0.00001' });
    for (const bar of a[0]!.bars) {
      expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
      expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
    }
  });
});

describe('replayPrice while nothing rests (applied lazily)', () => {
  it('leaves the venue exactly as onPrice would once anything trades the symbol', () => {
    const a = venue();
    const b = venue();
    for (const p of ['66500', '65990.004', '65400', '65800']) {
      a.clock.t += 1000;
      b.clock.t += 1000;
      a.ex.onPrice('BTCUSDT', p);
      b.ex.replayPrice('BTCUSDT', new Dec(p));
    }
    const q = b.ex.bookTickerEvent('BTCUSDT');
    const order = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.5' };
    const fa = a.ex.placeOrder(a.apiKey, order) as { fills: { price: string }[] };
    const fb = b.ex.placeOrder(b.apiKey, order) as { fills: { price: string }[] };
    // Only the last move mattered for prices: the same book levels, so the same fill prices
    // (level sizes are another draw of the same distribution: the skipped moves drew none).
    expect(fb.fills.map((f) => f.price)).toEqual(fa.fills.map((f) => f.price));
    const prices = (v: typeof a) => (v.ex.depth('BTCUSDT', 20).asks as string[][]).map((l) => l[0]);
    expect(prices(b)).toEqual(prices(a));
    // The average price sees the applied print only (plus the order's own fills).
    expect(b.ex.avgPrice('BTCUSDT').price).not.toBe(a.ex.avgPrice('BTCUSDT').price);
    // The quote pushed while pending is the book's own rule around the price.
    expect(q.b).toBe('65796.71000000');
    expect(q.a).toBe('65803.29000000');
    expect(b.ex.recentTrades('BTCUSDT').length).toBeLessThan(a.ex.recentTrades('BTCUSDT').length);
  });
});
