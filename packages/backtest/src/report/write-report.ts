import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BacktestBiasChecks, BacktestReport, BacktestRobustness } from '@aurora/contracts';
import type { BacktestRunData } from '../run-data';
import { buildBacktestReport } from './build-report';
import { checkLines } from './check-lines';
import { renderBacktestHtml } from './html/render-html';

export interface WrittenReport {
  report: BacktestReport;
  jsonPath: string;
  htmlPath: string;
}

const day = (t: number): string => new Date(t).toISOString().slice(0, 10);
const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);

/** File name stem of a run: what, on what, over when. */
export const reportStem = (data: BacktestRunData): string =>
  `backtest-${safe(data.strategy)}-${safe(data.symbols.join('_'))}-${day(data.from)}-${day(data.to)}`;

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** What the bias and robustness checks found, when they ran. */
export interface ReportChecks {
  bias?: BacktestBiasChecks;
  robustness?: BacktestRobustness;
}

/** The JSON report and the HTML page of a finished run, side by side in `dir`. */
export function writeBacktestReport(data: BacktestRunData, dir: string, stem = reportStem(data), checks: ReportChecks = {}): WrittenReport {
  const report: BacktestReport = {
    ...buildBacktestReport(data),
    ...(checks.bias ? { bias: checks.bias } : {}),
    ...(checks.robustness ? { robustness: checks.robustness } : {}),
  };
  mkdirSync(dir, { recursive: true });
  const jsonPath = join(dir, `${stem}.json`);
  const htmlPath = join(dir, `${stem}.html`);
  writeAtomic(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  writeAtomic(htmlPath, renderBacktestHtml(report, data));
  return { report, jsonPath, htmlPath };
}

const pct = (v: number | null, signed = true): string =>
  v === null ? '—' : `${signed && v > 0 ? '+' : ''}${v.toFixed(2)}%`;
const ratio = (v: number | null): string => (v === null ? '—' : v.toFixed(2));

/**
 * The terminal summary of a run. The trade hash is the last line, alone, so a script or a CI
 * gate can take it with `tail -1`.
 */
export function summaryLines(written: WrittenReport): string[] {
  const r = written.report;
  const t = r.trades;
  return [
    `${r.strategy} on ${r.symbols.join(', ')}, ${day(r.from)} → ${day(r.to)} (${r.data_source})`,
    `  return ${pct(r.total_return_pct)}  CAGR ${pct(r.cagr_pct)}  max drawdown ${pct(-r.max_drawdown_pct)} (${r.max_drawdown} ${r.quote_asset})`,
    `  Sharpe ${ratio(r.sharpe)}  Sortino ${ratio(r.sortino)}  Calmar ${ratio(r.calmar)}`,
    `  trades ${t.count} (won ${t.wins}, lost ${t.losses}, open at end ${t.open_at_end})  win rate ${pct(t.win_rate_pct, false)}  profit factor ${ratio(t.profit_factor)}  expectancy ${t.expectancy}`,
    `  exposure ${pct(r.exposure_pct, false)}  fees ${r.fees} ${r.quote_asset}  breaker trips ${r.breaker_trips}`,
    `  ${r.candles.toLocaleString('en-US')} candles in ${(r.wall_ms / 1000).toFixed(2)} s${r.candles_per_sec === null ? '' : ` (${Math.round(r.candles_per_sec).toLocaleString('en-US')} candles/s)`}`,
    `  report: ${written.jsonPath}`,
    `          ${written.htmlPath}`,
    ...checkLines(r),
    `trade hash ${r.trade_hash}`,
  ];
}
