import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseMarketFrame, parseMarketPayload } from './market-stream-parser';
import klineEvent from './fixtures/stream-kline.json';
import bookTicker from './fixtures/stream-book-ticker.json';
import shutdown from './fixtures/stream-server-shutdown-combined.json';

describe('parseMarketPayload (web-socket-streams.md examples)', () => {
  it('kline event, raw and combined, → Kline with exact decimals', () => {
    for (const frame of [klineEvent, { stream: 'bnbbtc@kline_1m', data: klineEvent }]) {
      const r = parseMarketPayload(frame, 5);
      if (r.kind !== 'kline') throw new Error(r.kind);
      const k = r.kline;
      expect({
        ...k,
        open: k.open.toFixed(),
        high: k.high.toFixed(),
        low: k.low.toFixed(),
        close: k.close.toFixed(),
        volume: k.volume.toFixed(),
        quoteVolume: k.quoteVolume.toFixed(),
      }).toEqual({
        symbol: 'BNBBTC',
        interval: '1m',
        openTime: 1672515780000,
        closeTime: 1672515839999,
        open: '0.001',
        high: '0.0025',
        low: '0.0015',
        close: '0.002',
        volume: '1000',
        quoteVolume: '1',
        trades: 100,
        closed: false,
      });
    }
  });

  it('bookTicker, raw and combined, → BookTicker stamped with the receive time', () => {
    for (const frame of [bookTicker, { stream: 'bnbusdt@bookTicker', data: bookTicker }]) {
      const r = parseMarketPayload(frame, 1234);
      if (r.kind !== 'bookTicker') throw new Error(r.kind);
      const t = r.ticker;
      expect([
        t.symbol,
        t.updateId,
        t.bidPrice.toFixed(),
        t.bidQty.toFixed(),
        t.askPrice.toFixed(),
        t.askQty.toFixed(),
        t.receivedAt,
      ]).toEqual(['BNBUSDT', 400900217, '25.3519', '31.21', '25.3652', '40.66', 1234]);
    }
  });

  it('serverShutdown (combined) asks for a reconnect; SUBSCRIBE answers are control frames', () => {
    expect(parseMarketPayload(shutdown, 0)).toEqual({ kind: 'shutdown' });
    expect(parseMarketPayload({ result: null, id: 1 }, 0)).toEqual({ kind: 'control' });
  });

  it('a float or missing field is malformed, naming the field', () => {
    expect(parseMarketPayload({ ...bookTicker, b: 25.35 }, 0)).toEqual({
      kind: 'bad',
      reason: 'malformed',
      detail: "bad field 'b'",
    });
    expect(parseMarketPayload({ ...klineEvent, k: { ...klineEvent.k, x: 'no' } }, 0)).toEqual({
      kind: 'bad',
      reason: 'malformed',
      detail: "bad field 'k.x'",
    });
    expect(parseMarketPayload({ ...klineEvent, k: { ...klineEvent.k, o: '1e5' } }, 0)).toMatchObject({
      kind: 'bad',
    });
  });

  it('an unknown event type is unknown, not malformed', () => {
    expect(parseMarketPayload({ e: 'trade', E: 1 }, 0)).toMatchObject({ kind: 'bad', reason: 'unknown' });
  });

  it('never throws on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const r = parseMarketFrame(text, 0);
        expect(['kline', 'bookTicker', 'shutdown', 'control', 'bad']).toContain(r.kind);
      }),
    );
  });

  it('never throws on arbitrary JSON values in the known fields (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('u', 's', 'b', 'B', 'a', 'A'), (v, key) => {
        const r = parseMarketPayload({ ...bookTicker, [key]: v }, 0);
        expect(['bookTicker', 'bad']).toContain(r.kind);
      }),
    );
  });
});
