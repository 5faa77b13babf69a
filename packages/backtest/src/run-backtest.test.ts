import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BacktestConfigError, runBacktest, type BacktestOptions } from './run-backtest';
import type { BacktestRunData } from './run-data';

const FROM = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;
const base: BacktestOptions = {
  strategy: 'ema-cross',
  symbols: ['BTCUSDT'],
  from: FROM,
  to: FROM + 6 * HOUR,
  balance: '10000',
  data: { synthetic: { days: 1, seed: 7 } },
  seed: 7,
};
const withoutWall = ({ wallMs: _wall, ...rest }: BacktestRunData) => rest;

let full: BacktestRunData | null = null;
const progress: [number, number][] = [];
const fullRun = async () => (full ??= await runBacktest({ ...base, onProgress: (d, t) => progress.push([d, t]) }));

describe('runBacktest (the kernel on the in-process venue, synthetic market)', () => {
  it('trades a short synthetic run and reports it in the report shape', async () => {
    const r = await fullRun();
    expect(r.trades.length).toBeGreaterThan(0);
    expect(r).toMatchObject({
      strategy: 'ema-cross',
      symbols: ['BTCUSDT'],
      interval: '1m',
      from: FROM,
      to: FROM + 6 * HOUR,
      startBalance: '10000',
      quoteAsset: 'USDT',
      dataSource: 'synthetic:days=1,seed=7',
      candles: 360,
    });
    expect(r.params).toMatchObject({});
    const exits = r.trades.map((t) => t.exitTime);
    expect(exits).toEqual([...exits].sort((a, b) => a - b));
    for (const t of r.trades) {
      expect(t.entryTime).toBeGreaterThanOrEqual(FROM);
      expect(t.exitTime).toBeLessThanOrEqual(FROM + 6 * HOUR);
      expect(t.strategy).toBe('ema-cross');
      expect(t.pnl).toMatch(/^-?\d+(\.\d+)?$/);
      expect(Number(t.fees)).toBeGreaterThan(0);
      expect(t.exitReason).not.toBe('UNKNOWN');
    }
    // Sampled at the start, at least hourly, at every close and at the end.
    expect(r.equity.length).toBeGreaterThanOrEqual(7 + r.trades.length);
    expect(r.equity[0]).toEqual({ t: FROM, equity: '10000' });
    expect(r.prices.BTCUSDT).toHaveLength(360);
    expect(r.decisions.total).toBeGreaterThanOrEqual(r.decisions.allowed);
    expect(r.decisions.allowed).toBeGreaterThanOrEqual(r.trades.length);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress[progress.length - 1]).toEqual([360, 360]);
  }, 120_000);

  it('gives identical data on a second run with the same inputs (wall time aside)', async () => {
    const again = await runBacktest(base);
    expect(withoutWall(again)).toEqual(withoutWall(await fullRun()));
  }, 120_000);

  it('never changes a trade closed before T when the data is cut after T', async () => {
    const whole = await fullRun();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 30, max: 330 }), async (minutes) => {
        const cut = FROM + minutes * 60_000;
        const head = await runBacktest({ ...base, to: cut });
        const before = (r: BacktestRunData) => r.trades.filter((t) => t.exitTime < cut);
        expect(before(head)).toEqual(before(whole));
      }),
      { numRuns: 3 },
    );
  }, 300_000);

  it('charges the configured maker/taker rates, and BNB at a discount when burning', async () => {
    const short = { ...base, to: FROM + 3 * HOUR };
    const free = await runBacktest({ ...short, fees: { maker: '0', taker: '0' } });
    expect(free.trades.length).toBeGreaterThan(0);
    expect(free.trades.every((t) => Number(t.fees) === 0)).toBe(true);
    const paid = await runBacktest(short);
    const burnt = await runBacktest({ ...short, fees: { bnbBurn: { bnb: '50' } } });
    const total = (r: BacktestRunData) => r.trades.reduce((s, t) => s + Number(t.fees), 0);
    expect(total(paid)).toBeGreaterThan(0);
    // The same first trade pays 25 % less commission in BNB than in the asset it receives.
    expect(Number(burnt.trades[0]!.fees)).toBeCloseTo(Number(paid.trades[0]!.fees) * 0.75, 1);
    await expect(runBacktest({ ...short, fees: { taker: 'lots' } })).rejects.toThrow(/fees.taker/);
  }, 120_000);

  it('refuses an unknown strategy, bad params and a bad balance with a clear error', async () => {
    await expect(runBacktest({ ...base, strategy: 'nope' })).rejects.toThrow(/unknown strategy "nope"/);
    await expect(runBacktest({ ...base, params: { fast: 'x' } })).rejects.toBeInstanceOf(BacktestConfigError);
    await expect(runBacktest({ ...base, balance: '-5' })).rejects.toThrow(/balance/);
    await expect(runBacktest({ ...base, config: { risk: { nope: 1 } } })).rejects.toThrow(/config/);
  });
});
