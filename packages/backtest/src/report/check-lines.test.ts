import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BacktestReport } from '@aurora/contracts';
import { describe, expect, it } from 'vitest';
import { syntheticRunData } from './run-data.fixture';
import { summaryLines, writeBacktestReport, type ReportChecks } from './write-report';

const band = (m: number) => ({ p5: m - 2, p25: m - 1, p50: m, p75: m + 1, p95: m + 2, mean: m });
const data = syntheticRunData({ from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 0, 8), symbols: ['BTCUSDT'] });
const checks: ReportChecks = {
  bias: {
    lookahead: {
      cuts: [Date.UTC(2024, 0, 3), Date.UTC(2024, 0, 5)],
      signals_compared: 40,
      clean: false,
      differences: [{ cut_at: Date.UTC(2024, 0, 3), time: Date.UTC(2024, 0, 2, 23, 40), symbol: 'BTCUSDT', kind: 'missing-when-cut', full: { side: 'BUY' } }],
      difference_count: 1,
    },
    warmup: {
      offsets: [0, 85, 170],
      declared_warmup: 85,
      kernel_warmup: 500,
      tolerance: 1e-6,
      indicators: [
        { name: 'proposal', converged: true, divergent_points: 0, worst_diff: null, candles_to_converge: 0 },
        { name: 'running-mean.mean', converged: false, divergent_points: 12, worst_diff: 0.01, candles_to_converge: null },
      ],
      unconverged: ['running-mean.mean'],
    },
  },
  robustness: {
    monte_carlo: {
      runs: 200,
      seed: 1,
      trades: 12,
      actual: { total_return_pct: 3, max_drawdown_pct: 2 },
      reshuffle: { total_return_pct: band(3), max_drawdown_pct: band(3), ruin_share: 0 },
      resample: { total_return_pct: band(3), max_drawdown_pct: band(4), ruin_share: 0.01 },
    },
    noise: { runs: 3, sigma_bps: 5, seed: 7, total_return_pct: band(1), max_drawdown_pct: band(4) },
    significance: {
      runs: 19,
      seed: 7,
      baseline: { strategy: 'random-entry', params: { rate: 0.01, stop_atr_mult: 2, take_profit_atr_mult: 3, confidence: 0.6 } },
      actual_return_pct: 3,
      random_return_pct: band(-1),
      p_value: 0.05,
      beat_share: 0.95,
      alpha: 0.05,
      verdict: 'significant',
    },
  },
};

describe('bias and robustness in the reports', () => {
  it('the JSON report holds them (the contract parses it), the page shows them, the hash stays the last line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aurora-checks-'));
    const written = writeBacktestReport(data, dir, undefined, checks);
    const json = BacktestReport.parse(JSON.parse(readFileSync(written.jsonPath, 'utf8')));
    expect(json.bias).toEqual(checks.bias);
    expect(json.robustness?.significance?.p_value).toBe(0.05);
    const html = readFileSync(written.htmlPath, 'utf8');
    expect(html).toContain('<section id="checks">');
    for (const text of ['Look-ahead check', 'Warm-up check', 'Monte Carlo over the trades', 'Candle noise', 'Significance against random entries', 'running-mean.mean'])
      expect(html).toContain(text);
    const lines = summaryLines(written);
    expect(lines[lines.length - 1]).toBe(`trade hash ${written.report.trade_hash}`);
    const text = lines.join('\n');
    expect(text).toContain('look-ahead check: 2 cuts, 40 signals compared — 1 signals changed');
    expect(text).toContain('missing-when-cut');
    expect(text).toContain('declared warm-up 85 (a backtest primes 500)');
    expect(text).toContain('not converged: running-mean.mean');
    expect(text).toMatch(/reshuffle return %/);
    expect(text).toMatch(/candle noise: 3 runs at 5 bps/);
    expect(text).toMatch(/p = 0\.0500 → significant/);
  });

  it('without checks, nothing is added: no section, no fields', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aurora-checks-'));
    const written = writeBacktestReport(data, dir);
    expect(written.report.bias).toBeUndefined();
    expect(written.report.robustness).toBeUndefined();
    expect(readFileSync(written.htmlPath, 'utf8')).not.toContain('id="checks"');
    expect(summaryLines(written)).toHaveLength(9);
  });
});
