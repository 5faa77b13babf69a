import { esc } from './escape';
import { num, utcDate, utcMinute } from './format';

/**
 * Hand-drawn SVG charts for the self-contained report: no script, no library, no network. Each
 * chart draws into a fixed viewBox and scales with the page.
 */
export interface XY {
  t: number;
  v: number;
}

export interface Marker {
  t: number;
  v: number;
  kind: 'entry' | 'exit-win' | 'exit-loss';
  title: string;
}

const W = 1000;
const PAD = { l: 64, r: 14, t: 12, b: 26 };

/** At most `max` points, keeping each bucket's lowest and highest so peaks and troughs survive. */
export function downsample(points: readonly XY[], max: number): XY[] {
  if (points.length <= max) return [...points];
  const buckets = Math.max(1, Math.floor(max / 2));
  const size = points.length / buckets;
  const out: XY[] = [];
  for (let b = 0; b < buckets; b++) {
    const slice = points.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    if (slice.length === 0) continue;
    let lo = slice[0]!;
    let hi = slice[0]!;
    for (const p of slice) {
      if (p.v < lo.v) lo = p;
      if (p.v > hi.v) hi = p;
    }
    if (lo === hi) out.push(lo);
    else out.push(...(lo.t <= hi.t ? [lo, hi] : [hi, lo]));
  }
  const last = points[points.length - 1]!;
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}

/** Round, readable steps for an axis: 1, 2, 2.5 or 5 × 10ⁿ. */
function niceTicks(lo: number, hi: number, count: number): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function timeTicks(from: number, to: number): Array<{ t: number; label: string }> {
  const span = to - from;
  const DAY = 86_400_000;
  const out: Array<{ t: number; label: string }> = [];
  if (span > 60 * DAY) {
    const d = new Date(from);
    const months = Math.round(span / (30 * DAY));
    const every = months > 24 ? 3 : months > 12 ? 2 : 1;
    for (let m = d.getUTCMonth() + 1, y = d.getUTCFullYear(); ; m += every) {
      const t = Date.UTC(y, m, 1);
      if (t > to) break;
      out.push({ t, label: new Date(t).toLocaleString('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' }) });
    }
    return out;
  }
  const step = span > 14 * DAY ? 7 * DAY : span > 3 * DAY ? DAY : span > DAY ? DAY / 4 : DAY / 12;
  for (let t = Math.ceil(from / step) * step; t <= to; t += step)
    out.push({ t, label: step >= DAY ? utcDate(t).slice(5) : utcMinute(t).slice(5) });
  return out;
}

interface Frame {
  x(t: number): number;
  y(v: number): number;
  height: number;
  lo: number;
  hi: number;
}

function frame(from: number, to: number, lo: number, hi: number, height: number): Frame {
  const span = to - from || 1;
  const range = hi - lo || 1;
  return {
    x: (t) => PAD.l + ((t - from) / span) * (W - PAD.l - PAD.r),
    y: (v) => PAD.t + (1 - (v - lo) / range) * (height - PAD.t - PAD.b),
    height,
    lo,
    hi,
  };
}

function axes(f: Frame, from: number, to: number, fmt: (v: number) => string): string {
  const parts: string[] = [];
  for (const v of niceTicks(f.lo, f.hi, 4)) {
    const y = f.y(v).toFixed(1);
    parts.push(`<line class="grid" x1="${PAD.l}" x2="${W - PAD.r}" y1="${y}" y2="${y}"/>`);
    parts.push(`<text class="axis" x="${PAD.l - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${esc(fmt(v))}</text>`);
  }
  const ticks = timeTicks(from, to);
  const every = Math.max(1, Math.ceil(ticks.length / 12));
  ticks.forEach((tk, i) => {
    // A label hard against the right edge would be cut in half.
    if (i % every !== 0 || f.x(tk.t) > W - PAD.r - 24) return;
    const x = f.x(tk.t).toFixed(1);
    parts.push(`<line class="grid faint" x1="${x}" x2="${x}" y1="${PAD.t}" y2="${f.height - PAD.b}"/>`);
    parts.push(`<text class="axis" x="${x}" y="${f.height - 8}" text-anchor="middle">${esc(tk.label)}</text>`);
  });
  return parts.join('');
}

const pathOf = (f: Frame, pts: readonly XY[]): string =>
  pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${f.x(p.t).toFixed(1)},${f.y(p.v).toFixed(1)}`).join('');

function bounds(values: number[], includeZero = false): [number, number] {
  let lo = Math.min(...values, ...(includeZero ? [0] : []));
  let hi = Math.max(...values, ...(includeZero ? [0] : []));
  if (lo === hi) {
    lo -= Math.abs(lo) * 0.01 || 1;
    hi += Math.abs(hi) * 0.01 || 1;
  }
  const pad = (hi - lo) * 0.06;
  return [includeZero && lo === 0 ? 0 : lo - pad, hi + pad];
}

const svg = (id: string, height: number, label: string, body: string): string =>
  `<svg class="chart" id="${esc(id)}" viewBox="0 0 ${W} ${height}" role="img" aria-label="${esc(label)}">${body}</svg>`;

const empty = (id: string, height: number, label: string, text: string): string =>
  svg(id, height, label, `<text class="axis" x="${W / 2}" y="${height / 2}" text-anchor="middle">${esc(text)}</text>`);

/** The equity curve with a dashed line at the start balance and a soft fill beneath. */
export function equityChart(pts: readonly XY[], from: number, to: number, start: number): string {
  const height = 280;
  if (pts.length < 2) return empty('equity-chart', height, 'Equity curve', 'No equity samples');
  const data = downsample(pts, 1_600);
  const [lo, hi] = bounds([...data.map((p) => p.v), start]);
  const f = frame(from, to, lo, hi, height);
  const line = pathOf(f, data);
  const base = f.y(lo).toFixed(1);
  const area = `${line}L${f.x(data[data.length - 1]!.t).toFixed(1)},${base}L${f.x(data[0]!.t).toFixed(1)},${base}Z`;
  const sy = f.y(start).toFixed(1);
  return svg(
    'equity-chart',
    height,
    'Equity curve',
    `<defs><linearGradient id="eq-fill" x1="0" x2="0" y1="0" y2="1"><stop offset="0" stop-color="#4aa3ff" stop-opacity="0.28"/><stop offset="1" stop-color="#4aa3ff" stop-opacity="0"/></linearGradient></defs>` +
      axes(f, from, to, (v) => num(v, v >= 1000 ? 0 : 2)) +
      `<line class="baseline" x1="${PAD.l}" x2="${W - PAD.r}" y1="${sy}" y2="${sy}"/>` +
      `<path d="${area}" fill="url(#eq-fill)"/><path class="line accent" d="${line}"/>`,
  );
}

/** Drawdown below the running peak, in %, hanging from zero. */
export function drawdownChart(pts: readonly XY[], from: number, to: number): string {
  const height = 170;
  if (pts.length < 2) return empty('drawdown-chart', height, 'Drawdown', 'No equity samples');
  const data = downsample(pts.map((p) => ({ t: p.t, v: -p.v })), 1_600);
  const deepest = Math.min(...data.map((p) => p.v));
  const f = frame(from, to, deepest === 0 ? -1 : deepest * 1.08, 0, height);
  const line = pathOf(f, data);
  const zero = f.y(0).toFixed(1);
  const area = `${line}L${f.x(data[data.length - 1]!.t).toFixed(1)},${zero}L${f.x(data[0]!.t).toFixed(1)},${zero}Z`;
  return svg(
    'drawdown-chart',
    height,
    'Drawdown',
    axes(f, from, to, (v) => `${num(v, Math.abs(v) < 10 ? 1 : 0)}%`) +
      `<path d="${area}" class="dd-fill"/><path class="line down" d="${line}"/>`,
  );
}

/** Closing prices of one symbol with each trade's entry (▲) and exit (●, green won, red lost). */
export function priceChart(id: string, symbol: string, pts: readonly XY[], markers: readonly Marker[], from: number, to: number): string {
  const height = 240;
  if (pts.length < 2) return empty(id, height, `${symbol} price`, `No prices for ${symbol}`);
  const data = downsample(pts, 1_600);
  const [lo, hi] = bounds([...data.map((p) => p.v), ...markers.map((m) => m.v)]);
  const f = frame(from, to, lo, hi, height);
  // Smaller marks when a year of trades crowds the chart.
  const size = markers.length > 300 ? 0.7 : 1;
  const marks = markers
    .map((m) => {
      const x = f.x(m.t).toFixed(1);
      const y = f.y(m.v);
      const title = `<title>${esc(m.title)}</title>`;
      if (m.kind === 'entry')
        return `<path class="mk-entry" d="M${x},${(y - 5 * size).toFixed(1)}l${(4.5 * size).toFixed(2)},${(8 * size).toFixed(2)}h${(-9 * size).toFixed(2)}z">${title}</path>`;
      return `<circle class="${m.kind === 'exit-win' ? 'mk-win' : 'mk-loss'}" cx="${x}" cy="${y.toFixed(1)}" r="${(3.2 * size).toFixed(2)}">${title}</circle>`;
    })
    .join('');
  return svg(
    id,
    height,
    `${symbol} price with trades`,
    axes(f, from, to, (v) => num(v, v >= 1000 ? 0 : v >= 10 ? 2 : 4)) + `<path class="line price" d="${pathOf(f, data)}"/>` + marks,
  );
}
