import { StrategyRegistry } from '@aurora/core';
import { describe, expect, it } from 'vitest';
import { type BacktestDataSource, runBacktest, type BacktestOptions, syntheticSeries } from '@aurora/backtest';
import { cutPoints, lookaheadCheck } from './lookahead-check';
import { contextPeeker, futurePeeker, type PeekLog } from './test/strategies.fixture';

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

describe('cutPoints', () => {
  it('draws distinct whole minutes in the later 90 % of the range, repeatably', () => {
    const cuts = cutPoints(FROM, FROM + 3 * HOUR, 6, 1);
    expect(cuts).toEqual(cutPoints(FROM, FROM + 3 * HOUR, 6, 1));
    expect(cuts).toHaveLength(6);
    expect(new Set(cuts).size).toBe(6);
    for (const c of cuts) {
      expect(c % MINUTE).toBe(0);
      expect(c).toBeGreaterThanOrEqual(FROM + 0.3 * HOUR);
      expect(c).toBeLessThan(FROM + 3 * HOUR);
    }
    expect(cuts).not.toEqual(cutPoints(FROM, FROM + 3 * HOUR, 6, 2));
    expect(cutPoints(FROM, FROM + 5 * MINUTE, 50, 1).length).toBeLessThanOrEqual(5);
  });
});

describe('lookaheadCheck', () => {
  it('a run asked to keep its proposals keeps every one of a warm strategy, in time order, and trades the same', async () => {
    const r = await runBacktest({ ...base, keepSignals: true });
    const signals = r.signals ?? [];
    expect(signals.length).toBeGreaterThan(0);
    expect(signals.map((s) => s.time)).toEqual([...signals.map((s) => s.time)].sort((a, b) => a - b));
    for (const s of signals) {
      expect(s.time).toBeLessThan(base.to);
      expect(s.symbol).toBe('BTCUSDT');
      expect(Number(s.stop)).toBeLessThan(Number(s.entry));
      expect(Number(s.target)).toBeGreaterThan(Number(s.entry));
    }
    // Every trade started from a proposal the run kept.
    for (const t of r.trades) expect(signals.some((s) => s.time <= t.entryTime && t.entryTime - s.time < 2 * MINUTE)).toBe(true);
    // Keeping them changes nothing the run does; by default they are not kept.
    const plain = await runBacktest(base);
    expect(plain.signals).toBeUndefined();
    expect(plain.trades).toEqual(r.trades);
  }, 60_000);

  it('is clean for a built-in strategy: no proposal before a cut changes when the later candles are gone', async () => {
    const { result, full } = await lookaheadCheck(base, { cuts: 4, seed: 3 });
    expect(full.signals!.length).toBeGreaterThan(0);
    expect(result.cuts).toHaveLength(4);
    expect(result.signals_compared).toBeGreaterThan(0);
    expect(result.differences).toEqual([]);
    expect(result.clean).toBe(true);
  }, 120_000);

  it('catches a strategy that reads the future through a closure over the raw candles', async () => {
    const series = syntheticSeries(['BTCUSDT'], FROM - 1000 * MINUTE, 1000 + 180, 11);
    const data: BacktestDataSource = { series, label: 'test candles' };
    const strategiesFor = (d: BacktestDataSource) => new StrategyRegistry([futurePeeker(typeof d !== 'string' && 'series' in d ? d.series : [])]);
    const opts: BacktestOptions = { ...base, strategy: 'future-peeker', data, strategies: strategiesFor(data) };
    const { result } = await lookaheadCheck(opts, { cuts: 3, seed: 3, strategiesFor });
    expect(result.clean).toBe(false);
    expect(result.difference_count).toBeGreaterThan(0);
    for (const d of result.differences) expect(d.time).toBeLessThan(d.cut_at);
    // The cut runs lose the signals whose future candle is gone: within 30 minutes of a cut.
    expect(result.differences.every((d) => d.kind === 'missing-when-cut' && d.cut_at - d.time <= 31 * MINUTE)).toBe(true);
  }, 120_000);

  it('the strategy context makes look-ahead impossible: a strategy trying to read ahead through it sees nothing', async () => {
    const log: PeekLog = { calls: 0, futureSeen: 0, pastEnd: 0 };
    const strategies = new StrategyRegistry([contextPeeker(log)]);
    await runBacktest({ ...base, to: FROM + HOUR, strategy: 'context-peeker', strategies });
    // Warm-up history and every replayed minute were offered to it.
    expect(log.calls).toBeGreaterThan(500);
    expect(log.pastEnd).toBe(0);
    expect(log.futureSeen).toBe(0);
  }, 60_000);
});
