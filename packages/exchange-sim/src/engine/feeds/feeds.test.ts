import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../rng';
import { parseKlineCsv, ReplayFeed, ReplayFormatError } from './replay-feed';
import { SyntheticFeed } from './synthetic-feed';

const CSV = [
  'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore',
  '1714521600000000,100,110,95,105,10,1714521659999999,1000,5,5,500,0',
  '1714521660000000,105,106,100,101,20,1714521719999999,2000,8,9,900,0',
  '1714521720000000,101,102,99,100,30,1714521779999999,3000,9,10,1000,0',
].join('\n');

describe('replay feed', () => {
  it('parses Binance public-data CSV, skipping the header and converting microsecond times', () => {
    const candles = parseKlineCsv(CSV);
    expect(candles.map((c) => [c.openTime, c.open, c.close, c.volume])).toEqual([
      [1714521600000, 100, 105, 10],
      [1714521660000, 105, 101, 20],
      [1714521720000, 101, 100, 30],
    ]);
  });

  it('refuses malformed rows with the line number', () => {
    expect(() => parseKlineCsv('1,2,3')).toThrow(ReplayFormatError);
    expect(() => parseKlineCsv('1714521600000,a,1,1,1,1')).toThrow(/csv:1/);
  });

  it('uses the first candles as history and walks open → extremes → close inside the next', () => {
    const feed = new ReplayFeed(new Map([['BTCUSDT', parseKlineCsv(CSV)]]), 1);
    expect(
      feed
        .history(1)
        .get('BTCUSDT')!
        .map((b) => b.close),
    ).toEqual([105]);
    const path = [10_000, 20_000, 20_000, 9_999].map((dt) => feed.advance(dt).get('BTCUSDT')!.price);
    // Candle 2 (105 → 101) is a down candle: open, high (106), low (100), close (101).
    expect(path[0]).toBeCloseTo(105.5, 6);
    expect(path[1]).toBeCloseTo(106 - 6 * 0.5, 6);
    expect(path[2]).toBeCloseTo(100.5, 6);
    expect(path[3]).toBeCloseTo(101, 2);
  });

  it('loops at the end, rescaled so the price stays continuous, and plays faster with speed', () => {
    const feed = new ReplayFeed(new Map([['BTCUSDT', parseKlineCsv(CSV)]]), 60);
    feed.history(1);
    const prices = Array.from({ length: 5 }, () => feed.advance(1000).get('BTCUSDT')!.price);
    // Speed 60: one source minute per second. Live candles are #2 (open 105) and #3 (open 101).
    expect(prices[0]).toBeCloseTo(101, 6);
    // Loop 1 starts with #2 again, scaled by 100/105 so it opens where #3 closed (100).
    expect(prices[1]).toBeCloseTo(100, 6);
    expect(prices[2]).toBeCloseTo(101 * (100 / 105), 6);
  });
});

describe('synthetic feed', () => {
  const specs = [
    { symbol: 'BTCUSDT', startPrice: 67000, volatility: 1, volumePerMinute: 3 },
    { symbol: 'ETHUSDT', startPrice: 3500, volatility: 1.2, volumePerMinute: 48 },
  ];

  it('is positive, finite and reproducible for any seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const run = () => {
          const feed = new SyntheticFeed(
            specs,
            { correlation: 0.6, volatilityScale: 1 },
            new SeededRandom(seed),
          );
          return Array.from({ length: 200 }, () => feed.advance(1000).get('BTCUSDT')!.price);
        };
        const a = run();
        expect(a.every((p) => Number.isFinite(p) && p > 0)).toBe(true);
        expect(run()).toEqual(a);
      }),
      { numRuns: 25 },
    );
  });

  it('moves enough within minutes for a momentum strategy, without absurd jumps', () => {
    const ranges: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const feed = new SyntheticFeed(specs, { correlation: 0.6, volatilityScale: 1 }, new SeededRandom(seed));
      const bars = feed.history(30).get('BTCUSDT')!;
      const hi = Math.max(...bars.map((b) => b.high));
      const lo = Math.min(...bars.map((b) => b.low));
      ranges.push((hi - lo) / bars[0]!.open);
      for (const b of bars) expect(b.high / b.low).toBeLessThan(1.03);
    }
    ranges.sort((a, b) => a - b);
    // Median 30-minute range between 0.3 % and 5 %: lively but believable.
    expect(ranges[10]).toBeGreaterThan(0.003);
    expect(ranges[10]).toBeLessThan(0.05);
  });

  it('correlates symbols through the common factor', () => {
    const feed = new SyntheticFeed(specs, { correlation: 0.8, volatilityScale: 1 }, new SeededRandom(3));
    const r: [number, number][] = [];
    let prev = feed.advance(1000);
    for (let i = 0; i < 2000; i++) {
      const next = feed.advance(1000);
      r.push([
        Math.log(next.get('BTCUSDT')!.price / prev.get('BTCUSDT')!.price),
        Math.log(next.get('ETHUSDT')!.price / prev.get('ETHUSDT')!.price),
      ]);
      prev = next;
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const mx = mean(r.map((x) => x[0]));
    const my = mean(r.map((x) => x[1]));
    const cov = mean(r.map(([x, y]) => (x - mx) * (y - my)));
    const sd = (k: 0 | 1, m: number) => Math.sqrt(mean(r.map((x) => (x[k] - m) ** 2)));
    expect(cov / (sd(0, mx) * sd(1, my))).toBeGreaterThan(0.6);
  });
});
