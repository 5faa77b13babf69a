import { describe, expect, it } from 'vitest';
import { buildBacktestReport, runBacktest } from '@aurora/backtest';
import { TrialMetricsSchema } from '../pool/evaluator-module';
import { dataSourceOf, evaluate, TRIAL_BALANCE } from './backtest-evaluator';

const FROM = Date.UTC(2024, 0, 1);
const spec = { strategy: 'ema-cross', params: { fast: 5, slow: 20 }, symbols: ['BTCUSDT'], from: FROM, to: FROM + 4 * 3_600_000, data: 'synthetic:days=1,seed=5', seed: 3 };

describe('the backtest evaluator (the optimizer\'s product evaluator)', () => {
  it('reads synthetic specs and passes catalog directories through', () => {
    expect(dataSourceOf('synthetic:days=30,seed=4')).toEqual({ synthetic: { days: 30, seed: 4 } });
    expect(dataSourceOf('/data/catalog')).toBe('/data/catalog');
  });

  it('is the kernel backtest\'s report, reduced: the same spec gives the same figures and hash', { timeout: 120_000 }, async () => {
    const a = await evaluate(spec);
    const b = await evaluate(spec);
    expect(TrialMetricsSchema.parse(a)).toEqual(a);
    expect(b).toEqual(a);
    const report = buildBacktestReport(
      await runBacktest({ ...spec, balance: TRIAL_BALANCE, data: dataSourceOf(spec.data) }),
    );
    expect(a.tradeHash).toBe(report.trade_hash);
    expect(a.trades).toBe(report.trades.count);
    expect(a.totalReturnPct).toBe(report.total_return_pct);
  });
});
