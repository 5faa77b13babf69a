import { describe, expect, it } from 'vitest';
import { KLINE_INTERVALS, parseStreamName } from './stream-names';

describe('market-stream names', () => {
  it('cover every symbol stream of the docs that the sim serves', () => {
    const kinds = [
      'trade',
      'aggTrade',
      'bookTicker',
      'avgPrice',
      'ticker',
      'miniTicker',
      'blockTrade',
      'ticker_1h',
      'ticker_4h',
      'ticker_1d',
      'depth',
      'depth@100ms',
      'depth5',
      'depth10',
      'depth20',
      'depth5@100ms',
      'depth10@100ms',
      'depth20@100ms',
      ...KLINE_INTERVALS.map((i) => `kline_${i}`),
      ...KLINE_INTERVALS.map((i) => `kline_${i}@+08:00`),
    ];
    for (const kind of kinds) expect(parseStreamName(`btcusdt@${kind}`), kind).not.toBeNull();
    expect(parseStreamName('!miniTicker@arr')).toEqual({ scope: 'all', channel: { kind: 'miniTicker' } });
    expect(parseStreamName('!ticker_4h@arr')).toEqual({
      scope: 'all',
      channel: { kind: 'rollingTicker', window: '4h' },
    });
  });

  it('parse levels, speed and interval into the channel', () => {
    expect(parseStreamName('ethusdt@depth10@100ms')).toEqual({
      scope: 'symbol',
      symbol: 'ethusdt',
      channel: { kind: 'partialDepth', levels: 10, fast: true },
    });
    expect(parseStreamName('ethusdt@kline_1M')).toMatchObject({
      channel: { kind: 'kline', interval: '1M', utcOffsetMs: 0 },
    });
    expect(parseStreamName('ethusdt@kline_1d@+08:00')).toMatchObject({
      channel: { kind: 'kline', interval: '1d', utcOffsetMs: 8 * 3_600_000 },
    });
  });

  it('judge the form only: a well-formed name for a symbol nobody lists is a stream name', () => {
    expect(parseStreamName('nosuchcoin@trade')).toMatchObject({ symbol: 'nosuchcoin' });
  });

  it('reject what is not a stream name, the retired !ticker@arr and @referencePrice (not simulated)', () => {
    for (const name of [
      '0',
      '',
      'btcusdt',
      '@trade',
      'btcusdt@',
      'btcusdt@nonsense',
      'btcusdt@depth15',
      'btcusdt@depth@500ms',
      'btcusdt@kline_2m',
      'btcusdt@kline_1mo',
      'btcusdt@ticker_2h',
      'btc usdt@trade',
      '!ticker@arr',
      '!bookTicker',
      'btcusdt@referencePrice',
      'btcusdt@kline_1d@+09:00',
      'btcusdt@kline_1d@08:00',
    ]) {
      expect(parseStreamName(name), name).toBeNull();
    }
  });
});
