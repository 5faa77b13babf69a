import { Dec } from '@aurora/core';
import { describe, expect, it } from 'vitest';
import { harness, rejection } from '../testing/engine-harness';
import type { UpstreamTrade } from './exchange';

const trade = (price: string, qty: string, buyerIsMaker: boolean, symbol = 'BTCUSDT'): UpstreamTrade => ({
  symbol,
  price: new Dec(price),
  qty: new Dec(qty),
  buyerIsMaker,
});
const limitBuy = (price: string, quantity = '0.01') => ({
  symbol: 'BTCUSDT',
  side: 'BUY' as const,
  type: 'LIMIT' as const,
  timeInForce: 'GTC',
  quantity,
  price,
});

describe('mirror feed (the market follows real trades pushed in)', () => {
  it('refuses orders until the real market has printed, then trades at the real price; the timer never moves it', () => {
    const h = harness({ feed: { kind: 'mirror' } });
    expect(h.ex.symbolStatus('BTCUSDT')).toBe('BREAK');
    expect(rejection(() => h.ex.placeOrder(h.apiKey, limitBuy('50000.00')))).toEqual({
      code: -2010,
      msg: 'Market is closed.',
    });
    expect(h.ex.mirrorTrades([trade('91234.56', '0.5', false)])).toBe(1);
    expect(h.ex.symbolStatus('BTCUSDT')).toBe('TRADING');
    // A symbol with no real trade yet stays closed.
    expect(h.ex.symbolStatus('BNBUSDT')).toBe('BREAK');
    expect(h.ex.tickerPrice('BTCUSDT').price).toBe('91234.56000000');
    for (let i = 0; i < 10; i++) {
      h.clock.advance(1000);
      h.ex.step();
    }
    expect(h.ex.tickerPrice('BTCUSDT').price).toBe('91234.56000000');
    const book = h.ex.bookTicker('BTCUSDT');
    expect(new Dec(book.bidPrice).lt('91234.56') && new Dec(book.askPrice).gt('91234.56')).toBe(true);
    // The real print is on the tape with its real size.
    expect(h.ex.recentTrades('BTCUSDT', 1)[0]).toMatchObject({ price: '91234.56000000', qty: '0.50000000' });
  });

  it('a resting bid fills only when real sellers trade through its price, at its own price', () => {
    const h = harness({ feed: { kind: 'mirror' } });
    h.ex.mirrorTrades([trade('50000.00', '1', false)]);
    const placed = h.ex.placeOrder(h.apiKey, limitBuy('49990.00')) as { orderId: number };
    h.take();
    // Prints above and exactly at our price: orders queued ahead of ours may have taken them.
    h.ex.mirrorTrades([trade('49995.00', '1', true), trade('49990.00', '1', true)]);
    expect(h.ex.getOrder(h.apiKey, 'BTCUSDT', { orderId: placed.orderId })).toMatchObject({ status: 'NEW' });
    // A seller hits 49989.99: our bid at 49990 was better, so it fills, as maker, at 49990.
    h.ex.mirrorTrades([trade('49989.99', '0.25', true)]);
    expect(h.ex.getOrder(h.apiKey, 'BTCUSDT', { orderId: placed.orderId })).toMatchObject({
      status: 'FILLED',
      executedQty: '0.01000000',
    });
    const fill = h.take().find((e) => e.e === 'executionReport' && e.X === 'FILLED');
    expect(fill).toMatchObject({ L: '49990.00000000', m: true });
    // Our fill came out of the real print; the rest of it printed at the real price.
    const tape = h.ex.recentTrades('BTCUSDT', 2);
    expect(tape.map((t) => [t.price, t.qty])).toEqual([
      ['49990.00000000', '0.01000000'],
      ['49989.99000000', '0.24000000'],
    ]);
  });

  it('halted: nothing trades or moves; synthetic fallback walks on from the last real price; mirroring ignores the model again', () => {
    const h = harness({ feed: { kind: 'mirror' } });
    h.ex.mirrorTrades([trade('50000.00', '1', false), trade('600.00', '1', false, 'BNBUSDT')]);
    h.ex.setMirrorMode('halted');
    expect(h.ex.symbolStatus('BTCUSDT')).toBe('BREAK');
    expect(rejection(() => h.ex.placeOrder(h.apiKey, limitBuy('49000.00'))).code).toBe(-2010);
    // While halted (or on the fallback) upstream frames are not applied.
    expect(h.ex.mirrorTrades([trade('1.00', '1', false)])).toBe(0);
    h.clock.advance(1000);
    h.ex.step();
    expect(h.ex.tickerPrice('BTCUSDT').price).toBe('50000.00000000');

    h.ex.setMirrorMode('synthetic');
    expect(h.ex.symbolStatus('BTCUSDT')).toBe('TRADING');
    for (let i = 0; i < 30; i++) {
      h.clock.advance(1000);
      h.ex.step();
    }
    const walked = new Dec(h.ex.tickerPrice('BTCUSDT').price);
    expect(walked.eq('50000')).toBe(false);
    expect(walked.minus('50000').abs().lt('2500')).toBe(true);
    expect(h.ex.regime).toMatch(/^mirror-fallback-/);

    h.ex.setMirrorMode('mirroring');
    const held = h.ex.tickerPrice('BTCUSDT').price;
    for (let i = 0; i < 5; i++) {
      h.clock.advance(1000);
      h.ex.step();
    }
    expect(h.ex.tickerPrice('BTCUSDT').price).toBe(held);
    expect(h.ex.mirrorTrades([trade('50100.00', '1', false)])).toBe(1);
    expect(h.ex.tickerPrice('BTCUSDT').price).toBe('50100.00000000');
  });
});
