import type { BacktestReport, MonthlyReturn } from '@aurora/contracts';
import { Dec } from '@aurora/core';
import type { BacktestRunData, BacktestTrade } from '../../run-data';
import { equityCurveOf } from '../build-report';
import { TRADE_HASH_HEADER } from '../trade-hash';
import { checksSection } from './checks-html';
import { esc } from './escape';
import { duration, exact, money, num, tone, utcDate, utcMinute, wallTime } from './format';
import { REPORT_CSS } from './report-css';
import { drawdownChart, equityChart, priceChart, type Marker } from './svg-charts';

/** Bounded file: a run with more trades lists the last ones and says how many are left out. */
export const MAX_TRADE_ROWS = 5_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * One self-contained HTML page for a finished run: inline CSS and SVG only. The Content-Security-Policy
 * forbids every script and every fetch, so even a string that slipped past escaping could not run.
 */
export function renderBacktestHtml(report: BacktestReport, data: BacktestRunData): string {
  const title = `Backtest · ${report.strategy} · ${report.symbols.join(', ')}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${esc(title)}</title><style>${REPORT_CSS}</style></head>`,
    '<body><div class="wrap">',
    header(report),
    cards(report),
    charts(report, data),
    prices(report, data),
    `<div class="two">${monthlyTable(report.monthly_returns)}${pipeline(report)}</div>`,
    tradesTable(report, data.trades),
    checksSection(report),
    hashBox(report),
    footer(report),
    '</div></body></html>',
  ].join('\n');
}

function header(r: BacktestReport): string {
  const params = Object.entries(r.params);
  const days = (r.to - r.from) / 86_400_000;
  return `<header class="top">
<div style="min-width:0;flex:1 1 420px">
  <div class="brand"><i></i>Aurora Spot Nexus · Backtest report</div>
  <h1 id="strategy-name">${esc(r.strategy)}</h1>
  <div class="sub">${esc(utcDate(r.from))} → ${esc(utcDate(r.to))} UTC · ${num(days, days < 10 ? 1 : 0)} days of ${esc(r.interval)} candles</div>
  <div class="chips" id="symbols">${r.symbols.map((s) => `<span class="chip">${esc(s)}</span>`).join('')}</div>
  <div class="chips" id="params">${
    params.length === 0
      ? '<span class="chip muted">default parameters</span>'
      : params.map(([k, v]) => `<span class="chip"><b>${esc(k)}</b>${esc(JSON.stringify(v) ?? 'undefined')}</span>`).join('')
  }</div>
</div>
<dl class="meta">
  <dt>Data</dt><dd class="mono">${esc(r.data_source)}</dd>
  <dt>Start balance</dt><dd class="num">${money(r.start_balance)} ${esc(r.quote_asset)}</dd>
  <dt>End equity</dt><dd class="num">${money(r.end_equity)} ${esc(r.quote_asset)}</dd>
  <dt>Candles</dt><dd class="num">${num(r.candles, 0)}</dd>
  <dt>Wall time</dt><dd class="num">${esc(wallTime(r.wall_ms))}</dd>
</dl>
<div class="headline">
  <div class="muted">Total return</div>
  <div class="big num ${tone(r.total_return_pct)}" id="total-return">${num(r.total_return_pct, 2, '%', true)}</div>
  <div class="num ${tone(Number(r.net_profit))}">${money(r.net_profit, 2, true)} ${esc(r.quote_asset)}</div>
</div>
</header>`;
}

const card = (k: string, v: string, s = '', cls = ''): string =>
  `<div class="card"><div class="k">${esc(k)}</div><div class="v num ${cls}">${v}</div><div class="s">${s || '&nbsp;'}</div></div>`;

function cards(r: BacktestReport): string {
  const t = r.trades;
  const q = esc(r.quote_asset);
  return `<div class="cards" id="key-figures">${[
    card('CAGR', num(r.cagr_pct, 2, '%', true), '365-day year', tone(r.cagr_pct)),
    card('Max drawdown', num(-r.max_drawdown_pct, 2, '%'), `${money(r.max_drawdown)} ${q}`, r.max_drawdown_pct > 0 ? 'down' : ''),
    card('Sharpe', num(r.sharpe), 'daily, annualised', tone(r.sharpe)),
    card('Sortino', num(r.sortino), 'downside only', tone(r.sortino)),
    card('Calmar', num(r.calmar), 'CAGR / max DD', tone(r.calmar)),
    card('Win rate', num(t.win_rate_pct, 1, '%'), `${t.wins} won · ${t.losses} lost`),
    card('Profit factor', num(t.profit_factor), `${money(t.gross_profit)} / ${money(t.gross_loss)}`, t.profit_factor === null ? '' : t.profit_factor >= 1 ? 'up' : 'down'),
    card('Expectancy', money(t.expectancy, 2, true), `${q} per trade`, tone(Number(t.expectancy))),
    card('Avg win / loss', `<span class="pair"><span class="${tone(Number(t.avg_win))}">${money(t.avg_win)}</span> <span class="muted">/</span> <span class="${tone(Number(t.avg_loss))}">${money(t.avg_loss)}</span></span>`, q),
    card('Trades', num(t.count, 0), t.open_at_end > 0 ? `${t.open_at_end} still open at the end` : 'all closed'),
    card('Exposure', num(r.exposure_pct, 1, '%'), 'time in a position'),
    card('Fees', money(r.fees), `${q} paid`),
    card('Breaker trips', num(r.breaker_trips, 0), 'circuit breaker', r.breaker_trips > 0 ? 'down' : ''),
    card('Speed', num(r.candles_per_sec, 0), 'candles per second'),
  ].join('')}</div>`;
}

function charts(r: BacktestReport, data: BacktestRunData): string {
  const curve = equityCurveOf(data);
  const pts = curve.points.map((p) => ({ t: p.t, v: p.equity.toNumber() }));
  if (pts.length > 0 && pts[pts.length - 1]!.t < r.to) pts.push({ t: r.to, v: pts[pts.length - 1]!.v });
  const dd = curve.drawdownSeries().map((p) => ({ t: p.t, v: p.pct }));
  // Both curves run to the end of the period: the last value holds until then.
  if (dd.length > 0 && dd[dd.length - 1]!.t < r.to) dd.push({ t: r.to, v: dd[dd.length - 1]!.v });
  return `<section id="equity"><h2>Equity curve <span>${esc(r.quote_asset)} · dashed: start balance</span></h2><div class="body">${equityChart(pts, r.from, r.to, Number(r.start_balance))}</div></section>
<section id="drawdown"><h2>Drawdown <span>below the running peak · deepest ${num(-r.max_drawdown_pct, 2, '%')}</span></h2><div class="body">${drawdownChart(dd, r.from, r.to)}</div></section>`;
}

function prices(r: BacktestReport, data: BacktestRunData): string {
  return r.symbols
    .map((sym, i) => {
      const pts = (data.prices[sym] ?? []).map((p) => ({ t: p.t, v: p.close }));
      const trades = data.trades.filter((t) => t.symbol === sym);
      const markers: Marker[] = [];
      for (const t of trades) {
        const label = `${t.id} · ${t.exitReason} · pnl ${money(t.pnl, 2, true)}`;
        markers.push({ t: t.entryTime, v: Number(t.entryPrice), kind: 'entry', title: `Entry ${exact(t.entryPrice)} · ${utcMinute(t.entryTime)} · ${label}` });
        markers.push({
          t: t.exitTime,
          v: Number(t.exitPrice),
          kind: new Dec(t.pnl).gt(0) ? 'exit-win' : 'exit-loss',
          title: `Exit ${exact(t.exitPrice)} · ${utcMinute(t.exitTime)} · ${label}`,
        });
      }
      const legend = `<span class="legend"><span><i style="background:#4aa3ff;border-radius:0"></i>entry</span><span><i style="background:#0ecb81"></i>exit, won</span><span><i style="background:#f6465d"></i>exit, lost</span><span>${trades.length} trades</span></span>`;
      return `<section class="price"><h2>${esc(sym)} price and trades ${legend}</h2><div class="body">${priceChart(`price-${i}`, sym, pts, markers, r.from, r.to)}</div></section>`;
    })
    .join('\n');
}

function heatStyle(v: number, maxAbs: number): string {
  const a = maxAbs === 0 ? 0 : 0.12 + 0.58 * Math.min(1, Math.abs(v) / maxAbs);
  const rgb = v >= 0 ? '14,203,129' : '246,70,93';
  return `background:rgba(${rgb},${a.toFixed(3)})`;
}

function monthlyTable(months: readonly MonthlyReturn[]): string {
  const byYear = new Map<string, Map<number, MonthlyReturn>>();
  for (const m of months) {
    const [y = '', mm = '1'] = m.month.split('-');
    if (!byYear.has(y)) byYear.set(y, new Map());
    byYear.get(y)!.set(Number(mm) - 1, m);
  }
  const maxAbs = Math.max(0, ...months.map((m) => Math.abs(m.return_pct)));
  const rows = [...byYear.entries()].map(([year, ms]) => {
    const cells = MONTHS.map((_, i) => {
      const m = ms.get(i);
      if (!m) return '<td class="none">·</td>';
      return `<td class="num" style="${heatStyle(m.return_pct, maxAbs)}" title="${esc(`${m.month}: ${money(m.pnl, 2, true)}`)}">${num(m.return_pct, 1, '', true)}</td>`;
    }).join('');
    const total = ([...ms.values()].reduce((acc, m) => acc * (1 + m.return_pct / 100), 1) - 1) * 100;
    return `<tr><td class="y">${esc(year)}</td>${cells}<td class="num total ${tone(total)}">${num(total, 1, '%', true)}</td></tr>`;
  });
  const sorted = [...months].sort((a, b) => a.return_pct - b.return_pct);
  const worst = sorted[0];
  const best = sorted[sorted.length - 1];
  const up = months.filter((m) => m.return_pct > 0).length;
  const summary =
    best && worst
      ? `<div style="margin-top:14px">${[
          ['Best month', `${esc(best.month)} <span class="${tone(best.return_pct)}">${num(best.return_pct, 2, '%', true)}</span>`],
          ['Worst month', `${esc(worst.month)} <span class="${tone(worst.return_pct)}">${num(worst.return_pct, 2, '%', true)}</span>`],
          ['Months up', `${up} of ${months.length}`],
        ]
          .map(([k, v]) => `<div class="stat-row"><span class="muted">${k}</span><span class="num">${v}</span></div>`)
          .join('')}</div>`
      : '';
  return `<section id="monthly"><h2>Monthly returns <span>% of equity at the month's start</span></h2><div class="body" style="overflow-x:auto">
<table class="heat"><thead><tr><th class="y">Year</th>${MONTHS.map((m) => `<th>${m}</th>`).join('')}<th>Year</th></tr></thead><tbody>${rows.join('') || '<tr><td colspan="14" class="none">No full month</td></tr>'}</tbody></table>${summary}</div></section>`;
}

function pipeline(r: BacktestReport): string {
  const blocks = Object.entries(r.gate_blocks).sort((a, b) => b[1] - a[1]);
  const max = Math.max(1, ...blocks.map(([, n]) => n));
  const bars = blocks.length
    ? blocks
        .map(
          ([layer, n]) =>
            `<div class="bar"><span class="name">${esc(layer)}</span><span class="track"><span class="fill" style="display:block;width:${((n / max) * 100).toFixed(1)}%"></span></span><span class="num" style="text-align:right">${num(n, 0)}</span></div>`,
        )
        .join('')
    : '<div class="muted">No decision was blocked.</div>';
  const d = r.decisions;
  const rows: Array<[string, string, string?]> = [
    ['Decisions', num(d.total, 0)],
    ['Allowed', `${num(d.allowed, 0)} <span class="muted">(${num(d.total === 0 ? null : (d.allowed / d.total) * 100, 1, '%')})</span>`],
    ['Blocked', num(d.total - d.allowed, 0)],
    ['Circuit-breaker trips', num(r.breaker_trips, 0), r.breaker_trips > 0 ? 'down' : 'up'],
  ];
  return `<section id="gates"><h2>Decision pipeline <span>blocked decisions by layer</span></h2><div class="body">
<div class="bars">${bars}</div>
<div style="margin-top:14px">${rows.map(([k, v, cls]) => `<div class="stat-row"><span class="muted">${esc(k)}</span><span class="num ${cls ?? ''}">${v}</span></div>`).join('')}</div>
</div></section>`;
}

function tradesTable(r: BacktestReport, trades: readonly BacktestTrade[]): string {
  const shown = trades.slice(-MAX_TRADE_ROWS);
  const skipped = trades.length - shown.length;
  const rows = shown
    .map((t, i) => {
      const pnl = new Dec(t.pnl);
      const notional = new Dec(t.entryPrice).times(t.qty);
      const pct = notional.isZero() ? null : pnl.div(notional).times(100).toNumber();
      return `<tr><td class="r muted">${skipped + i + 1}</td><td>${esc(t.symbol)}</td><td class="num">${esc(utcMinute(t.entryTime))}</td><td class="num">${esc(utcMinute(t.exitTime))}</td><td class="r num muted">${esc(duration(t.exitTime - t.entryTime))}</td><td class="r num">${exact(t.entryPrice)}</td><td class="r num">${exact(t.exitPrice)}</td><td class="r num">${exact(t.qty)}</td><td class="r num ${tone(pnl.toNumber())}">${money(t.pnl, 2, true)}</td><td class="r num ${tone(pct)}">${num(pct, 2, '%', true)}</td><td class="r num muted">${money(t.fees, 4)}</td><td><span class="reason">${esc(t.exitReason)}</span></td><td class="muted mono">${esc(t.id)}</td></tr>`;
    })
    .join('');
  const note = skipped > 0 ? ` · the first ${num(skipped, 0)} are left out of this table (all are in the hash)` : '';
  return `<section id="trades"><h2>Trades <span>${num(trades.length, 0)} closed · pnl net of fees, ${esc(r.quote_asset)}${note}</span></h2>
<div class="scroll"><table><thead><tr><th class="r">#</th><th>Symbol</th><th>Entry (UTC)</th><th>Exit (UTC)</th><th class="r">Held</th><th class="r">Entry</th><th class="r">Exit</th><th class="r">Qty</th><th class="r">PnL</th><th class="r">PnL %</th><th class="r">Fees</th><th>Exit reason</th><th>Id</th></tr></thead>
<tbody>${rows || '<tr><td colspan="13" class="muted" style="text-align:center;padding:18px">No closed trades</td></tr>'}</tbody></table></div></section>`;
}

function hashBox(r: BacktestReport): string {
  return `<section id="hash"><h2>Trade hash <span>SHA-256 over every closed trade (${TRADE_HASH_HEADER})</span></h2><div class="body hashbox"><span class="hash" id="trade-hash">${esc(r.trade_hash)}</span><span class="muted">${num(r.trades.count, 0)} trades</span></div></section>`;
}

function footer(r: BacktestReport): string {
  return `<footer>Conventions: returns are daily from the equity curve at each UTC midnight, annualised over ${r.conventions.annualisation_days} days with a risk-free rate of ${r.conventions.risk_free_rate}. Sharpe uses the sample standard deviation; Sortino the downside deviation; Calmar = CAGR ÷ max drawdown. Exposure is the share of the period with at least one position open. PnL is net of fees. Money figures are exact decimals rounded for display.</footer>`;
}
