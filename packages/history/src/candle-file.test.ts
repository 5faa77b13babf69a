import { describe, expect, it } from 'vitest';
import { CandleSeries } from './candle-series';
import { decodeCandles, encodeCandles } from './candle-file';
import { CatalogFormatError } from './errors';
import type { KlineRow } from './kline-row';

const t0 = Date.UTC(2024, 0, 1);
const row = (i: number, values: string[]): KlineRow => ({
  openTime: t0 + i * 60_000,
  closeTime: t0 + i * 60_000 + 59_999,
  trades: i,
  values,
});

describe('catalog candle file', () => {
  it('stores each column in the narrowest exact integer form and reads every value back', () => {
    const rows = [
      row(0, [
        '0.5',
        '1',
        '0.00000001',
        '42000.01',
        '2147483647',
        '12345678901.12345678',
        '9007199254740993',
        '0',
      ]),
      row(1, ['0.25', '2', '0.1', '42000', '0', '0.5', '1', '0']),
    ];
    const chunk = decodeCandles(encodeCandles('BTCUSDT', '1m', rows, 'f'), 'f');
    expect(
      Object.fromEntries(Object.entries(chunk.decimals).map(([k, c]) => [k, `${c.kind}/${c.scale}`])),
    ).toEqual({
      open: 'i32/2',
      high: 'i32/0',
      low: 'i32/8',
      close: 'i32/2',
      volume: 'i32/0',
      quoteVolume: 'i64/8',
      takerBuyBaseVolume: 'i64/0',
      takerBuyQuoteVolume: 'i32/0',
    });
    const s = new CandleSeries('BTCUSDT', '1m', [{ chunk, from: 0, to: 2 }]);
    expect(s.decimalString('quoteVolume', 0)).toBe('12345678901.12345678');
    expect(s.decimalString('takerBuyBaseVolume', 0)).toBe('9007199254740993');
    expect(s.decimalString('low', 0)).toBe('0.00000001');
    expect(s.decimalString('open', 1)).toBe('0.25');
    expect([...s.numbers('close')]).toEqual([42000.01, 42000]);
    expect(s.kline(1)).toMatchObject({ openTime: t0 + 60_000, trades: 1, closed: true });
    expect(s.kline(1).close.toFixed()).toBe('42000');
  });

  it('refuses bytes that are not a catalog file, or are cut short', () => {
    const bytes = encodeCandles('BTCUSDT', '1m', [row(0, ['1', '1', '1', '1', '1', '1', '1', '1'])], 'f');
    expect(() => decodeCandles(Buffer.from('hello world, not candles'), 'x.candles')).toThrow(
      CatalogFormatError,
    );
    expect(() => decodeCandles(bytes.subarray(0, bytes.length - 8), 'y.candles')).toThrow(
      /^y\.candles: column \w+ runs past the end \(truncated file\)$/,
    );
  });
});
