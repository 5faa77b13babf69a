import type { BacktestBands, BacktestReport } from '@aurora/contracts';
import { esc } from './escape';
import { num, utcMinute } from './format';

/*
 * The "Bias and robustness" section of the HTML report: present only when a check ran
 * (--lookahead-check, --warmup-check, --monte-carlo, --noise-runs, --significance).
 */

const HEAD = `<th></th><th class="r">p5</th><th class="r">p25</th><th class="r">p50</th><th class="r">p75</th><th class="r">p95</th><th class="r">mean</th>`;
const bandRow = (name: string, b: BacktestBands): string =>
  `<tr><td>${esc(name)}</td>${[b.p5, b.p25, b.p50, b.p75, b.p95, b.mean].map((v) => `<td class="r num">${num(v, 2)}</td>`).join('')}</tr>`;
const bands = (rows: string[]): string => `<table><thead><tr>${HEAD}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
const verdict = (ok: boolean, text: string): string => `<p class="${ok ? 'up' : 'down'}">${esc(text)}</p>`;

export function checksSection(r: BacktestReport): string {
  const parts: string[] = [];
  const la = r.bias?.lookahead;
  if (la) {
    const rows = la.differences
      .map((d) => `<tr><td class="num">${esc(utcMinute(d.cut_at))}</td><td class="num">${esc(utcMinute(d.time))}</td><td>${esc(d.symbol)}</td><td>${esc(d.kind)}</td><td class="mono">${esc(d.full === undefined ? '—' : JSON.stringify(d.full))}</td><td class="mono">${esc(d.cut === undefined ? '—' : JSON.stringify(d.cut))}</td></tr>`)
      .join('');
    parts.push(
      `<h3>Look-ahead check</h3>${verdict(la.clean, la.clean ? `Clean: ${la.signals_compared} signals compared over ${la.cuts.length} cuts, none changed when the later candles were removed.` : `${la.difference_count} signals changed when the later candles were removed (${la.cuts.length} cuts): the strategy reads the future.`)}` +
        (rows ? `<div class="scroll"><table><thead><tr><th>Cut at</th><th>Signal at</th><th>Symbol</th><th>Kind</th><th>Full run</th><th>Cut run</th></tr></thead><tbody>${rows}</tbody></table></div>` : ''),
    );
  }
  const wu = r.bias?.warmup;
  if (wu) {
    const rows = wu.indicators
      .map((i) => `<tr><td>${esc(i.name)}</td><td class="${i.converged ? 'up' : 'down'}">${i.converged ? 'yes' : 'no'}</td><td class="r num">${num(i.divergent_points, 0)}</td><td class="r num">${i.worst_diff === null ? '—' : esc(i.worst_diff.toExponential(2))}</td><td class="r num">${i.candles_to_converge === null ? 'never' : num(i.candles_to_converge, 0)}</td></tr>`)
      .join('');
    parts.push(
      `<h3>Warm-up check</h3>${verdict(wu.unconverged.length === 0, wu.unconverged.length === 0 ? `Every value converged within the declared warm-up of ${wu.declared_warmup} candles.` : `Still depending on where the data starts after ${wu.declared_warmup} candles: ${wu.unconverged.join(', ')}.`)}<p class="muted">Starts at +${esc(wu.offsets.join(', +'))} candles · tolerance ${esc(wu.tolerance)} · a backtest primes ${esc(wu.kernel_warmup)} candles before its first minute</p>` +
        `<table><thead><tr><th>Value</th><th>Converged</th><th class="r">Divergent points</th><th class="r">Worst difference</th><th class="r">Candles needed</th></tr></thead><tbody>${rows}</tbody></table>`,
    );
  }
  const mc = r.robustness?.monte_carlo;
  if (mc)
    parts.push(
      `<h3>Monte Carlo over the trades <span class="muted">${num(mc.runs, 0)} runs · ${num(mc.trades, 0)} trades · seed ${esc(mc.seed)}</span></h3><p class="muted">Actual: return ${num(mc.actual.total_return_pct, 2, '%')}, max drawdown ${num(mc.actual.max_drawdown_pct, 2, '%')} · ruin ${num(mc.reshuffle.ruin_share * 100, 1, '%')} (reshuffled), ${num(mc.resample.ruin_share * 100, 1, '%')} (resampled)</p>` +
        bands([bandRow('Reshuffled: return %', mc.reshuffle.total_return_pct), bandRow('Reshuffled: max drawdown %', mc.reshuffle.max_drawdown_pct), bandRow('Resampled: return %', mc.resample.total_return_pct), bandRow('Resampled: max drawdown %', mc.resample.max_drawdown_pct)]),
    );
  const nz = r.robustness?.noise;
  if (nz)
    parts.push(
      `<h3>Candle noise <span class="muted">${num(nz.runs, 0)} runs · σ ${esc(nz.sigma_bps)} bps · seeds from ${esc(nz.seed)}</span></h3>` +
        bands([bandRow('Return %', nz.total_return_pct), bandRow('Max drawdown %', nz.max_drawdown_pct)]),
    );
  const sg = r.robustness?.significance;
  if (sg)
    parts.push(
      `<h3>Significance against random entries <span class="muted">${num(sg.runs, 0)} runs of ${esc(sg.baseline.strategy)} · ${esc(JSON.stringify(sg.baseline.params))}</span></h3>${verdict(sg.verdict === 'significant', `Actual return ${num(sg.actual_return_pct, 2, '%')} beats ${num(sg.beat_share * 100, 1, '%')} of random runs: p = ${num(sg.p_value, 4)}, ${sg.verdict} at α = ${sg.alpha}.`)}` +
        bands([bandRow('Random entries: return %', sg.random_return_pct)]),
    );
  if (parts.length === 0) return '';
  return `<section id="checks"><h2>Bias and robustness <span>what the result owes to the future, the start of the data and luck</span></h2><div class="body">${parts.join('\n')}</div></section>`;
}
