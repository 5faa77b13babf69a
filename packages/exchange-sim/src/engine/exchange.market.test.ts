import { Dec } from '@aurora/core';
import { describe, expect, it } from 'vitest';
import { harness } from '../testing/engine-harness';
import type { MarketEventEnvelope } from './events';

describe('market data', () => {
  it('diff-depth events chain (U = previous u + 1) and rebuild the REST snapshot exactly', () => {
    const h = harness();
    const snapshot = h.ex.depth('BTCUSDT', 1000);
    const book = {
      bids: new Map(snapshot.bids.map(([p, q]) => [p!, q!])),
      asks: new Map(snapshot.asks.map(([p, q]) => [p!, q!])),
    };
    const events: MarketEventEnvelope[] = [];
    h.ex.onMarketEvent((e) => e.stream === 'btcusdt@depth' && events.push(e));
    for (let i = 0; i < 20; i++) {
      h.clock.advance(1000);
      h.ex.step();
      if (i === 5)
        h.ex.placeOrder(h.apiKey, {
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          quantity: '0.001',
          price: '49000.00',
        });
    }
    let last = snapshot.lastUpdateId;
    for (const { data } of events) {
      expect(data.U).toBe(last + 1);
      last = data.u as number;
      for (const [side, key] of [
        ['bids', 'b'],
        ['asks', 'a'],
      ] as const) {
        for (const [p, q] of data[key] as string[][]) {
          if (q === '0.00000000') book[side].delete(p!);
          else book[side].set(p!, q!);
        }
      }
    }
    const now = h.ex.depth('BTCUSDT', 1000);
    expect(now.lastUpdateId).toBe(last);
    const sorted = (m: Map<string, string>, desc: boolean) =>
      [...m.entries()].sort((a, b) => (desc ? -1 : 1) * new Dec(a[0]).cmp(b[0]));
    expect(sorted(book.bids, true)).toEqual(now.bids);
    expect(sorted(book.asks, false)).toEqual(now.asks);
  });

  it('while paused the price holds and candles still close on time, flat', () => {
    const h = harness();
    h.ex.setPaused(true);
    const price = h.ex.tickerPrice('BTCUSDT').price;
    const closed: MarketEventEnvelope[] = [];
    h.ex.onMarketEvent(
      (e) => e.stream === 'btcusdt@kline_1m' && (e.data.k as { x: boolean }).x && closed.push(e),
    );
    for (let i = 0; i < 150; i++) {
      h.clock.advance(1000);
      h.ex.tick();
    }
    expect(h.ex.tickerPrice('BTCUSDT').price).toBe(price);
    expect(closed.length).toBe(3);
    const rows = h.ex.klines('BTCUSDT', '1m', { limit: 2 });
    expect(rows[0]!.slice(1, 6)).toEqual([price, price, price, price, '0.00000000']);
  });

  it('market flow fills a passive order resting inside the spread, as maker', () => {
    const h = harness({ book: { depthFactor: 0.1, spreadBps: 4 } });
    const t = h.ex.bookTicker('BTCUSDT');
    const inside = new Dec(t.bidPrice).plus(t.askPrice).div(2).toNearest('0.01').toFixed(2);
    h.ex.setPaused(true); // the book stays put; only manual steps move it
    h.ex.placeOrder(h.apiKey, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT_MAKER',
      quantity: '0.001',
      price: inside,
    });
    expect(h.ex.bookTicker('BTCUSDT').bidPrice).toBe(new Dec(inside).toFixed(8));
    h.take();
    let trade: Record<string, unknown> | undefined;
    for (let i = 0; i < 30 && !trade; i++) {
      h.clock.advance(1000);
      h.ex.step();
      trade = h.take().find((e) => e.x === 'TRADE');
    }
    expect(trade).toMatchObject({ m: true, L: new Dec(inside).toFixed(8), X: 'FILLED' });
  });

  it('every public trade reaches the trade tape, the candle and the last price', () => {
    const h = harness();
    const trades: MarketEventEnvelope[] = [];
    h.ex.onMarketEvent((e) => e.stream === 'btcusdt@trade' && trades.push(e));
    h.ex.placeOrder(h.apiKey, { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.002' });
    const tape = h.ex.recentTrades('BTCUSDT', 1)[0]!;
    expect(trades.at(-1)!.data).toMatchObject({ t: tape.id, p: tape.price, q: tape.qty, m: true });
    expect(h.ex.tickerPrice('BTCUSDT').price).toBe(tape.price);
    expect(h.ex.klines('BTCUSDT', '1m', { limit: 1 })[0]![4]).toBe(tape.price);
  });
});
