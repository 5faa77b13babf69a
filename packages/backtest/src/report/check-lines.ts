import type { BacktestBands, BacktestReport } from '@aurora/contracts';

/*
 * The bias and robustness results as plain-text tables for the terminal, printed after the
 * summary and before the trade hash (which stays the last line).
 */

const iso = (t: number): string => new Date(t).toISOString().replace(':00.000Z', 'Z').replace('T', ' ');
const f = (v: number | null, dp = 2): string => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(dp));
const pad = (cells: string[], widths: number[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [pad(head, widths), ...rows.map((r) => pad(r, widths))].map((l) => `    ${l}`);
}

const BAND_HEAD = ['', 'p5', 'p25', 'p50', 'p75', 'p95', 'mean'];
const bandRow = (name: string, b: BacktestBands): string[] => [name, f(b.p5), f(b.p25), f(b.p50), f(b.p75), f(b.p95), f(b.mean)];

export function checkLines(r: Pick<BacktestReport, 'bias' | 'robustness'>): string[] {
  const out: string[] = [];
  const la = r.bias?.lookahead;
  if (la) {
    out.push(
      `  look-ahead check: ${la.cuts.length} cuts, ${la.signals_compared} signals compared — ${la.clean ? 'clean: no signal before a cut changed' : `${la.difference_count} signals changed when the future was removed`}`,
    );
    if (la.differences.length > 0)
      out.push(
        ...table(
          ['cut at', 'signal at', 'symbol', 'kind', 'full run', 'cut run'],
          la.differences.slice(0, 20).map((d) => [iso(d.cut_at), iso(d.time), d.symbol, d.kind, d.full === undefined ? '—' : JSON.stringify(d.full), d.cut === undefined ? '—' : JSON.stringify(d.cut)]),
        ),
      );
    if (la.difference_count > 20) out.push(`    … ${la.difference_count - 20} more in the JSON report`);
  }
  const wu = r.bias?.warmup;
  if (wu) {
    out.push(
      `  warm-up check: starts at +${wu.offsets.join(', +')} candles, declared warm-up ${wu.declared_warmup} (a backtest primes ${wu.kernel_warmup}), tolerance ${wu.tolerance} — ${wu.unconverged.length === 0 ? 'every value converged' : `not converged: ${wu.unconverged.join(', ')}`}`,
    );
    out.push(
      ...table(
        ['indicator', 'converged', 'divergent', 'worst diff', 'needs candles'],
        wu.indicators.map((i) => [i.name, i.converged ? 'yes' : 'NO', String(i.divergent_points), i.worst_diff === null ? (i.converged ? '—' : 'missing') : i.worst_diff.toExponential(2), i.candles_to_converge === null ? 'never' : String(i.candles_to_converge)]),
      ),
    );
  }
  const mc = r.robustness?.monte_carlo;
  if (mc) {
    out.push(`  Monte Carlo over ${mc.trades} trades, ${mc.runs} runs (seed ${mc.seed}): actual return ${f(mc.actual.total_return_pct)} %, max drawdown ${f(mc.actual.max_drawdown_pct)} %`);
    out.push(
      ...table(BAND_HEAD, [
        bandRow('reshuffle return %', mc.reshuffle.total_return_pct),
        bandRow('reshuffle max DD %', mc.reshuffle.max_drawdown_pct),
        bandRow('resample return %', mc.resample.total_return_pct),
        bandRow('resample max DD %', mc.resample.max_drawdown_pct),
      ]),
    );
    out.push(`    ruin: reshuffle ${f(mc.reshuffle.ruin_share * 100)} %, resample ${f(mc.resample.ruin_share * 100)} % of runs`);
  }
  const nz = r.robustness?.noise;
  if (nz) {
    out.push(`  candle noise: ${nz.runs} runs at ${nz.sigma_bps} bps (seeds ${nz.seed}…${nz.seed + nz.runs - 1})`);
    out.push(...table(BAND_HEAD, [bandRow('return %', nz.total_return_pct), bandRow('max DD %', nz.max_drawdown_pct)]));
  }
  const sg = r.robustness?.significance;
  if (sg) {
    const p = sg.baseline.params;
    out.push(
      `  significance vs random entries (${sg.runs} runs of ${sg.baseline.strategy}, rate ${f(Number(p.rate) * 100, 3)} %/candle, stop ${f(Number(p.stop_atr_mult))} ATR, target ${f(Number(p.take_profit_atr_mult))} ATR):`,
    );
    out.push(...table(BAND_HEAD, [bandRow('random return %', sg.random_return_pct)]));
    out.push(`    actual return ${f(sg.actual_return_pct)} %, beats ${f(sg.beat_share * 100, 1)} % of random runs, p = ${f(sg.p_value, 4)} → ${sg.verdict} at α = ${sg.alpha}`);
  }
  return out;
}
