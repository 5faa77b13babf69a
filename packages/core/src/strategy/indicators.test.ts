import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BollingerBands, Ema, Sma, WilderAtr, WilderRsi } from './indicators';

/*
 * Reference values: the worked-example spreadsheets StockCharts ChartSchool publishes beside
 * each indicator's definition (chartschool.stockcharts.com):
 *  - "Moving Averages - Simple and Exponential", Intel 10-day EMA (cs-ema.xls), 2-decimal table;
 *  - "Relative Strength Index (RSI)", QQQQ 14-day RSI (cs-rsi.xls);
 *  - "Average True Range (ATR)", QQQQ 14-day ATR (cs-atr.xls);
 *  - "Bollinger Bands", SPY (20, 2) (cs-bbands.xls).
 */

const feed = (ind: { update(x: number): number | null }, xs: number[]) => xs.map((x) => ind.update(x));

describe('Ema', () => {
  const closes = [
    22.27, 22.19, 22.08, 22.17, 22.18, 22.13, 22.23, 22.43, 22.24, 22.29, 22.15, 22.39, 22.38, 22.61, 23.36,
    24.05, 23.75, 23.83, 23.95, 23.63, 23.82, 23.87, 23.65, 23.19, 23.1, 23.33, 22.68, 23.1, 22.4, 22.17,
  ];
  const published = [
    22.22, 22.21, 22.24, 22.27, 22.33, 22.52, 22.8, 22.97, 23.13, 23.28, 23.34, 23.43, 23.51, 23.54, 23.47,
    23.4, 23.39, 23.26, 23.23, 23.08, 22.92,
  ];

  it('is null until the period is seeded, then matches the StockCharts 10-day EMA table', () => {
    const out = feed(new Ema(10), closes);
    expect(out.slice(0, 9)).toEqual(Array(9).fill(null));
    // The sheet rounds its 4-decimal prices to 2 decimals; 0.011 absorbs that rounding.
    published.forEach((v, k) => expect(Math.abs((out[9 + k] as number) - v)).toBeLessThan(0.011));
  });
});

describe('WilderRsi', () => {
  const closes = [
    44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826, 45.8931,
    46.0328, 45.614, 46.282, 46.282, 46.0028, 46.0328, 46.4116, 46.2222, 45.6439, 46.2122, 46.2521, 45.7137,
    46.4515, 45.7835, 45.3548, 44.0288, 44.1783, 44.2181, 44.5672, 43.4205, 42.6628, 43.1314,
  ];
  const published = [
    70.5328, 66.3186, 66.5498, 69.4063, 66.3552, 57.9749, 62.9296, 63.2571, 56.0593, 62.3771, 54.7076,
    50.4228, 39.9898, 41.4605, 41.8689, 45.4632, 37.304, 33.0795, 37.773,
  ];

  it('matches the StockCharts 14-day RSI column from the first value on', () => {
    const out = feed(new WilderRsi(14), closes);
    expect(out.slice(0, 14)).toEqual(Array(14).fill(null));
    published.forEach((v, k) => expect(Math.abs((out[14 + k] as number) - v)).toBeLessThan(1e-3));
  });

  it('is 100 on a strictly rising series and 50 on a flat one', () => {
    expect(feed(new WilderRsi(5), [1, 2, 3, 4, 5, 6, 7]).at(-1)).toBe(100);
    expect(feed(new WilderRsi(5), [3, 3, 3, 3, 3, 3, 3]).at(-1)).toBe(50);
  });

  it('stays within 0..100 for any series', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 16, maxLength: 80 }),
        (xs) => {
          for (const v of feed(new WilderRsi(14), xs)) if (v !== null) expect(v >= 0 && v <= 100).toBe(true);
        },
      ),
    );
  });
});

describe('WilderAtr', () => {
  const high = [
    48.7, 48.72, 48.9, 48.87, 48.82, 49.05, 49.2, 49.35, 49.92, 50.19, 50.12, 49.66, 49.88, 50.19, 50.36,
    50.57, 50.65, 50.43, 49.63, 50.33, 50.29, 50.17, 49.32, 48.5, 48.3201, 46.8, 47.8, 48.39, 48.66, 48.79,
  ];
  const low = [
    47.79, 48.14, 48.39, 48.37, 48.24, 48.635, 48.94, 48.86, 49.5, 49.87, 49.2, 48.9, 49.43, 49.725, 49.26,
    50.09, 50.3, 49.21, 48.98, 49.61, 49.2, 49.43, 48.08, 47.64, 41.55, 44.2833, 47.31, 47.2, 47.9, 47.7301,
  ];
  const close = [
    48.16, 48.61, 48.75, 48.63, 48.74, 49.03, 49.07, 49.32, 49.91, 50.13, 49.53, 49.5, 49.75, 50.03, 50.31,
    50.52, 50.41, 49.34, 49.37, 50.23, 49.2375, 49.93, 48.43, 48.18, 46.57, 45.41, 47.77, 47.72, 48.62, 47.85,
  ];
  const published = [
    0.555, 0.593929, 0.585791, 0.568949, 0.615452, 0.61792, 0.642354, 0.674329, 0.69277, 0.775429, 0.78147,
    1.209229, 1.30262, 1.38029, 1.366698, 1.336219, 1.316482,
  ];

  it('matches the StockCharts 14-day ATR column, seeded by the mean of the first 14 true ranges', () => {
    const atr = new WilderAtr(14);
    const out = high.map((h, i) => atr.update(h, low[i] as number, close[i] as number));
    expect(out.slice(0, 13)).toEqual(Array(13).fill(null));
    published.forEach((v, k) => expect(Math.abs((out[13 + k] as number) - v)).toBeLessThan(1e-5));
  });
});

describe('BollingerBands', () => {
  const price = [
    86.1557, 89.0867, 88.7829, 90.3228, 89.0671, 91.1453, 89.4397, 89.175, 86.9302, 87.6752, 86.9596, 89.4299,
    89.3221, 88.7241, 87.4497, 87.2634, 89.4985, 87.9006, 89.126, 90.7043, 92.9001, 92.9784, 91.8021, 92.6647,
    92.6843, 92.3021, 92.7725, 92.5373, 92.949, 93.2039, 91.0669, 89.8318, 89.7435, 90.3994, 90.7387, 88.0177,
    88.0867, 88.8439, 90.7781, 90.5416, 91.3894, 90.65,
  ];
  const mid = [
    88.70794, 89.04516, 89.239745, 89.390705, 89.5078, 89.68866, 89.7465, 89.91314, 90.081255, 90.382195,
    90.65863, 90.863995, 90.88409, 90.90516, 90.988925, 91.153375, 91.19109, 91.1205, 91.167665, 91.25027,
    91.242135, 91.1666, 91.05018,
  ];
  const upper = [
    91.291862, 91.949268, 92.612595, 92.9342, 93.31195, 93.72845, 93.899592, 94.266255, 94.565096, 94.786912,
    95.043001, 94.907605, 94.902912, 94.89532, 94.861013, 94.673629, 94.556593, 94.678752, 94.575786,
    94.534271, 94.532306, 94.369251, 94.148503,
  ];
  const lower = [
    86.124018, 86.141052, 85.866895, 85.84721, 85.70365, 85.64887, 85.593408, 85.560025, 85.597414, 85.977478,
    86.274259, 86.820385, 86.865268, 86.915, 87.116837, 87.633121, 87.825587, 87.562248, 87.759544, 87.966269,
    87.951964, 87.963949, 87.951857,
  ];

  it('matches the StockCharts (20, 2) bands, which use the population standard deviation', () => {
    const bb = new BollingerBands(20, 2);
    price.forEach((p, i) => {
      const m = bb.update(p);
      if (i < 19) {
        expect(m).toBeNull();
        return;
      }
      expect(Math.abs((bb.middle as number) - (mid[i - 19] as number))).toBeLessThan(1e-5);
      expect(Math.abs((bb.upper as number) - (upper[i - 19] as number))).toBeLessThan(1e-5);
      expect(Math.abs((bb.lower as number) - (lower[i - 19] as number))).toBeLessThan(1e-5);
    });
  });

  it('stays exact after many thousand updates at large prices (no float drift)', () => {
    const bb = new BollingerBands(5, 2);
    for (let i = 0; i < 50_000; i++) bb.update(60_000 + (i % 7) * 3.5);
    // Last five values of the cycle, computed directly.
    const last = [0, 1, 2, 3, 4].map((j) => 60_000 + ((49_995 + j) % 7) * 3.5);
    const m = last.reduce((a, b) => a + b, 0) / 5;
    const sd = Math.sqrt(last.reduce((a, b) => a + (b - m) ** 2, 0) / 5);
    expect(Math.abs((bb.middle as number) - m)).toBeLessThan(1e-9);
    expect(Math.abs((bb.stdDev as number) - sd)).toBeLessThan(1e-6);
  });
});

describe('Sma', () => {
  it('averages the last period values once the window is full', () => {
    expect(feed(new Sma(3), [1, 2, 3, 4, 10])).toEqual([null, null, 2, 3, 17 / 3]);
  });
});
