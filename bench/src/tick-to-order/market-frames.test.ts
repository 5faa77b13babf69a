import { describe, expect, it } from 'vitest';
import { parseMarketFrame } from '@aurora/binance';
import { dec } from '@aurora/core';
import { bookTickerFrame, closedKlineFrame } from './market-frames';

describe('market frames the bench injects', () => {
  it('a closed-kline frame parses to the closed 1m candle it describes', () => {
    const frame = closedKlineFrame(
      {
        symbol: 'BTCUSDT',
        openTime: 1_700_000_040_000,
        open: dec('67000.5'),
        high: dec('67010'),
        low: dec('66990.25'),
        close: dec('67001'),
        volume: '12.5',
      },
      1_700_000_100_000,
    );
    const parsed = parseMarketFrame(frame, 123);
    expect(parsed.kind).toBe('kline');
    if (parsed.kind !== 'kline') return;
    const k = parsed.kline;
    expect({
      ...k,
      open: k.open.toFixed(),
      high: k.high.toFixed(),
      low: k.low.toFixed(),
      close: k.close.toFixed(),
    }).toMatchObject({
      symbol: 'BTCUSDT',
      interval: '1m',
      openTime: 1_700_000_040_000,
      closeTime: 1_700_000_099_999,
      open: '67000.5',
      high: '67010',
      low: '66990.25',
      close: '67001',
      closed: true,
    });
  });

  it('a bookTicker frame parses to the quote, stamped with the receive time', () => {
    const frame = bookTickerFrame({
      symbol: 'BTCUSDT',
      updateId: 1_000_000_000_001,
      bid: dec('66999.99'),
      bidQty: dec('0.4'),
      ask: dec('67000.01'),
      askQty: dec('0.35'),
    });
    const parsed = parseMarketFrame(frame, 555);
    expect(parsed.kind).toBe('bookTicker');
    if (parsed.kind !== 'bookTicker') return;
    expect(parsed.ticker.updateId).toBe(1_000_000_000_001);
    expect(parsed.ticker.bidPrice.toFixed()).toBe('66999.99');
    expect(parsed.ticker.askQty.toFixed()).toBe('0.35');
    expect(parsed.ticker.receivedAt).toBe(555);
  });
});
