import type { BenchResult } from './bench-result';

/** 1,234,567 for big figures; one or two decimals where they still mean something. */
export function formatFigure(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  const digits = abs >= 1_000 ? 0 : abs >= 10 ? 1 : 2;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatRatio(r: number | undefined): string {
  return r === undefined ? '—' : `${formatFigure(r)}×`;
}

const pad = (s: string, width: number, right: boolean): string =>
  right ? s.padStart(width) : s.padEnd(width);

/**
 * The figures as an aligned text table: number, name, value, unit, baseline value, ratio
 * (value / baseline), target and PASS / MISS. Baseline names and notes follow, keyed by number.
 */
export function formatResults(results: readonly BenchResult[]): string {
  const header = ['#', 'figure', 'value', 'unit', 'baseline', 'ratio', 'target', ''];
  const rightAligned = [true, false, true, false, true, true, false, false];
  const rows = results.map((r, i) => [
    String(i + 1),
    r.name,
    formatFigure(r.value),
    r.unit,
    r.baseline ? formatFigure(r.baseline.value) : '—',
    formatRatio(r.ratio),
    r.target?.text ?? '',
    r.target ? (r.target.met ? 'PASS' : 'MISS') : '',
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] as string).length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => pad(cell, widths[c] as number, rightAligned[c] as boolean))
      .join('  ')
      .trimEnd();
  const table = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const notes = results.map((r, i) => {
    const parts = [r.baseline ? `baseline: ${r.baseline.name}` : null, r.note ?? null].filter(Boolean);
    return `[${i + 1}] ${r.name}${parts.length > 0 ? ` — ${parts.join('; ')}` : ''}`;
  });
  return [...table, '', ...notes].join('\n');
}
