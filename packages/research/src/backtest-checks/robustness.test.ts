import { StrategyRegistry } from '@aurora/core';
import { describe, expect, it } from 'vitest';
import { runBacktest, type BacktestOptions, type BacktestRunData, syntheticSeries } from '@aurora/backtest';
import { noisySeries } from './noisy-series';
import { randomEntry } from './random-entry';
import { monteCarloOfRun, noiseRuns, randomBaselineParams, significanceRuns, withRandomEntry } from './robustness';

const FROM = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;
const MINUTE = 60_000;
const base: BacktestOptions = {
  strategy: 'ema-cross',
  symbols: ['BTCUSDT'],
  from: FROM,
  to: FROM + 3 * HOUR,
  balance: '10000',
  data: { synthetic: { days: 1, seed: 7 } },
  seed: 7,
};
let run: BacktestRunData | null = null;
const baseRun = async () => (run ??= await runBacktest({ ...base, keepSignals: true }));

describe('monteCarloOfRun', () => {
  it('bands the closed trades of a run: reshuffling keeps the total, both keep the actual figures', async () => {
    const r = await baseRun();
    expect(r.trades.length).toBeGreaterThan(0);
    const mc = monteCarloOfRun(r, 500, 1)!;
    expect(mc.trades).toBe(r.trades.length);
    const actual = r.trades.reduce((s, t) => s + Number(t.pnl), 0) / 100;
    expect(mc.actual.total_return_pct).toBeCloseTo(actual, 9);
    expect(mc.reshuffle.total_return_pct.p95 - mc.reshuffle.total_return_pct.p5).toBeLessThan(1e-9);
    expect(mc.resample.total_return_pct.p5).toBeLessThanOrEqual(mc.resample.total_return_pct.p95);
    expect(mc).toEqual(monteCarloOfRun(r, 500, 1));
    expect(monteCarloOfRun({ ...r, trades: [] }, 10, 1)).toBeNull();
  }, 60_000);
});

describe('noisySeries / noiseRuns', () => {
  const series = syntheticSeries(['BTCUSDT'], FROM, 120, 3)[0]!;
  it('keeps times, volume and valid candles on the tick; 0 bps changes nothing; a seed repeats', () => {
    const n = noisySeries(series, 20, 5);
    expect(n.length).toBe(series.length);
    let moved = 0;
    for (let i = 0; i < n.length; i++) {
      expect(n.openTime[i]).toBe(series.openTime[i]);
      expect(n.decimalString('volume', i)).toBe(series.decimalString('volume', i));
      const k = n.kline(i);
      expect(k.high.gte(k.open) && k.high.gte(k.close) && k.low.lte(k.open) && k.low.lte(k.close)).toBe(true);
      expect(k.close.decimalPlaces()).toBeLessThanOrEqual(2);
      if (!k.close.equals(series.kline(i).close)) moved++;
    }
    expect(moved).toBeGreaterThan(60);
    expect(noisySeries(series, 20, 5).numbers('close')).toEqual(n.numbers('close'));
    expect(noisySeries(series, 0, 5).numbers('close')).toEqual(series.numbers('close'));
  });

  it('re-runs the backtest on noised candles and bands return and drawdown', async () => {
    const r = await noiseRuns({ ...base, to: FROM + 2 * HOUR }, { runs: 2, sigmaBps: 5, seed: 1 });
    expect(r).toMatchObject({ runs: 2, sigma_bps: 5, seed: 1 });
    expect(r.total_return_pct.p5).toBeLessThanOrEqual(r.total_return_pct.p95);
    expect(r.max_drawdown_pct.p5).toBeGreaterThanOrEqual(0);
  }, 120_000);
});

describe('random-entry and the significance test', () => {
  it('random-entry is pure: the same seed gives the same proposals, at about the rate asked', () => {
    const p = randomEntry.params.parse({ rate: 0.2, seed: 4, warmup: 1 });
    const series = syntheticSeries(['BTCUSDT'], FROM, 600, 3)[0]!;
    const proposals = () => {
      const inst = randomEntry.create('BTCUSDT', p);
      const candles = [];
      const at: number[] = [];
      for (let i = 0; i < series.length; i++) {
        candles.push(series.kline(i));
        const c = inst.onCandle({ symbol: 'BTCUSDT', candles, book: null, atr: 10, propose: (d) => ({ d }) as never });
        if (c !== null) at.push(i);
      }
      return at;
    };
    const a = proposals();
    expect(a).toEqual(proposals());
    expect(a.length / series.length).toBeGreaterThan(0.15);
    expect(a.length / series.length).toBeLessThan(0.25);
  });

  it('the baseline takes the tested run\'s proposal rate, stop and target in ATRs', async () => {
    const r = await baseRun();
    const p = randomBaselineParams(r, 9);
    const minutes = (r.to - r.from) / MINUTE;
    expect(p.rate).toBeCloseTo(r.signals!.length / minutes, 12);
    // ema-cross's defaults: stop 2 ATR, target 3 ATR (its ATR is the runner's).
    expect(p.stop_atr_mult).toBeCloseTo(2, 1);
    expect(p.take_profit_atr_mult).toBeCloseTo(3, 1);
    expect(withRandomEntry(new StrategyRegistry()).get('random-entry')).toBe(randomEntry);
    const { signals: _signals, ...without } = r;
    expect(() => randomBaselineParams(without, 9)).toThrow(/keepSignals/);
  }, 60_000);

  it('runs random entries with the same exits and gives a p-value', async () => {
    const r = await baseRun();
    const s = await significanceRuns(base, r, { runs: 2, seed: 5 });
    expect(s.runs).toBe(2);
    expect(s.baseline.strategy).toBe('random-entry');
    expect([1 / 3, 2 / 3, 1]).toContainEqual(s.p_value);
    expect(s.verdict).toBe('not-significant');
    expect(s.random_return_pct.p5).toBeLessThanOrEqual(s.random_return_pct.p95);
    // The random runs traded: flat runs would make any strategy look significant or not by default.
    expect(s.random_return_pct.mean).not.toBe(0);
  }, 120_000);
});
